package io.hearthnet.relay;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with jitter: the n-th consecutive failure waits a random time between
 * half and all of {@code min × 2^(n-1)}, never more than {@code max}. Not thread-safe.
 */
final class Backoff {
    private final long minMillis;
    private final long maxMillis;
    private final DoubleSupplier random;
    private int failures;

    /** {@code random} yields values in [0, 1). */
    Backoff(Duration min, Duration max, DoubleSupplier random) {
        this.minMillis = min.toMillis();
        this.maxMillis = Math.max(minMillis, max.toMillis());
        this.random = random;
    }

    /** The delay before the next attempt after one more failure. */
    Duration next() {
        failures = Math.min(failures + 1, 62);
        long ceiling = minMillis;
        for (int i = 1; i < failures && ceiling < maxMillis; i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, maxMillis);
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (ceiling - half)));
    }

    /** A success: the next failure starts from {@code min} again. */
    void reset() {
        failures = 0;
    }

    int failures() {
        return failures;
    }
}
