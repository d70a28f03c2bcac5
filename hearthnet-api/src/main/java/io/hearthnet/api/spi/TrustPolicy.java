package io.hearthnet.api.spi;

import io.hearthnet.api.TrustLevel;
import io.hearthnet.api.identity.NodeId;

/**
 * Decides how much this node trusts another: the bus checks the caller's level against each
 * capability's required level and refuses revoked callers.
 */
public interface TrustPolicy {
    /** The trust level of {@code node} in {@code communityId}. */
    TrustLevel levelOf(NodeId node, String communityId);

    /** Whether {@code node}'s membership has been revoked. */
    boolean isRevoked(NodeId node);
}
