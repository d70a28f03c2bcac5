package io.hearthnet.bus;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Health of one (node, capability) entry: a ring of the last outcomes with their latencies, the
 * derived p50, p99 and success rate, and the quarantine state. Constant memory per entry.
 */
final class Health {
    private final BusConfig config;
    private final boolean[] ok;
    private final long[] latencyMicros;
    private final long[] scratch;
    private volatile int size;
    private int next;
    private int offences;
    private volatile double successRate = 1.0;
    private volatile double p50Millis = -1;
    private volatile double p99Millis = -1;
    private volatile long quarantinedUntilMillis;
    private final AtomicBoolean probeOutstanding = new AtomicBoolean();

    Health(BusConfig config) {
        this.config = config;
        this.ok = new boolean[config.healthWindow()];
        this.latencyMicros = new long[config.healthWindow()];
        this.scratch = new long[config.healthWindow()];
    }

    /** Success rate over the window; 1 when there are no samples yet. */
    double successRate() {
        return successRate;
    }

    /** Median latency in ms, or -1 when unknown. */
    double p50Millis() {
        return p50Millis;
    }

    /** 99th percentile latency in ms, or -1 when unknown. */
    double p99Millis() {
        return p99Millis;
    }

    int samples() {
        return size;
    }

    /** Whether the entry is quarantined at {@code nowMillis} (a due probe still counts as quarantined). */
    boolean isQuarantined(long nowMillis) {
        long until = quarantinedUntilMillis;
        return until != 0 && (nowMillis < until || probeOutstanding.get());
    }

    long quarantinedUntilMillis() {
        return quarantinedUntilMillis;
    }

    /**
     * Whether a call may go to this entry now, without claiming a probe: false while the quarantine
     * period runs or while its one probe call is out.
     */
    boolean mayRoute(long nowMillis) {
        long until = quarantinedUntilMillis;
        return until == 0 || (nowMillis >= until && !probeOutstanding.get());
    }

    /**
     * Claims the call about to be made: always true for a healthy entry; for an entry whose
     * quarantine is over, true for exactly one caller (the probe) until its outcome is recorded.
     */
    boolean claim(long nowMillis) {
        long until = quarantinedUntilMillis;
        if (until == 0) {
            return true;
        }
        return nowMillis >= until && probeOutstanding.compareAndSet(false, true);
    }

    /** Gives back a claimed probe that was never sent. */
    void releaseProbe() {
        probeOutstanding.set(false);
    }

    /**
     * Records one outcome. Returns true when this outcome put the entry into quarantine.
     */
    synchronized boolean record(boolean success, long latencyMicros, long nowMillis) {
        if (quarantinedUntilMillis != 0 && probeOutstanding.get()) {
            probeOutstanding.set(false);
            if (success) {
                quarantinedUntilMillis = 0;
                size = 0;
                next = 0;
                add(true, latencyMicros);
                return false;
            }
            quarantine(nowMillis);
            return true;
        }
        add(success, latencyMicros);
        if (quarantinedUntilMillis == 0 && size >= config.quarantineMinSamples() && successRate < config.quarantineThreshold()) {
            quarantine(nowMillis);
            return true;
        }
        return false;
    }

    private void quarantine(long nowMillis) {
        offences++;
        long base = config.quarantinePeriod().toMillis();
        long max = config.maxQuarantinePeriod().toMillis();
        long period = offences > 30 ? max : Math.min(max, base << (offences - 1));
        quarantinedUntilMillis = nowMillis + Math.max(1, period);
    }

    private void add(boolean success, long micros) {
        ok[next] = success;
        latencyMicros[next] = micros;
        next = (next + 1) % ok.length;
        if (size < ok.length) {
            size++;
        }
        int good = 0;
        for (int i = 0; i < size; i++) {
            if (ok[i]) {
                good++;
            }
            scratch[i] = latencyMicros[i];
        }
        Arrays.sort(scratch, 0, size);
        successRate = (double) good / size;
        p50Millis = scratch[(size - 1) / 2] / 1000.0;
        p99Millis = scratch[Math.min(size - 1, (int) Math.ceil(size * 0.99) - 1)] / 1000.0;
    }

    int offences() {
        return offences;
    }
}
