package io.hearthnet.relay;

import java.util.List;

/** Writes one poll's response; the hub deletes the envelopes only when this returns true. */
@FunctionalInterface
interface PollResponder {
    /** Writes {@code batch} (possibly empty) as the poll's response; false if it could not be written. Never throws. */
    boolean write(List<QueuedEnvelope> batch);
}
