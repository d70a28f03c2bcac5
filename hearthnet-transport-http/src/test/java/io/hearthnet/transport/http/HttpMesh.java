package io.hearthnet.transport.http;

import io.hearthnet.api.Capability;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.manifest.NodeManifest;
import io.hearthnet.bus.HearthNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Real nodes serving HTTP on 127.0.0.1 (free ports), introduced to each other as discovery would. */
final class HttpMesh implements AutoCloseable {
    final List<HearthNode> nodes = new ArrayList<>();
    private final Path dir;

    HttpMesh(Path dir) {
        this.dir = dir;
    }

    HearthNode node(String name, HttpTransportConfig.Builder config, Capability... capabilities) {
        return node(name, config, Clock.systemUTC(), capabilities);
    }

    HearthNode node(String name, HttpTransportConfig.Builder config, Clock clock, Capability... capabilities) {
        return node(name, config, clock, b -> { }, capabilities);
    }

    /** As {@link #node(String, HttpTransportConfig.Builder, Clock, Capability...)}, letting the test adjust the builder. */
    HearthNode node(String name, HttpTransportConfig.Builder config, Clock clock,
                    java.util.function.Consumer<HearthNode.Builder> customize, Capability... capabilities) {
        HearthNode.Builder b = HearthNode.builder().keys(NodeKeyPair.generate()).dataDir(dir.resolve(name))
                .displayName(name).communityId("test").clock(clock).discoverTransports(false)
                .transport(new HttpTransportProvider(config.port(0).bindAddress("127.0.0.1").build()));
        customize.accept(b);
        for (Capability c : capabilities) {
            b.capability(c);
        }
        HearthNode node = b.build();
        node.start();
        nodes.add(node);
        return node;
    }

    HearthNode node(String name, Capability... capabilities) {
        return node(name, HttpTransportConfig.builder(), capabilities);
    }

    /** Every node fetches every other's manifest over HTTP, verifies it and hands it to its bus. */
    void introduceAll() {
        for (HearthNode a : nodes) {
            for (HearthNode b : nodes) {
                if (a != b) {
                    var json = a.transports().get(0).fetchManifest(b.endpoints().get(0));
                    a.bus().updatePeer(NodeManifest.fromJson(json).verify(Clock.systemUTC()));
                }
            }
        }
    }

    @Override
    public void close() {
        nodes.forEach(HearthNode::close);
    }
}
