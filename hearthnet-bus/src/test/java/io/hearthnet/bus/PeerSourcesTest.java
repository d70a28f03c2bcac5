package io.hearthnet.bus;

import static io.hearthnet.bus.Fixtures.echoDescriptor;
import static io.hearthnet.bus.Fixtures.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.Endpoint;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.manifest.NodeManifest;
import io.hearthnet.api.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A peer known to the bus through more than one source: LAN discovery and a relay transport, say. */
class PeerSourcesTest {
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    private static final String LAN = PeerRoutes.extension("discovery");
    private static final String RELAY = PeerRoutes.transport("relay");
    private static final Endpoint HTTP = Endpoint.parse("http://127.0.0.1:7000");
    private static final Endpoint RELAYED = Endpoint.parse("relay://127.0.0.1:7443/peer");

    private final ManualClock clock = new ManualClock();
    private final Fixtures.Harness h = Fixtures.harness(clock, BusConfig.defaults());
    private final CapabilityRegistry registry = h.bus.registry();
    private final NodeKeyPair peer = NodeKeyPair.generate();
    private final CapabilityDescriptor echo = echoDescriptor("experimental.echo", "1.0");

    @AfterEach
    void close() {
        h.close();
    }

    private NodeManifest issued(CapabilityDescriptor... caps) {
        return manifest(peer, clock, "http://127.0.0.1:7000", caps);
    }

    private List<Endpoint> endpoints() {
        return registry.find("experimental.echo", Version.of(1, 0)).get(0).endpoints();
    }

    @Test
    void direct_endpoints_come_before_a_transport_s_own_path_whoever_spoke_first() {
        NodeManifest m = issued(echo);
        h.bus.updatePeer(m, List.of(RELAYED), RELAY);
        assertThat(endpoints()).containsExactly(RELAYED);

        h.bus.updatePeer(m, List.of(HTTP), LAN);
        assertThat(endpoints()).containsExactly(HTTP, RELAYED);

        h.bus.updatePeer(m, List.of(RELAYED), RELAY);
        assertThat(endpoints()).as("a refresh by the relay does not take the LAN path away").containsExactly(HTTP, RELAYED);
    }

    @Test
    void a_source_that_forgets_the_peer_takes_only_its_own_path_away() {
        NodeManifest m = issued(echo);
        h.bus.updatePeer(m, List.of(HTTP), LAN);
        h.bus.updatePeer(m, List.of(RELAYED), RELAY);

        assertThat(h.bus.removePeer(peer.nodeId(), LAN)).isZero();
        assertThat(endpoints()).containsExactly(RELAYED);
        assertThat(h.bus.removePeer(peer.nodeId(), LAN)).as("it had nothing more to say").isZero();

        assertThat(h.bus.removePeer(peer.nodeId(), RELAY)).isEqualTo(1);
        assertThat(registry.find("experimental.echo", Version.of(1, 0))).isEmpty();
    }

    @Test
    void an_older_manifest_from_a_slower_source_adds_its_path_but_not_its_stale_capabilities() {
        NodeManifest old = issued(echo);
        clock.advance(Duration.ofSeconds(5));
        CapabilityDescriptor more = echoDescriptor("experimental.more", "1.0");
        NodeManifest newer = issued(echo, more);
        h.bus.updatePeer(newer, List.of(HTTP), LAN);

        h.bus.updatePeer(old, List.of(RELAYED), RELAY);

        assertThat(registry.find("experimental.more", Version.of(1, 0))).as("the older manifest did not withdraw it").hasSize(1);
        assertThat(endpoints()).containsExactly(HTTP, RELAYED);
    }

    @Test
    void a_call_that_finds_the_first_path_gone_takes_the_next_one() {
        try (MeshFixture mesh = new MeshFixture(dir)) {
            HearthNode a = mesh.node("a");
            CapabilityDescriptor once = CapabilityDescriptor.builder("experimental.once", "1.0").idempotent(false).build();
            HearthNode b = mesh.node("b", Fixtures.echo("experimental.echo", "1.0"),
                    io.hearthnet.api.Capability.of(once, io.hearthnet.api.CapabilityHandler.unary(c -> c.input())));
            Endpoint gone = Endpoint.parse("mem://" + mesh.network + "/moved-away");
            a.bus().updatePeer(b.manifest(), List.of(gone), LAN);
            a.bus().updatePeer(b.manifest(), b.endpoints(), RELAY);

            assertThat(a.caller().call("experimental.echo", "1.0", Fixtures.text("hi")).get("text").asText()).isEqualTo("hi");

            CapabilityEntry entry = a.bus().registry().entry(b.nodeId(), "experimental.echo", Version.of(1, 0)).orElseThrow();
            assertThat(entry.unreachable()).as("the dead path is tried last for a while")
                    .containsEntry(gone, mesh.clock.millis() + CapabilityBus.UNREACHABLE_FOR.toMillis());

            assertThat(a.caller().call("experimental.once", "1.0", Fixtures.text("once")).get("text").asText())
                    .as("nothing listened at the first path, so even a non-idempotent call goes on").isEqualTo("once");
        }
    }

    @Test
    void a_stream_that_cannot_be_opened_on_the_first_path_is_opened_on_the_next() {
        try (MeshFixture mesh = new MeshFixture(dir)) {
            HearthNode a = mesh.node("a");
            CapabilityDescriptor ticks = CapabilityDescriptor.builder("experimental.ticks", "1.0").idempotent(true).build();
            HearthNode b = mesh.node("b", io.hearthnet.api.Capability.of(ticks,
                    io.hearthnet.api.CapabilityHandler.streaming((c, sink) -> {
                        sink.emit("tick", Fixtures.text("1"));
                        sink.emit("tick", Fixtures.text("2"));
                    })));
            Endpoint gone = Endpoint.parse("mem://" + mesh.network + "/moved-away");
            a.bus().updatePeer(b.manifest(), List.of(gone), LAN);
            a.bus().updatePeer(b.manifest(), b.endpoints(), RELAY);

            List<io.hearthnet.api.Frame> frames;
            try (io.hearthnet.api.FrameStream stream = a.caller().stream("experimental.ticks", "1.0", Fixtures.text("go"))) {
                frames = stream.readAll();
            }

            assertThat(frames).extracting(f -> f.isDone() ? "done" : f.data().get("text").asText()).containsExactly("1", "2", "done");
            CapabilityEntry entry = a.bus().registry().entry(b.nodeId(), "experimental.ticks", Version.of(1, 0)).orElseThrow();
            assertThat(entry.unreachable()).containsKey(gone);
        }
    }

    @Test
    void a_source_that_forgets_a_path_another_source_also_gave_changes_nothing() {
        NodeManifest m = issued(echo);
        h.bus.updatePeer(m, List.of(HTTP), LAN);
        h.bus.updatePeer(m, List.of(HTTP), PeerRoutes.APP);
        List<RegistryEvent> events = new java.util.ArrayList<>();
        registry.subscribe(events::add);

        h.bus.removePeer(peer.nodeId(), LAN);

        assertThat(events).isEmpty();
        assertThat(endpoints()).containsExactly(HTTP);
    }

    @Test
    void the_app_s_remove_peer_forgets_the_peer_for_every_source() {
        NodeManifest m = issued(echo);
        h.bus.updatePeer(m, List.of(HTTP), LAN);
        h.bus.updatePeer(m, List.of(RELAYED), RELAY);

        assertThat(h.bus.removePeer(peer.nodeId())).isEqualTo(1);

        assertThat(registry.find("experimental.echo", Version.of(1, 0))).isEmpty();
        h.bus.updatePeer(m, List.of(RELAYED), RELAY);
        assertThat(endpoints()).as("nothing of the LAN path is remembered").containsExactly(RELAYED);
    }
}
