package io.hearthnet.discovery;

import io.hearthnet.api.Endpoint;
import io.hearthnet.api.identity.NodeId;
import java.util.Objects;

/**
 * An unverified hint that a node exists: what an mDNS record or a UDP announcement claimed.
 * Nothing is routed on a sighting; it only says where to fetch a manifest.
 *
 * @param channel     where it was heard
 * @param node        the node it claims to be
 * @param communityId the community it claims
 * @param endpoint    where its manifest should be
 * @param fingerprint the announcement's content; a change means the peer changed
 */
record Sighting(Channel channel, NodeId node, String communityId, Endpoint endpoint, String fingerprint) {
    Sighting {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(communityId, "communityId");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
