package io.hearthnet.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.api.Version;
import io.hearthnet.api.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** mDNS through jmDNS on its own (UDP off), over real sockets on loopback. */
class MdnsDiscoveryTest extends OnLanMesh {
    /** jmDNS probes its host name three times, 1 s apart, before it announces anything. */
    static final Duration MDNS_FIRST_CONTACT = Duration.ofSeconds(15);


    @Test
    void two_nodes_find_each_other_through_jmdns_and_call_each_others_capability() {
        var a = mesh.start("alpha", d -> d.udp(false), Caps.whoami("experimental.alpha", "alpha"));
        var b = mesh.start("bravo", d -> d.udp(false), Caps.whoami("experimental.bravo", "bravo"));

        mesh.awaitFullMesh(MDNS_FIRST_CONTACT);

        assertThat(a.node().caller().call("experimental.bravo", "1.0", Caps.empty()).get("node").asText()).isEqualTo("bravo");
        assertThat(b.node().caller().call("experimental.alpha", "1.0", Caps.empty()).get("node").asText()).isEqualTo("alpha");
        assertThat(a.discovery().metrics().count(DiscoveryMetrics.SIGHTINGS, "channel", "mdns")).isPositive();
        assertThat(a.discovery().metrics().count(DiscoveryMetrics.SIGHTINGS, "channel", "udp")).isZero();
        assertThat(a.discovery().peers().get(b.id()).orElseThrow().endpoints()).containsExactlyElementsOf(b.node().endpoints());
    }

    @Test
    void five_nodes_on_one_host_all_see_each_other_through_jmdns() {
        for (String name : List.of("n1", "n2", "n3", "n4", "n5")) {
            mesh.start(name, d -> d.udp(false), Caps.whoami("experimental." + name, name));
        }

        mesh.awaitFullMesh(MDNS_FIRST_CONTACT);

        for (var from : mesh.members) {
            for (var to : mesh.members) {
                String name = to.node().displayName();
                assertThat(from.node().caller().call("experimental." + name, "1.0", Caps.empty()).get("node").asText())
                        .isEqualTo(name);
            }
        }
    }

    @Test
    void a_txt_change_makes_peers_fetch_the_new_manifest() {
        // The clock stands still, so no manifest ever nears expiry: only the TXT change can carry the news.
        ManualClock clock = new ManualClock();
        var a = mesh.start(mesh.nodeBuilder("alpha").clock(clock), mesh.discovery().udp(false));
        var b = mesh.start(mesh.nodeBuilder("bravo", Caps.whoami("experimental.bravo", "bravo")).clock(clock),
                mesh.discovery().udp(false));
        mesh.awaitFullMesh(MDNS_FIRST_CONTACT);

        b.node().bus().register(Caps.whoami("experimental.later", "bravo"));

        Await.until("alpha to learn bravo's new capability from its TXT record", Duration.ofSeconds(10),
                () -> !a.node().bus().registry().find("experimental.later", Version.of(1, 0)).isEmpty());
        assertThat(a.node().caller().call("experimental.later", "1.0", Caps.empty()).get("node").asText()).isEqualTo("bravo");
    }
}
