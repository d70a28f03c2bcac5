package io.hearthnet.relay;

import java.util.Objects;

/**
 * An envelope waiting in a mailbox.
 *
 * @param seq    hub-wide queue position, also its key in the store
 * @param id     the sender's envelope id
 * @param sender the sending node's id text
 * @param bytes  the envelope exactly as sent
 */
record QueuedEnvelope(long seq, String id, String sender, byte[] bytes) {
    QueuedEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(bytes, "bytes");
    }
}
