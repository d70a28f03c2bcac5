package io.hearthnet.discovery;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Bounded polling: checks a condition every few milliseconds until it holds or the deadline passes. */
final class Await {
    private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

    private Await() {}

    /** Polls {@code condition} until it holds; fails the test after {@code timeout}. Returns the time it took. */
    static Duration until(String what, Duration timeout, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
