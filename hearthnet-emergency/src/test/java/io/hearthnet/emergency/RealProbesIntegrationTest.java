package io.hearthnet.emergency;

import static io.hearthnet.api.spi.Connectivity.DEGRADED;
import static io.hearthnet.api.spi.Connectivity.OFFLINE;
import static io.hearthnet.api.spi.Connectivity.ONLINE;
import static io.hearthnet.emergency.TestNode.CLOUD;
import static io.hearthnet.emergency.TestNode.LOCAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.hearthnet.api.json.Json;
import io.hearthnet.api.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spec's integration test on real sockets: DNS, HTTP and TCP servers on 127.0.0.1 play the
 * internet, the node's own scheduler runs probe rounds every 2 s, and the manual clock stands in
 * for the 30 s (offline) and 10 s (recovery) waits.
 */
class RealProbesIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void cutting_and_restoring_the_targets_goes_degraded_offline_and_online_again() throws Exception {
        try (LoopbackInternet internet = new LoopbackInternet().start()) {
            ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
            EmergencyExtension emergency = EmergencyExtension.builder()
                    .targets(internet.targets())
                    .intervals(Duration.ofSeconds(2), Duration.ofSeconds(2))
                    .clockCheck(false)
                    .build();
            try (TestNode node = new TestNode(dir, clock, emergency)) {
                Poll.until(Duration.ofSeconds(10), () -> emergency.state().lastProbe().isPresent(), "the first round");
                assertThat(emergency.state().mode()).isEqualTo(ONLINE);
                assertThat(emergency.state().probes()).hasSize(3).doesNotContainValue(false);
                assertThat(emergency.targets()).containsExactly(internet.targets().split(","));

                internet.stop();
                Poll.until(Duration.ofSeconds(5), () -> emergency.state().mode() == DEGRADED,
                        "degraded within 5 s of cutting the targets");
                Poll.until(Duration.ofSeconds(5), () -> !emergency.state().probes().containsValue(true), "every probe failing");
                assertThat(emergency.state().results().values()).extracting(r -> r.detail())
                        .containsExactly("resolver port unreachable", "connection refused", "connection refused");
                assertThat(node.manifestCapabilities()).containsExactly(CLOUD, LOCAL);

                clock.advance(Duration.ofSeconds(30));
                Poll.until(Duration.ofSeconds(5), () -> emergency.state().mode() == OFFLINE, "offline after 30 s of failures");
                assertThat(node.manifestCapabilities()).containsExactly(LOCAL);
                assertThat(node.announced).containsExactly(DEGRADED, OFFLINE);

                internet.start();
                Poll.until(Duration.ofSeconds(5), () -> !emergency.state().probes().containsValue(false), "every probe passing");
                assertThat(emergency.state().mode()).as("not before 10 s of passing").isEqualTo(OFFLINE);
                clock.advance(Duration.ofSeconds(10));
                Poll.until(Duration.ofSeconds(5), () -> emergency.state().mode() == ONLINE, "online after 10 s of passing");
                assertThat(node.manifestCapabilities()).containsExactly(CLOUD, LOCAL);
                assertThat(node.node.caller().call(CLOUD, "1.0", Json.object()).get("from").asText()).isEqualTo(CLOUD);
                assertThat(node.announced).containsExactly(DEGRADED, OFFLINE, ONLINE);
                assertThat(node.healthConnectivity()).isEqualTo("online");
                assertThat(node.view("emergency").orElseThrow().get("probes").toString())
                        .isEqualTo("{\"dns://127.0.0.1:" + internet.dns.port() + "\":true,\"" + internet.http.url()
                                + "\":true,\"tcp://127.0.0.1:" + internet.tcp.port() + "\":true}");
            }
        }
    }
}
