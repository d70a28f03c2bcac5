package io.hearthnet.emergency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.spi.Connectivity;
import io.hearthnet.api.testing.ManualClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clock sanity check against a loopback HTTP anchor. The JDK server always stamps {@code Date}
 * with the real time, so a clock "5 minutes off" is made by running the node's manual clock 5
 * minutes behind the real one.
 */
class ClockSkewTest {
    @TempDir
    Path dir;

    private final LoopbackHttpServer anchor = new LoopbackHttpServer();
    private final ScriptedProbe probe = new ScriptedProbe("synthetic://a");

    @BeforeEach
    void startAnchor() throws Exception {
        anchor.start();
    }

    @AfterEach
    void stopAnchor() {
        anchor.stop();
    }

    /** A manual clock that will read {@code offset} from real time once advanced by 30 s. */
    private static ManualClock clockOffBy(Duration offset) {
        return new ManualClock(Instant.now().plus(offset).minusSeconds(30).truncatedTo(ChronoUnit.MILLIS));
    }

    private EmergencyExtension emergency(String anchorUrl) {
        return EmergencyExtension.builder().probe(probe).clockAnchor(anchorUrl).periodic(false).build();
    }

    @Test
    void a_clock_5_minutes_behind_the_anchor_is_reported_with_a_warning() {
        ManualClock clock = clockOffBy(Duration.ofMinutes(-5));
        EmergencyExtension emergency = emergency(anchor.url());
        try (TestNode node = new TestNode(dir, clock, emergency)) {
            emergency.probeNow();
            clock.advance(Duration.ofSeconds(29));
            emergency.probeNow();
            assertThat(emergency.clockCheck()).as("not yet online for 30 s").isEmpty();
            assertThat(anchor.requests()).isZero();

            clock.advance(Duration.ofSeconds(1));
            emergency.probeNow();
            ClockCheck check = emergency.clockCheck().orElseThrow();
            assertThat(check.anchor()).isEqualTo(anchor.url());
            assertThat(check.skew()).hasValueSatisfying(skew -> assertThat(skew)
                    .isBetween(Duration.ofSeconds(298), Duration.ofSeconds(310)));
            assertThat(check.warning()).isTrue();
            assertThat(check.checkedAt()).isEqualTo(clock.instant());

            ObjectNode view = node.view("emergency").orElseThrow();
            assertThat(view.get("clock").get("skew_ms").asLong()).isBetween(298_000L, 310_000L);
            assertThat(view.get("clock").get("warning").asBoolean()).isTrue();
            assertThat(view.get("clock").get("anchor").asText()).isEqualTo(anchor.url());
            assertThat(node.metrics()).containsPattern("hearthnet_emergency_clock_skew_seconds (29[89]|30\\d|310)\\.");

            clock.advance(Duration.ofSeconds(60));
            emergency.probeNow();
            emergency.probeNow();
            assertThat(anchor.requests()).as("one HEAD per online stretch").isEqualTo(1);
        }
    }

    @Test
    void a_clock_in_step_with_the_anchor_gives_no_warning() {
        ManualClock clock = clockOffBy(Duration.ZERO);
        EmergencyExtension emergency = emergency(anchor.url());
        try (TestNode node = new TestNode(dir, clock, emergency)) {
            emergency.probeNow();
            clock.advance(Duration.ofSeconds(30));
            emergency.probeNow();
            ClockCheck check = emergency.clockCheck().orElseThrow();
            assertThat(check.skew()).hasValueSatisfying(skew -> assertThat(skew.abs()).isLessThan(Duration.ofSeconds(10)));
            assertThat(check.warning()).isFalse();
            assertThat(node.view("emergency").orElseThrow().get("clock").get("warning").asBoolean()).isFalse();
        }
    }

    @Test
    void every_new_online_stretch_checks_again() {
        ManualClock clock = clockOffBy(Duration.ZERO);
        EmergencyExtension emergency = emergency(anchor.url());
        try (TestNode node = new TestNode(dir, clock, emergency)) {
            emergency.probeNow();
            clock.advance(Duration.ofSeconds(30));
            emergency.probeNow();
            assertThat(anchor.requests()).isEqualTo(1);
            probe.up(false);
            assertThat(emergency.probeNow().mode()).isEqualTo(Connectivity.DEGRADED);
            probe.up(true);
            emergency.probeNow();
            clock.advance(Duration.ofSeconds(10));
            assertThat(emergency.probeNow().mode()).isEqualTo(Connectivity.ONLINE);
            clock.advance(Duration.ofSeconds(29));
            emergency.probeNow();
            assertThat(anchor.requests()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(1));
            emergency.probeNow();
            assertThat(anchor.requests()).isEqualTo(2);
            assertThat(node.announced).containsExactly(Connectivity.DEGRADED, Connectivity.ONLINE);
        }
    }

    @Test
    void an_unreachable_anchor_is_reported_and_changes_no_mode() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            closedPort = s.getLocalPort();
        }
        ManualClock clock = clockOffBy(Duration.ZERO);
        EmergencyExtension emergency = emergency("http://127.0.0.1:" + closedPort + "/");
        try (TestNode node = new TestNode(dir, clock, emergency)) {
            emergency.probeNow();
            clock.advance(Duration.ofSeconds(30));
            assertThat(emergency.probeNow().mode()).isEqualTo(Connectivity.ONLINE);
            ClockCheck check = emergency.clockCheck().orElseThrow();
            assertThat(check.skew()).isEmpty();
            assertThat(check.warning()).isFalse();
            assertThat(check.detail()).startsWith("HEAD failed: ConnectException");
            assertThat(node.view("emergency").orElseThrow().get("clock").get("skew_ms").isNull()).isTrue();
        }
    }

    @Test
    void without_an_explicit_anchor_the_first_http_target_is_asked() {
        ManualClock clock = clockOffBy(Duration.ZERO);
        EmergencyExtension emergency = EmergencyExtension.builder().targets(anchor.url()).periodic(false).build();
        try (TestNode node = new TestNode(dir, clock, emergency)) {
            emergency.probeNow();
            clock.advance(Duration.ofSeconds(30));
            emergency.probeNow();
            assertThat(emergency.clockCheck()).hasValueSatisfying(c -> assertThat(c.anchor()).isEqualTo(anchor.url()));
            assertThat(anchor.requests()).as("two probe HEADs and one clock HEAD").isEqualTo(3);
            assertThat(node.view("emergency").orElseThrow().get("clock").get("anchor").asText()).isEqualTo(anchor.url());
        }
        EmergencyExtension unchecked = EmergencyExtension.builder().targets(anchor.url()).clockCheck(false).periodic(false).build();
        try (TestNode node = new TestNode(dir.resolve("2"), clock, unchecked)) {
            unchecked.probeNow();
            clock.advance(Duration.ofSeconds(30));
            unchecked.probeNow();
            assertThat(unchecked.clockCheck()).isEmpty();
            assertThat(node.view("emergency").orElseThrow().get("clock").isNull()).isTrue();
        }
    }
}
