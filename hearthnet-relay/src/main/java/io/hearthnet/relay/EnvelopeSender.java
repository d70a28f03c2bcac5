package io.hearthnet.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** Drops an envelope into its addressee's mailbox, retrying a full mailbox until {@code deadline}. */
interface EnvelopeSender {
    /**
     * Returns once the hub stored the envelope.
     *
     * @throws io.hearthnet.api.HearthNetException {@code timeout} at the deadline, {@code partition}
     *         when the hub or the addressee cannot be reached
     */
    void post(ObjectNode envelope, Instant deadline);

    /**
     * As {@link #post} without waiting: the future completes once the hub stored the envelope, or
     * fails as {@link #post} would throw. Cancelling it gives the envelope up if it is not sent yet.
     */
    CompletableFuture<Void> postAsync(ObjectNode envelope, Instant deadline);
}
