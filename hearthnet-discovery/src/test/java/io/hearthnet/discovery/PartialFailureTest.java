package io.hearthnet.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * One channel failing never stops the other. The failure is real: another socket holds the
 * channel's port without address reuse, so the channel cannot bind.
 */
class PartialFailureTest extends OnLanMesh {
    static final int MDNS_PORT = 5353;


    @Test
    void with_the_udp_port_taken_mdns_goes_on_and_udp_comes_up_once_the_port_is_free() throws IOException {
        DatagramSocket blocker = exclusive(mesh.udpPort, "the test's UDP port");
        try {
            var a = mesh.start("alpha", Caps.whoami("experimental.alpha", "alpha"));
            var b = mesh.start("bravo", Caps.whoami("experimental.bravo", "bravo"));

            mesh.awaitFullMesh(MdnsDiscoveryTest.MDNS_FIRST_CONTACT);

            for (var m : mesh.members) {
                assertThat(m.discovery().runtime().udpUp()).isFalse();
                assertThat(m.discovery().runtime().mdnsUp()).isTrue();
                assertThat(m.discovery().metrics().count(DiscoveryMetrics.FAILURES, "component", "udp")).isPositive();
                assertThat(m.discovery().runtime().failures().isFailing("udp-open")).isTrue();
            }
            assertThat(a.node().caller().call("experimental.bravo", "1.0", Caps.empty()).get("node").asText()).isEqualTo("bravo");
            assertThat(a.discovery().runtime().metricsText())
                    .contains("hearthnet_discovery_channel_up{channel=\"udp\"} 0")
                    .contains("hearthnet_discovery_channel_up{channel=\"mdns\"} 1")
                    .contains("hearthnet_discovery_failures_total{component=\"udp\"}");
            assertThat(b.discovery().runtime().view().path("udp").path("up").asBoolean()).isFalse();
        } finally {
            blocker.close();
        }
        // The socket opens a moment before the failure is marked recovered: wait for both.
        Await.until("UDP to come up on the next announcement and its failure to clear", Duration.ofSeconds(10),
                () -> mesh.members.stream().allMatch(m -> m.discovery().runtime().udpUp()
                        && !m.discovery().runtime().failures().isFailing("udp-open")));
    }

    @Test
    void with_the_mdns_port_taken_udp_goes_on() throws IOException {
        DatagramSocket blocker = exclusive(MDNS_PORT, "the mDNS port");
        try {
            var a = mesh.start("alpha", Caps.whoami("experimental.alpha", "alpha"));
            mesh.start("bravo", Caps.whoami("experimental.bravo", "bravo"));

            mesh.awaitFullMesh(FIRST_CONTACT);

            for (var m : mesh.members) {
                assertThat(m.discovery().runtime().mdnsUp()).isFalse();
                assertThat(m.discovery().runtime().udpUp()).isTrue();
                assertThat(m.discovery().metrics().count(DiscoveryMetrics.FAILURES, "component", "mdns")).isPositive();
            }
            assertThat(a.node().caller().call("experimental.bravo", "1.0", Caps.empty()).get("node").asText()).isEqualTo("bravo");
        } finally {
            blocker.close();
        }
    }

    /** A socket on {@code port} of every address without address reuse: nobody else can bind it. */
    private static DatagramSocket exclusive(int port, String what) throws IOException {
        DatagramSocket s = new DatagramSocket(null);
        s.setReuseAddress(false);
        try {
            s.bind(new InetSocketAddress(port));
        } catch (BindException e) {
            s.close();
            throw new AssertionError("cannot take " + what + " (" + port + ") to simulate its failure: another process"
                    + " holds it (ss -ulpn 'sport = :" + port + "' shows which)", e);
        }
        return s;
    }
}
