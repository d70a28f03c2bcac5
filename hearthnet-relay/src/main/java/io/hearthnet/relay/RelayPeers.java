package io.hearthnet.relay;

import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.spi.NodeContext;
import io.hearthnet.api.spi.NodeExtension;
import io.hearthnet.api.spi.Transport;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node extension that makes the relay hub's members peers of the node: every verified roster
 * manifest goes to the bus (reachable at the member's relay endpoint), every member that leaves or
 * expires is removed, and each manifest the node issues is pushed to the hub at once. Idle when
 * the node has no started {@link RelayTransport}.
 */
public final class RelayPeers implements NodeExtension {
    private static final Logger LOG = LoggerFactory.getLogger(RelayPeers.class);

    private final List<Runnable> subscriptions = new ArrayList<>();

    @Override
    public String name() {
        return "relay";
    }

    @Override
    public synchronized void start(NodeContext context) {
        if (!subscriptions.isEmpty()) {
            return;
        }
        RelayTransport relay = null;
        for (Transport t : context.transports()) {
            if (t instanceof RelayTransport r) {
                relay = r;
            }
        }
        if (relay == null) {
            LOG.info("the node has no relay transport; the relay extension stays idle");
            return;
        }
        RelayTransport transport = relay;
        subscriptions.add(context.onManifest(transport::publishManifest));
        subscriptions.add(transport.onRoster(new RosterListener() {
            @Override
            public void peerUpdated(RelayPeer peer) {
                try {
                    context.updatePeer(peer.manifest(), List.of(peer.endpoint()));
                } catch (HearthNetException e) {
                    LOG.warn("the bus refused relay member {}: {}", peer.node().shortForm(), e.getMessage());
                }
            }

            @Override
            public void peerRemoved(NodeId node) {
                context.removePeer(node);
            }
        }));
    }

    @Override
    public synchronized void stop() {
        subscriptions.forEach(Runnable::run);
        subscriptions.clear();
    }
}
