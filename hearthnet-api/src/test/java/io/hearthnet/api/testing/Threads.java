package io.hearthnet.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Bounded waiting for concurrency tests: polling with a deadline and latches, never sleeping. */
public final class Threads {
    /** How long any wait in a test may take before the test fails. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int SPINS = 200;
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private Threads() {}

    /**
     * Polls {@code condition} until it holds; fails the test after {@link #TIMEOUT}. Spins for the
     * first few polls, then parks a millisecond between polls so the code under test keeps the CPU.
     */
    public static void awaitTrue(String what, BooleanSupplier condition) {
        awaitTrue(what, TIMEOUT, condition);
    }

    /** {@link #awaitTrue(String, BooleanSupplier)} with a longer bound, for work across processes. */
    public static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int polls = 0; !condition.getAsBoolean(); polls++) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            if (polls < SPINS) {
                Thread.onSpinWait();
                Thread.yield();
            } else {
                LockSupport.parkNanos(PAUSE_NANOS);
            }
        }
    }

    /** Waits until {@code thread} is in {@code state} (e.g. WAITING: parked on a condition). */
    public static void awaitState(Thread thread, Thread.State state) {
        awaitTrue(thread.getName() + " to be " + state + " (it is " + thread.getState() + ")",
                () -> thread.getState() == state);
    }

    /** Waits for the latch; fails the test after {@link #TIMEOUT}. */
    public static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("latch released in time").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits for {@code thread} to end; fails the test after {@link #TIMEOUT}. */
    public static void join(Thread thread) {
        try {
            thread.join(TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        assertThat(thread.isAlive()).as("%s ended in time", thread.getName()).isFalse();
    }

    /**
     * A started daemon thread running {@code body}; whatever it throws (or null when it returns) is
     * stored in {@code outcome} before the thread ends.
     */
    public static Thread start(String name, AtomicReference<Throwable> outcome, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
