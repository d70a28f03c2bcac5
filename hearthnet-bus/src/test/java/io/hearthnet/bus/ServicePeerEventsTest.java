package io.hearthnet.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.api.Capability;
import io.hearthnet.api.Version;
import io.hearthnet.api.spi.PeerEvent;
import io.hearthnet.api.spi.Service;
import io.hearthnet.api.spi.ServiceContext;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Services hear of peers appearing and leaving, once per peer, through their context. */
class ServicePeerEventsTest {
    @TempDir
    Path dir;

    @Test
    void a_service_hears_each_peer_appear_and_go_once() {
        List<PeerEvent> events = new CopyOnWriteArrayList<>();
        ServiceContext[] context = new ServiceContext[1];
        Service listening = new Service() {
            @Override
            public String name() {
                return "listening";
            }

            @Override
            public Version version() {
                return Version.of(1, 0);
            }

            @Override
            public void start(ServiceContext ctx) {
                context[0] = ctx;
                ctx.onPeer(events::add);
            }

            @Override
            public List<Capability> capabilities() {
                return List.of();
            }
        };
        try (MeshFixture mesh = new MeshFixture(dir)) {
            HearthNode watcher = HearthNode.builder().keys(io.hearthnet.api.identity.NodeKeyPair.generate())
                    .dataDir(dir.resolve("watcher")).communityId("test").clock(mesh.clock).discoverTransports(false)
                    .transport(new MemoryTransportProvider()).setting("mem.network", mesh.network)
                    .setting("mem.name", "watcher").service(listening).build();
            watcher.start();
            mesh.nodes.add(watcher);
            HearthNode peer = mesh.node("peer", Fixtures.echo("experimental.a", "1.0"), Fixtures.echo("experimental.b", "1.0"));
            mesh.introduceAll();
            mesh.introduceAll();
            assertThat(events).containsExactly(new PeerEvent(peer.nodeId(), PeerEvent.Kind.APPEARED));
            assertThat(context[0].peers()).containsExactly(peer.nodeId());
            watcher.bus().removePeer(peer.nodeId());
            assertThat(events).containsExactly(new PeerEvent(peer.nodeId(), PeerEvent.Kind.APPEARED),
                    new PeerEvent(peer.nodeId(), PeerEvent.Kind.GONE));
            assertThat(context[0].peers()).isEmpty();
        }
    }
}
