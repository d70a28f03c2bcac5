package io.hearthnet.relay;

import io.hearthnet.api.Capability;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.testing.Threads;
import io.hearthnet.bus.HearthNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Nodes whose only transport is the relay: they reach each other through one hub on 127.0.0.1
 * and nothing else (no HTTP server, no in-memory network).
 */
final class RelayMesh implements AutoCloseable {
    final List<HearthNode> nodes = new ArrayList<>();
    private final Path dir;

    RelayMesh(Path dir) {
        this.dir = dir;
    }

    HearthNode node(String name, URI hub, Capability... capabilities) {
        return node(name, hub, Map.of(), capabilities);
    }

    HearthNode node(String name, URI hub, Map<String, String> settings, Capability... capabilities) {
        HearthNode.Builder b = HearthNode.builder().keys(NodeKeyPair.generate()).dataDir(dir.resolve(name))
                .displayName(name).communityId("test").discoverTransports(false)
                .transport(new RelayTransportProvider());
        if (hub != null) {
            b.setting("relay.url", hub.toString());
        }
        settings.forEach(b::setting);
        for (Capability c : capabilities) {
            b.capability(c);
        }
        HearthNode node = b.build();
        node.start();
        nodes.add(node);
        return node;
    }

    static RelayTransport relay(HearthNode node) {
        return (RelayTransport) node.transports().stream().filter(t -> t instanceof RelayTransport).findFirst().orElseThrow();
    }

    /** Waits until {@code node}'s bus can route {@code capability} 1.0 to {@code provider}. */
    static void awaitRoute(HearthNode node, String capability, NodeId provider) {
        Threads.awaitTrue(node.displayName() + " to learn " + capability + " of " + provider.shortForm(),
                () -> node.bus().registry().find(capability, Version.of(1, 0)).stream().anyMatch(e -> e.node().equals(provider)));
    }

    @Override
    public void close() {
        nodes.forEach(HearthNode::close);
    }
}
