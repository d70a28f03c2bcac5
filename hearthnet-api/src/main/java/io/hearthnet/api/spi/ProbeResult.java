package io.hearthnet.api.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one probe run.
 *
 * @param target  what was probed
 * @param success whether it answered
 * @param latency how long it took
 * @param detail  why it failed, empty on success
 */
public record ProbeResult(String target, boolean success, Duration latency, String detail) {
    /** Checks every component is present. */
    public ProbeResult {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(detail, "detail");
    }
}
