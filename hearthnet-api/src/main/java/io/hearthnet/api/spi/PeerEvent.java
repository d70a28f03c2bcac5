package io.hearthnet.api.spi;

import io.hearthnet.api.identity.NodeId;
import java.util.Objects;

/**
 * A peer became reachable (its first capability appeared on this node's bus) or went away (its last
 * one left).
 *
 * @param node the peer
 * @param kind what happened
 */
public record PeerEvent(NodeId node, Kind kind) {
    /** Checks both components are present. */
    public PeerEvent {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(kind, "kind");
    }

    /** What happened to the peer. */
    public enum Kind {
        /** The peer appeared. */
        APPEARED,
        /** The peer is gone. */
        GONE
    }
}
