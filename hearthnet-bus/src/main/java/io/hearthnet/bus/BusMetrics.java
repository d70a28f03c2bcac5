package io.hearthnet.bus;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and latency histograms of the bus: calls by capability and result, latency buckets by
 * capability, quarantines and capacity rejections. Cheap to update on the hot path.
 */
final class BusMetrics {
    /** Upper bounds of the latency buckets, in seconds (Prometheus convention). */
    static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    private final Map<String, Map<String, LongAdder>> calls = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
    final LongAdder quarantines = new LongAdder();
    final LongAdder capacityRejections = new LongAdder();

    /** A latency histogram of one capability. */
    static final class Histogram {
        final LongAdder[] buckets = new LongAdder[BUCKETS.length];
        final LongAdder count = new LongAdder();
        final LongAdder sumMicros = new LongAdder();

        Histogram() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void observe(long micros) {
            double seconds = micros / 1_000_000.0;
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    buckets[i].increment();
                    break;
                }
            }
            count.increment();
            sumMicros.add(micros);
        }
    }

    void record(String capability, String result, long latencyMicros) {
        calls.computeIfAbsent(capability, c -> new ConcurrentHashMap<>())
                .computeIfAbsent(result, r -> new LongAdder()).increment();
        latency.computeIfAbsent(capability, c -> new Histogram()).observe(latencyMicros);
    }

    Map<String, Map<String, LongAdder>> calls() {
        return calls;
    }

    Map<String, Histogram> latency() {
        return latency;
    }
}
