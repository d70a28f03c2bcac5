package io.hearthnet.relay;

import io.hearthnet.api.identity.NodeId;
import java.time.Instant;

/** A member as the hub holds it in memory: identity, community, latest manifest, liveness, mailbox. */
final class HubMember {
    final NodeId id;
    final String community;
    final Instant joinedAt;
    final Mailbox mailbox;
    /** The latest signed manifest as JSON text, or null. */
    volatile String manifest;
    /** What of the manifest matters to peers (capabilities, endpoints, names), to spot real changes; null if unknown. */
    volatile String routable;
    volatile long lastSeenMillis;
    /** Set under the mailbox lock when the member leaves or expires. */
    boolean removed;

    HubMember(NodeId id, String community, Instant joinedAt, String manifest, long lastSeenMillis, int mailboxCapacity) {
        this.id = id;
        this.community = community;
        this.joinedAt = joinedAt;
        this.manifest = manifest;
        this.lastSeenMillis = lastSeenMillis;
        this.mailbox = new Mailbox(mailboxCapacity);
    }
}
