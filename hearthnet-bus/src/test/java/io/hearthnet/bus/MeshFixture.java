package io.hearthnet.bus;

import io.hearthnet.api.Capability;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.testing.ManualClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Several started nodes on one private in-memory network, each knowing every other's manifest. */
final class MeshFixture implements AutoCloseable {
    final ManualClock clock = new ManualClock();
    final String network = "mesh-" + UUID.randomUUID();
    final List<HearthNode> nodes = new ArrayList<>();
    private final Path dataDir;

    MeshFixture(Path dataDir) {
        this.dataDir = dataDir;
    }

    HearthNode node(String name, Capability... capabilities) {
        HearthNode.Builder b = HearthNode.builder()
                .keys(NodeKeyPair.generate())
                .dataDir(dataDir.resolve(name))
                .displayName(name)
                .communityId("test")
                .clock(clock)
                .discoverTransports(false)
                .transport(new MemoryTransportProvider())
                .setting("mem.network", network)
                .setting("mem.name", name);
        for (Capability c : capabilities) {
            b.capability(c);
        }
        HearthNode node = b.build();
        node.start();
        nodes.add(node);
        return node;
    }

    /** Hands every node every other node's current manifest, as discovery would. */
    void introduceAll() {
        for (HearthNode a : nodes) {
            for (HearthNode b : nodes) {
                if (a != b) {
                    a.bus().updatePeer(b.manifest());
                }
            }
        }
    }

    @Override
    public void close() {
        nodes.forEach(HearthNode::close);
    }
}
