package io.hearthnet.relay;

import io.hearthnet.api.identity.NodeId;

/**
 * Hears about the hub roster as the relay transport learns it: a member with a fresh verified
 * manifest (on every roster refresh, so a listener can keep the peer fresh), and a member that
 * left or expired. Called on the transport's threads; must not block.
 */
public interface RosterListener {
    /** {@code peer} is on the roster with this manifest. */
    void peerUpdated(RelayPeer peer);

    /** {@code node} left the roster. */
    void peerRemoved(NodeId node);
}
