package io.hearthnet.emergency;

import java.time.Duration;
import java.util.Objects;

/**
 * The timing rules of the state machine.
 *
 * @param recoverAfter      how long every probe must pass before the mode improves (the debounce)
 * @param offlineAfter      how long probes must fail continuously to count towards offline
 * @param offlineMinFailing how many probes must fail that long for offline
 * @param flapLimit         transitions within {@code flapWindow} after which the mode only worsens
 * @param flapWindow        the anti-flap window
 */
record StateRules(Duration recoverAfter, Duration offlineAfter, int offlineMinFailing, int flapLimit, Duration flapWindow) {
    /** The spec's rules: 10 s to recover, 2 probes failing for 30 s for offline, more than 3 transitions in 60 s hold. */
    static final StateRules DEFAULTS = new StateRules(Duration.ofSeconds(10), Duration.ofSeconds(30), 2, 3, Duration.ofSeconds(60));

    StateRules {
        Objects.requireNonNull(recoverAfter, "recoverAfter");
        Objects.requireNonNull(offlineAfter, "offlineAfter");
        Objects.requireNonNull(flapWindow, "flapWindow");
        if (offlineMinFailing < 1 || flapLimit < 1) {
            throw new IllegalArgumentException("offlineMinFailing and flapLimit must be at least 1");
        }
    }
}
