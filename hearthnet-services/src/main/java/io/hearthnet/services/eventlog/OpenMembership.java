package io.hearthnet.services.eventlog;

import io.hearthnet.api.TrustLevel;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.spi.TrustPolicy;
import java.util.Objects;

/**
 * The services' default view of membership: every node of the community is a member, nobody is
 * trusted beyond that (so only authors may undo their own posts), nobody is revoked. A host app
 * with a roster passes the same {@link TrustPolicy} it gives its node instead.
 */
public final class OpenMembership implements TrustPolicy {
    private final String communityId;

    /** An open community {@code communityId}. */
    public OpenMembership(String communityId) {
        this.communityId = Objects.requireNonNull(communityId, "communityId");
    }

    @Override
    public TrustLevel levelOf(NodeId node, String community) {
        return communityId.equals(community) ? TrustLevel.MEMBER : TrustLevel.UNKNOWN;
    }

    @Override
    public boolean isRevoked(NodeId node) {
        return false;
    }
}
