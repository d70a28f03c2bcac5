package io.hearthnet.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.manifest.KeyPins;
import io.hearthnet.api.testing.Expect;
import io.hearthnet.api.testing.ManualClock;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The UDP multicast fallback on its own (mDNS off), over real sockets on loopback. */
class UdpDiscoveryTest extends OnLanMesh {


    @Test
    void two_nodes_find_each_other_over_udp_alone_and_call_each_other() {
        var a = mesh.start("alpha", d -> d.mdns(false), Caps.whoami("experimental.alpha", "alpha"));
        var b = mesh.start("bravo", d -> d.mdns(false), Caps.whoami("experimental.bravo", "bravo"));

        mesh.awaitFullMesh(FIRST_CONTACT);

        assertThat(a.node().caller().call("experimental.bravo", "1.0", Caps.empty()).get("node").asText()).isEqualTo("bravo");
        assertThat(b.node().caller().call("experimental.alpha", "1.0", Caps.empty()).get("node").asText()).isEqualTo("alpha");
        assertThat(a.discovery().metrics().count(DiscoveryMetrics.SIGHTINGS, "channel", "udp")).isPositive();
        assertThat(a.discovery().metrics().count(DiscoveryMetrics.SIGHTINGS, "channel", "mdns")).isZero();
        assertThat(a.discovery().runtime().mdnsUp()).isFalse();
        Peer seen = a.discovery().peers().get(b.id()).orElseThrow();
        assertThat(seen.endpoints()).containsExactlyElementsOf(b.node().endpoints());
        assertThat(seen.displayName()).isEqualTo("bravo");
    }

    @Test
    void five_nodes_on_one_host_share_the_udp_port_and_all_see_each_other() {
        for (String name : List.of("n1", "n2", "n3", "n4", "n5")) {
            mesh.start(name, d -> d.mdns(false), Caps.whoami("experimental." + name, name));
        }

        mesh.awaitFullMesh(FIRST_CONTACT);

        for (var from : mesh.members) {
            for (var to : mesh.members) {
                String name = to.node().displayName();
                assertThat(from.node().caller().call("experimental." + name, "1.0", Caps.empty()).get("node").asText())
                        .isEqualTo(name);
            }
            assertThat(from.discovery().peers().size()).isEqualTo(4);
        }
    }

    @Test
    void a_capability_change_is_announced_and_fetched_at_once() {
        // The clock stands still, so no manifest ever nears expiry: only the announcement can carry the news.
        ManualClock clock = new ManualClock();
        var a = mesh.start(mesh.nodeBuilder("alpha").clock(clock), mesh.discovery().mdns(false));
        var b = mesh.start(mesh.nodeBuilder("bravo", Caps.whoami("experimental.bravo", "bravo")).clock(clock),
                mesh.discovery().mdns(false));
        mesh.awaitFullMesh(FIRST_CONTACT);

        b.node().bus().register(Caps.whoami("experimental.later", "bravo"));

        Await.until("alpha to learn bravo's new capability from its announcement", Duration.ofSeconds(5),
                () -> !a.node().bus().registry().find("experimental.later", Version.of(1, 0)).isEmpty());
        assertThat(a.node().caller().call("experimental.later", "1.0", Caps.empty()).get("node").asText()).isEqualTo("bravo");
    }

    @Test
    void a_node_of_another_community_is_ignored_without_even_a_fetch() {
        var a = mesh.start("alpha", d -> d.mdns(false), Caps.whoami("experimental.alpha", "alpha"));
        var b = mesh.start("bravo", d -> d.mdns(false), Caps.whoami("experimental.bravo", "bravo"));
        var stranger = mesh.start(mesh.nodeBuilder("stranger", Caps.whoami("experimental.stranger", "stranger"))
                .communityId("another-" + mesh.community), mesh.discovery().mdns(false));

        mesh.members.remove(stranger);
        mesh.awaitFullMesh(FIRST_CONTACT);
        mesh.members.add(stranger);
        Await.until("alpha and bravo to hear the stranger's announcement", FIRST_CONTACT, () ->
                a.discovery().metrics().count(DiscoveryMetrics.IGNORED, "reason", "foreign_community") > 0
                        && b.discovery().metrics().count(DiscoveryMetrics.IGNORED, "reason", "foreign_community") > 0
                        && stranger.discovery().metrics().count(DiscoveryMetrics.IGNORED, "reason", "foreign_community") >= 2);

        for (var m : List.of(a, b)) {
            assertThat(m.knows(stranger)).isFalse();
            assertThat(m.node().bus().registry().peers()).doesNotContain(stranger.id());
            assertThat(m.discovery().runtime().tracker().stubs()).isZero();
            assertThat(m.discovery().metrics().count(DiscoveryMetrics.REJECTED, "reason", "foreign_community")).isZero();
            Expect.fails(ErrorCode.NOT_FOUND, () -> m.node().caller().call("experimental.stranger", "1.0", Caps.empty()));
        }
        assertThat(stranger.discovery().peers().size()).isZero();
    }

    @Test
    void an_announcement_that_lies_about_the_community_is_refused_once_the_manifest_is_read() throws IOException {
        var a = mesh.start("alpha", d -> d.mdns(false));
        var stranger = mesh.start(mesh.nodeBuilder("stranger", Caps.whoami("experimental.stranger", "stranger"))
                .communityId("another-" + mesh.community), mesh.discovery().mdns(false).udp(true));
        int port = stranger.node().endpoints().get(0).uri().getPort();

        byte[] lie = new UdpAnnouncement(stranger.id(), mesh.community, port, List.of()).encode();

        // Sent until it lands: UDP has no delivery guarantee and alpha may still be joining the group.
        Await.until("alpha to fetch the stranger's manifest and refuse it", FIRST_CONTACT, () -> {
            try {
                sendToGroup(lie);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return a.discovery().metrics().count(DiscoveryMetrics.REJECTED, "reason", "foreign_community") > 0;
        });
        assertThat(a.knows(stranger)).isFalse();
        assertThat(a.node().bus().registry().peers()).doesNotContain(stranger.id());
    }

    @Test
    void a_node_whose_key_differs_from_the_pinned_one_is_rejected() {
        var b = mesh.start("bravo", d -> d.mdns(false), Caps.whoami("experimental.bravo", "bravo"));
        // An impersonator that showed bravo's short id with another key was seen first and pinned.
        byte[] key = b.id().publicKey();
        key[31] ^= 0x55;
        NodeId impostor = NodeId.ofPublicKey(key);
        assertThat(impostor.shortForm()).isEqualTo(b.id().shortForm());
        KeyPins pins = new KeyPins();
        pins.check(impostor);

        var a = mesh.start("alpha", d -> d.mdns(false).keyPins(pins), Caps.whoami("experimental.alpha", "alpha"));

        Await.until("alpha to refuse bravo's manifest for its pinned key", FIRST_CONTACT,
                () -> a.discovery().metrics().count(DiscoveryMetrics.REJECTED, "reason", "pinned_key") > 0);
        Await.until("bravo, with no such pin, to accept alpha", FIRST_CONTACT, () -> b.knows(a) && b.routesTo(a));
        assertThat(a.knows(b)).isFalse();
        assertThat(a.node().bus().registry().peers()).doesNotContain(b.id());
        Expect.fails(ErrorCode.NOT_FOUND, () -> a.node().caller().call("experimental.bravo", "1.0", Caps.empty()));
    }

    @Test
    void malformed_announcements_are_counted_and_change_nothing() throws IOException {
        var a = mesh.start("alpha", d -> d.mdns(false));
        // UDP gives no delivery guarantee, and alpha may still be joining the group: send again until counted.
        Await.until("alpha to count three malformed announcements", FIRST_CONTACT, () -> {
            try {
                sendToGroup("{not json".getBytes(StandardCharsets.UTF_8));
                sendToGroup("{\"v\":2,\"node\":\"x\"}".getBytes(StandardCharsets.UTF_8));
                sendToGroup(new byte[UdpAnnouncement.MAX_BYTES + 200]);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return a.discovery().metrics().count(DiscoveryMetrics.REJECTED, "reason", "malformed_announcement") >= 3;
        });
        assertThat(a.discovery().runtime().udpUp()).isTrue();
        var b = mesh.start("bravo", d -> d.mdns(false));
        mesh.awaitFullMesh(FIRST_CONTACT);
        assertThat(a.discovery().peers().all()).extracting(Peer::nodeId).containsExactly(b.id());
    }

    private void sendToGroup(byte[] payload) throws IOException {
        try (MulticastSocket s = new MulticastSocket()) {
            s.setNetworkInterface(NetworkInterface.getByName("lo"));
            s.setTimeToLive(1);
            s.send(new DatagramPacket(payload, payload.length, InetAddress.getByName(mesh.group), mesh.udpPort));
        }
    }
}
