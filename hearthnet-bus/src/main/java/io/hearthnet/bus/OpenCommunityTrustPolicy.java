package io.hearthnet.bus;

import io.hearthnet.api.TrustLevel;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.spi.TrustPolicy;
import java.util.Objects;

/**
 * An open community: every node whose calls verify and who names the same community is a member;
 * this node itself is its own anchor. Nobody is revoked. The default policy.
 */
public final class OpenCommunityTrustPolicy implements TrustPolicy {
    private final NodeId self;
    private final String communityId;

    /** An open community {@code communityId} seen from {@code self}. */
    public OpenCommunityTrustPolicy(NodeId self, String communityId) {
        this.self = Objects.requireNonNull(self, "self");
        this.communityId = Objects.requireNonNull(communityId, "communityId");
    }

    @Override
    public TrustLevel levelOf(NodeId node, String community) {
        if (node.equals(self)) {
            return TrustLevel.ANCHOR;
        }
        return communityId.equals(community) ? TrustLevel.MEMBER : TrustLevel.UNKNOWN;
    }

    @Override
    public boolean isRevoked(NodeId node) {
        return false;
    }
}
