package io.hearthnet.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** Drops an envelope into its addressee's mailbox, retrying a full mailbox until {@code deadline}. */
@FunctionalInterface
interface EnvelopeSender {
    /**
     * Returns once the hub stored the envelope.
     *
     * @throws io.hearthnet.api.HearthNetException {@code timeout} at the deadline, {@code partition}
     *         when the hub or the addressee cannot be reached
     */
    void post(ObjectNode envelope, Instant deadline);
}
