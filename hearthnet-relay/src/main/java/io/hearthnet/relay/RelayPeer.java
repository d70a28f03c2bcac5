package io.hearthnet.relay;

import io.hearthnet.api.Endpoint;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.manifest.NodeManifest;
import java.util.Objects;

/**
 * A member of the relay transport's hub roster, as the node should know it: its verified
 * manifest and the relay endpoint the bus reaches it at.
 *
 * @param node     the member
 * @param manifest its manifest, signature and expiry checked
 * @param endpoint {@code relay://<hub host:port>/<node key>}
 */
public record RelayPeer(NodeId node, NodeManifest manifest, Endpoint endpoint) {
    /** Checks every component is present and the manifest is the member's. */
    public RelayPeer {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(endpoint, "endpoint");
        if (!manifest.nodeId().equals(node)) {
            throw new IllegalArgumentException("the manifest is " + manifest.nodeId() + "'s, not " + node + "'s");
        }
    }
}
