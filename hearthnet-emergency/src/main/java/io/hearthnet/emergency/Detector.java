package io.hearthnet.emergency;

import io.hearthnet.api.spi.Probe;
import io.hearthnet.api.spi.ProbeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one probe round: every probe at once on a bounded pool, each given the timeout. A probe
 * that has not answered by then is cancelled and counts as failed, as does one that cannot start
 * because the pool is still busy with earlier, stuck probes.
 */
final class Detector {
    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);

    private final List<Probe> probes;
    private final Duration timeout;
    private final ExecutorService pool;

    Detector(List<Probe> probes, Duration timeout, ExecutorService pool) {
        this.probes = List.copyOf(probes);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    List<Probe> probes() {
        return probes;
    }

    /** One round; results in probe order, keyed by target. Interrupting the caller cancels the round. */
    Map<String, ProbeResult> probeAll() throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        List<Future<ProbeResult>> futures = new ArrayList<>(probes.size());
        for (Probe probe : probes) {
            Future<ProbeResult> f;
            try {
                f = pool.submit(() -> probe.run(timeout));
            } catch (RejectedExecutionException e) {
                f = null;
            }
            futures.add(f);
        }
        Map<String, ProbeResult> results = new LinkedHashMap<>();
        try {
            for (int i = 0; i < probes.size(); i++) {
                Probe probe = probes.get(i);
                results.put(probe.target(), collect(probe, futures.get(i), start, deadline));
            }
        } finally {
            for (Future<ProbeResult> f : futures) {
                if (f != null) {
                    f.cancel(true);
                }
            }
        }
        return results;
    }

    private ProbeResult collect(Probe probe, Future<ProbeResult> future, long start, long deadline)
            throws InterruptedException {
        if (future == null) {
            return Probes.failure(probe.target(), start, "not started: the probe pool is busy with earlier probes");
        }
        try {
            ProbeResult r = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (r == null) {
                return Probes.failure(probe.target(), start, "the probe returned no result");
            }
            return r.target().equals(probe.target()) ? r
                    : new ProbeResult(probe.target(), r.success(), r.latency(), r.detail());
        } catch (TimeoutException e) {
            future.cancel(true);
            return Probes.failure(probe.target(), start, "no answer within " + timeout.toMillis() + " ms");
        } catch (CancellationException e) {
            return Probes.failure(probe.target(), start, "cancelled");
        } catch (ExecutionException e) {
            LOG.warn("probe {} threw instead of reporting a failure", probe.target(), e.getCause());
            return Probes.failure(probe.target(), start, Probes.describe(e.getCause()));
        }
    }
}
