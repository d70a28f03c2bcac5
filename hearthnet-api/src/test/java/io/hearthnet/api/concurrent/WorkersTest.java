package io.hearthnet.api.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** {@link Workers#stop}: what it promises about tasks and threads when it returns. */
class WorkersTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A task that swallows interrupts until {@code release} is set. */
    private static void ignoreInterruptsUntil(CountDownLatch running, AtomicBoolean release) {
        running.countDown();
        while (!release.get()) {
            Thread.interrupted();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private static List<String> alive(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(prefix + "-")).toList();
    }

    /**
     * A pool counts as terminated while its last worker is still on its way out; stop joins the
     * workers, so no thread of the pool is alive when it returns. Repeated because the gap is short.
     */
    @Test
    void when_stop_returns_true_no_thread_of_the_pool_is_alive() throws Exception {
        for (int round = 0; round < 300; round++) {
            String prefix = "workers-test-" + round;
            ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16),
                    Workers.daemonThreads(prefix));
            CountDownLatch running = new CountDownLatch(4);
            for (int i = 0; i < 4; i++) {
                pool.execute(() -> {
                    running.countDown();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(Workers.stop(pool, WAIT, "test pool " + round)).isTrue();

            assertThat(alive(prefix)).as("round %d", round).isEmpty();
        }
    }

    @Test
    void stop_cancels_what_was_still_waiting_so_nobody_waits_on_it_forever() throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4),
                Workers.daemonThreads("workers-test-queue"));
        CountDownLatch running = new CountDownLatch(1);
        Future<?> first = pool.submit(() -> {
            running.countDown();
            new CountDownLatch(1).await();
            return null;
        });
        Future<?> waiting = pool.submit(() -> "never run");
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(Workers.stop(pool, WAIT, "test pool")).isTrue();

        assertThat(waiting.isCancelled()).isTrue();
        assertThat(first.isDone()).as("the running task was interrupted").isTrue();
    }

    @Test
    void a_task_that_ignores_the_interrupt_makes_stop_give_up_after_the_wait_and_say_so() throws Exception {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, Workers.daemonThreads("workers-test-stuck"));
        AtomicBoolean release = new AtomicBoolean();
        CountDownLatch running = new CountDownLatch(1);
        pool.execute(() -> ignoreInterruptsUntil(running, release));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            long begin = System.nanoTime();
            assertThat(Workers.stop(pool, Duration.ofMillis(200), "stuck test pool")).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - begin)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        } finally {
            release.set(true);
        }
        assertThat(Workers.stop(pool, WAIT, "released test pool")).isTrue();
        assertThat(alive("workers-test-stuck")).isEmpty();
    }

    @Test
    void an_interrupted_stopper_gives_up_at_once_and_keeps_its_interrupt() throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1),
                Workers.daemonThreads("workers-test-interrupted"));
        AtomicBoolean release = new AtomicBoolean();
        CountDownLatch running = new CountDownLatch(1);
        pool.execute(() -> ignoreInterruptsUntil(running, release));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            Thread.currentThread().interrupt();
            assertThat(Workers.stop(pool, WAIT, "test pool")).isFalse();
            assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
        } finally {
            release.set(true);
        }
        assertThat(Workers.stop(pool, WAIT, "released test pool")).isTrue();
    }
}
