package io.hearthnet.api.spi;

import io.hearthnet.api.CapabilityCaller;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.NodeKeyPair;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Everything a service gets from its node: identity, a caller for other capabilities, its own
 * folder under the data dir, a scheduler and the clock. There is nothing to set afterwards.
 */
public interface ServiceContext {
    /** This node's id. */
    NodeId nodeId();

    /** This node's key pair, for services that sign what they persist or publish. */
    NodeKeyPair keys();

    /** The community this node belongs to. */
    String communityId();

    /** Calls capabilities anywhere in the mesh (local ones directly). */
    CapabilityCaller caller();

    /** The service's own folder under the node's data dir; it exists when the service starts. */
    Path dataDir();

    /** The node's scheduler for periodic work; tasks stop when the node closes. */
    ScheduledExecutorService scheduler();

    /** The node's clock; use it instead of the system clock so tests can control time. */
    Clock clock();

    /** The peers whose capabilities this node can call now. */
    List<NodeId> peers();

    /**
     * Calls {@code listener} whenever a peer appears or goes away (e.g. to deliver queued messages).
     * Returns a handle that unsubscribes when run; the node unsubscribes everything when it stops.
     */
    Runnable onPeer(Consumer<PeerEvent> listener);
}
