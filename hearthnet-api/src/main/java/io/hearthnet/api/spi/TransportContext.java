package io.hearthnet.api.spi;

import io.hearthnet.api.Endpoint;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.manifest.NodeManifest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/** What a transport receives from its node: identity, community, clock, settings and the dispatcher. */
public interface TransportContext {
    /** The node's key pair; every outbound request and every response is signed with it. */
    NodeKeyPair keys();

    /** The node's community; inbound calls from other communities are refused. */
    String communityId();

    /** The node's clock (signature timestamps, replay windows, rate limits). */
    Clock clock();

    /** Where inbound calls go. */
    InboundDispatcher dispatcher();

    /** The node's scheduler for the transport's periodic work. */
    ScheduledExecutorService scheduler();

    /**
     * Transport settings from the node's configuration, keyed {@code <scheme>.<name>}
     * (e.g. {@code http.port}, {@code http.bind}).
     */
    Map<String, String> settings();

    /** One setting, if present. */
    default Optional<String> setting(String key) {
        return Optional.ofNullable(settings().get(key));
    }

    /**
     * Hands the node a peer this transport learned of (a relay roster, say) with its verified
     * manifest: its capabilities become routable at {@code endpoints}.
     */
    void updatePeer(NodeManifest verifiedManifest, List<Endpoint> endpoints);

    /** Tells the node a peer this transport knew of is gone. */
    void removePeer(NodeId node);
}
