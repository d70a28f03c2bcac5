package io.hearthnet.emergency;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of the clock sanity check: one HEAD to an anchor after 30 s online, comparing its
 * {@code Date} header with the local clock. The local clock is never changed.
 *
 * @param anchor    the URL asked
 * @param checkedAt local time when the answer came
 * @param skew      anchor time minus local time (positive: the local clock is behind); empty when
 *                  the anchor gave no usable {@code Date}
 * @param warning   whether the skew is beyond the limit (60 s), so a warning was logged
 * @param detail    why no skew was measured; empty when it was
 */
public record ClockCheck(String anchor, Instant checkedAt, Optional<Duration> skew, boolean warning, String detail) {
    /** Checks every component is present. */
    public ClockCheck {
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(checkedAt, "checkedAt");
        Objects.requireNonNull(skew, "skew");
        Objects.requireNonNull(detail, "detail");
    }
}
