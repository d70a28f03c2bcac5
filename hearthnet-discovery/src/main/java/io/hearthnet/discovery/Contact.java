package io.hearthnet.discovery;

import io.hearthnet.api.Endpoint;
import io.hearthnet.api.identity.NodeId;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the tracker knows about one node it has heard of, verified or not (a stub until its
 * manifest verifies). Mutable; guarded by the {@link PeerTracker}.
 */
final class Contact {
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);

    final NodeId node;
    /** Where its manifest was last verified from; until then, where it was last heard of. */
    Endpoint fetchFrom;
    /**
     * Once verified: a different endpoint a later announcement named, tried on the next fetch and
     * adopted only if the manifest fetched there verifies (a forged announcement cannot divert refreshes).
     */
    Endpoint candidate;
    boolean verified;
    /** The latest announcement fingerprint per channel. */
    final Map<Channel, String> hints = new EnumMap<>(Channel.class);
    Instant lastHeard;
    boolean fetching;
    /** A newer announcement arrived during a fetch: fetch once more after it. */
    boolean fetchAgain;
    /** Whether the bus routes to it. */
    boolean routable;
    int failures;
    Instant nextAttempt = Instant.MIN;

    Contact(NodeId node, Endpoint fetchFrom, Instant now) {
        this.node = node;
        this.fetchFrom = fetchFrom;
        this.lastHeard = now;
    }

    /** Where the next fetch goes. */
    Endpoint target() {
        return candidate != null ? candidate : fetchFrom;
    }

    /** Notes the endpoint an announcement named. */
    void heardAt(Endpoint endpoint) {
        if (!verified) {
            fetchFrom = endpoint;
        } else {
            candidate = endpoint.equals(fetchFrom) ? null : endpoint;
        }
    }

    /**
     * Records a failed fetch from {@code from}: a failed candidate is dropped, and retries back off
     * from 1 s, doubling, up to 30 s.
     */
    void failed(Endpoint from, Instant now) {
        if (from.equals(candidate)) {
            candidate = null;
        }
        failures++;
        long seconds = Math.min(MAX_RETRY.toSeconds(), FIRST_RETRY.toSeconds() << Math.min(failures - 1, 5));
        nextAttempt = now.plusSeconds(seconds);
    }

    void succeeded(Endpoint from, Instant now) {
        fetchFrom = from;
        if (from.equals(candidate)) {
            candidate = null;
        }
        verified = true;
        failures = 0;
        nextAttempt = now;
        routable = true;
    }
}
