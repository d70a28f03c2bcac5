package io.hearthnet.discovery;

import java.util.Objects;

/**
 * A change in a {@link PeerRegistry}.
 *
 * @param kind what happened
 * @param peer the peer as it is now ({@link Kind#REMOVED}: as it was when removed)
 */
public record PeerEvent(Kind kind, Peer peer) {
    /** What happened to the peer. */
    public enum Kind {
        /** First verified. */
        ADDED,
        /** Verified again: a newer manifest or other endpoints. */
        UPDATED,
        /** Removed, pruned as stale, or evicted to stay within capacity. */
        REMOVED
    }

    /** Checks the components. */
    public PeerEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(peer, "peer");
    }
}
