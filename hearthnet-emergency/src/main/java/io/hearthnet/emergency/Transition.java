package io.hearthnet.emergency;

import io.hearthnet.api.spi.Connectivity;
import java.time.Instant;

/** One change of mode, with what caused it. */
record Transition(Connectivity from, Connectivity to, Instant at, String reason) {
    /** Whether the new mode is better than the old one (fewer failures assumed). */
    boolean optimistic() {
        return to.ordinal() < from.ordinal();
    }
}
