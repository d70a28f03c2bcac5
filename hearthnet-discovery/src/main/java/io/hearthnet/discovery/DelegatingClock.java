package io.hearthnet.discovery;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A clock that reads another, settable one: the peer registry outlives node restarts, and its time
 * comes from whichever node clock discovery runs with.
 */
final class DelegatingClock extends Clock {
    private volatile Clock target;

    DelegatingClock(Clock target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    void target(Clock clock) {
        this.target = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Instant instant() {
        return target.instant();
    }

    @Override
    public long millis() {
        return target.millis();
    }

    @Override
    public ZoneId getZone() {
        return target.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return target.withZone(zone);
    }
}
