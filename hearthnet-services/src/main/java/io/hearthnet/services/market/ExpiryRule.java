package io.hearthnet.services.market;

import io.hearthnet.api.TrustLevel;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.spi.TrustPolicy;

/**
 * Who may expire a post, applied the same way to a local {@code market.expire} call and to an
 * expire event received from another node: the poster, vouched for by its own node or by the node
 * that accepted the post; or a trusted member acting through its own node.
 */
final class ExpiryRule {
    private final TrustPolicy membership;
    private final String communityId;

    ExpiryRule(TrustPolicy membership, String communityId) {
        this.membership = membership;
        this.communityId = communityId;
    }

    /**
     * Whether an expire event signed by {@code eventAuthor} on behalf of {@code expiredBy} takes
     * effect on {@code post}.
     */
    boolean allows(Post post, NodeId eventAuthor, NodeId expiredBy) {
        if (expiredBy.equals(post.postedBy())) {
            return eventAuthor.equals(expiredBy) || eventAuthor.equals(post.author());
        }
        return eventAuthor.equals(expiredBy) && isTrusted(expiredBy);
    }

    boolean isTrusted(NodeId node) {
        return !membership.isRevoked(node) && membership.levelOf(node, communityId).atLeast(TrustLevel.TRUSTED);
    }
}
