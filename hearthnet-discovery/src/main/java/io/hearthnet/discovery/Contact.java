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
    /** Where its manifest is fetched from: the endpoint of the latest sighting. */
    Endpoint fetchFrom;
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

    /** Records a failed fetch: retries back off from 1 s, doubling, up to 30 s. */
    void failed(Instant now) {
        failures++;
        long seconds = Math.min(MAX_RETRY.toSeconds(), FIRST_RETRY.toSeconds() << Math.min(failures - 1, 5));
        nextAttempt = now.plusSeconds(seconds);
    }

    void succeeded(Instant now) {
        failures = 0;
        nextAttempt = now;
        routable = true;
    }
}
