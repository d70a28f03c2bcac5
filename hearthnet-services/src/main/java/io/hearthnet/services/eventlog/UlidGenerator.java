package io.hearthnet.services.eventlog;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Random;

/**
 * Makes ULIDs from an injected clock and random source. Monotonic: within one millisecond, or if
 * the clock steps back, the next id is the previous one plus one, so ids from one generator sort
 * in the order they were made. Thread-safe.
 */
public final class UlidGenerator {
    private final Clock clock;
    private final Random random;
    private long lastMillis = -1;
    private int lastHigh;
    private long lastLow;

    /** A generator on {@code clock} with a {@link SecureRandom}. */
    public UlidGenerator(Clock clock) {
        this(clock, new SecureRandom());
    }

    /** A generator on {@code clock} with {@code random} (tests pass a seeded one). */
    public UlidGenerator(Clock clock, Random random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The next ULID. */
    public synchronized Ulid next() {
        long now = Math.min(Math.max(clock.millis(), 0), Ulid.MAX_MILLIS);
        if (now > lastMillis) {
            lastMillis = now;
            lastHigh = random.nextInt() & 0xFFFF;
            lastLow = random.nextLong();
        } else if (++lastLow == 0 && ++lastHigh > 0xFFFF) {
            lastMillis++;
            lastHigh = 0;
        }
        return Ulid.of(lastMillis, lastHigh, lastLow);
    }
}
