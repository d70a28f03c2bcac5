package io.hearthnet.emergency;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.api.spi.Probe;
import io.hearthnet.api.spi.ProbeResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DetectorTest {
    private ThreadPoolExecutor pool = Threads.bounded("test-probe", 3, 3);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        assertThat(io.hearthnet.api.concurrent.Workers.stop(pool, Duration.ofSeconds(5), "test pool")).isTrue();
    }

    private static Probe probe(String target, Function<Duration, ProbeResult> body) {
        return new Probe() {
            @Override
            public String target() {
                return target;
            }

            @Override
            public ProbeResult run(Duration timeout) {
                return body.apply(timeout);
            }
        };
    }

    private static ProbeResult ok(String target) {
        return new ProbeResult(target, true, Duration.ZERO, "");
    }

    @Test
    void runs_every_probe_at_once() throws Exception {
        CountDownLatch allStarted = new CountDownLatch(3);
        Function<String, Probe> meeting = name -> probe(name, timeout -> {
            allStarted.countDown();
            try {
                return new ProbeResult(name, allStarted.await(timeout.toMillis(), TimeUnit.MILLISECONDS), Duration.ZERO, "");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new ProbeResult(name, false, Duration.ZERO, "interrupted");
            }
        });
        Detector detector = new Detector(List.of(meeting.apply("a"), meeting.apply("b"), meeting.apply("c")),
                Duration.ofSeconds(10), pool);
        Map<String, ProbeResult> results = detector.probeAll();
        assertThat(results).containsOnlyKeys("a", "b", "c");
        assertThat(results.values()).as("each probe waited for the other two").allMatch(ProbeResult::success);
    }

    @Test
    void a_probe_past_the_timeout_fails_and_is_interrupted() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        Probe stuck = probe("stuck", timeout -> {
            try {
                release.await();
                return ok("stuck");
            } catch (InterruptedException e) {
                interrupted.countDown();
                return new ProbeResult("stuck", false, Duration.ZERO, "interrupted");
            }
        });
        // Long enough that "fine" passes on a loaded machine; the stuck probe waits it out either way.
        Detector detector = new Detector(List.of(probe("fine", t -> ok("fine")), stuck), Duration.ofSeconds(2), pool);
        Map<String, ProbeResult> results = detector.probeAll();
        assertThat(results.get("fine").success()).isTrue();
        assertThat(results.get("stuck").success()).isFalse();
        assertThat(results.get("stuck").detail()).isEqualTo("no answer within 2000 ms");
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the stuck probe was interrupted").isTrue();
    }

    @Test
    void a_probe_that_breaks_its_contract_counts_as_failed() throws Exception {
        Detector detector = new Detector(List.of(
                probe("throws", t -> {
                    throw new IllegalStateException("boom");
                }),
                probe("null", t -> null),
                probe("renamed", t -> ok("something-else"))), Duration.ofSeconds(5), pool);
        Map<String, ProbeResult> results = detector.probeAll();
        assertThat(results.get("throws").success()).isFalse();
        assertThat(results.get("throws").detail()).isEqualTo("IllegalStateException: boom");
        assertThat(results.get("null").detail()).isEqualTo("the probe returned no result");
        assertThat(results.get("renamed").target()).as("results are keyed by the probe's own target").isEqualTo("renamed");
        assertThat(results.get("renamed").success()).isTrue();
    }

    @Test
    void a_pool_still_busy_with_stuck_probes_refuses_new_ones() throws Exception {
        pool.shutdownNow();
        pool = Threads.bounded("test-probe", 1, 1);
        Probe deaf = probe("deaf", timeout -> {
            while (true) {
                try {
                    release.await();
                    return ok("deaf");
                } catch (InterruptedException ignoredOnPurpose) {
                    // this probe plays one that ignores interruption; the test releases it at the end
                }
            }
        });
        Detector detector = new Detector(List.of(deaf), Duration.ofMillis(50), pool);
        assertThat(detector.probeAll().get("deaf").detail()).isEqualTo("no answer within 50 ms");
        assertThat(detector.probeAll().get("deaf").detail()).as("queued behind the stuck one").isEqualTo("no answer within 50 ms");
        assertThat(detector.probeAll().get("deaf").detail()).isEqualTo("not started: the probe pool is busy with earlier probes");
    }

    @Test
    void interrupting_the_caller_cancels_the_round() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Probe slow = probe("slow", timeout -> {
            started.countDown();
            try {
                release.await();
                return ok("slow");
            } catch (InterruptedException e) {
                interrupted.countDown();
                return new ProbeResult("slow", false, Duration.ZERO, "interrupted");
            }
        });
        Detector detector = new Detector(List.of(slow), Duration.ofMinutes(5), pool);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                detector.probeAll();
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        caller.start();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.join(5_000);
        assertThat(caller.isAlive()).isFalse();
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the probe was cancelled with its round").isTrue();
    }
}
