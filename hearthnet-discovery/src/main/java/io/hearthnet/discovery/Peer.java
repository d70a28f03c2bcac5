package io.hearthnet.discovery;

import io.hearthnet.api.Endpoint;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.manifest.NodeManifest;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A peer whose manifest was fetched and verified: what it said about itself, where the bus
 * reaches it, and when it was first and last verified.
 *
 * @param manifest  its latest verified manifest
 * @param endpoints where the bus reaches it, best first
 * @param firstSeen when it was first verified
 * @param lastSeen  when its manifest was last verified
 */
public record Peer(NodeManifest manifest, List<Endpoint> endpoints, Instant firstSeen, Instant lastSeen) {
    /** Checks and copies the components. */
    public Peer {
        Objects.requireNonNull(manifest, "manifest");
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }

    /** The peer's node id. */
    public NodeId nodeId() {
        return manifest.nodeId();
    }

    /** The peer's community. */
    public String communityId() {
        return manifest.communityId();
    }

    /** The peer's human-readable name. */
    public String displayName() {
        return manifest.displayName();
    }

    /** Whether its manifest has expired at {@code now}: the bus no longer routes to it then. */
    public boolean isExpired(Instant now) {
        return manifest.isExpired(now);
    }
}
