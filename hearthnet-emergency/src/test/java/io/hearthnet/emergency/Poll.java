package io.hearthnet.emergency;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling for conditions that depend on real sockets and threads. */
final class Poll {
    private Poll() {}

    /** Returns once {@code condition} holds; fails with {@code what} when it has not by the deadline. */
    static void until(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
            }
            Thread.sleep(5);
        }
    }

    /** Waits at most 5 s for a test server thread to end; fails when it does not. */
    static void join(Thread thread) {
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping " + thread.getName(), e);
        }
        if (thread.isAlive()) {
            throw new IllegalStateException(thread.getName() + " did not stop within 5 s");
        }
    }
}
