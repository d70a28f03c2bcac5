package io.hearthnet.api.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.CapabilityCaller;
import io.hearthnet.api.Endpoint;
import io.hearthnet.api.Profile;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.manifest.NodeManifest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** What a {@link NodeExtension} receives from its node. */
public interface NodeContext {
    /** This node's id. */
    NodeId nodeId();

    /** This node's key pair. */
    NodeKeyPair keys();

    /** The node's human-readable name. */
    String displayName();

    /** The community this node belongs to. */
    String communityId();

    /** The node's device profile. */
    Profile profile();

    /** Calls capabilities anywhere in the mesh. */
    CapabilityCaller caller();

    /** The node's started transports. */
    List<Transport> transports();

    /** The node's data dir. */
    Path dataDir();

    /** The node's scheduler; tasks stop when the node closes. */
    ScheduledExecutorService scheduler();

    /** The node's clock. */
    Clock clock();

    /** The node's current signed manifest. */
    NodeManifest manifest();

    /**
     * Calls {@code listener} with every manifest the node issues from now on (on capability changes
     * and on the periodic refresh). Returns a handle that unsubscribes when run.
     */
    Runnable onManifest(Consumer<NodeManifest> listener);

    /**
     * Hands the bus a peer's verified manifest: its capabilities become routable at
     * {@code endpoints} (the manifest's own endpoints when empty), and stay so while refreshed.
     */
    void updatePeer(NodeManifest verifiedManifest, List<Endpoint> endpoints);

    /** Forgets a peer: the bus stops routing to it. */
    void removePeer(NodeId node);

    /** Withdraws every local capability that needs the internet; returns how many. */
    int withdrawInternetCapabilities();

    /** Restores what {@link #withdrawInternetCapabilities()} withdrew; returns how many. */
    int restoreInternetCapabilities();

    /**
     * Publishes a JSON view of the extension's state under {@code name}; transports serve it (the
     * HTTP transport at {@code GET /<name>}). Returns a handle that withdraws it when run.
     */
    Runnable publishView(String name, Supplier<ObjectNode> view);

    /**
     * Adds Prometheus text lines (with their HELP/TYPE headers) to the node's metrics. Returns a
     * handle that removes them when run.
     */
    Runnable publishMetrics(Supplier<String> prometheusLines);

    /** Announces a connectivity change on the node's local state bus (emergency mode does this). */
    void publishConnectivity(Connectivity connectivity);

    /** The last connectivity announced; {@link Connectivity#ONLINE} until someone says otherwise. */
    Connectivity connectivity();

    /** Calls {@code listener} with every later connectivity change. Returns a handle that unsubscribes. */
    Runnable onConnectivity(Consumer<Connectivity> listener);
}
