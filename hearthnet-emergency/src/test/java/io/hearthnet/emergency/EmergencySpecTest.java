package io.hearthnet.emergency;

import static io.hearthnet.api.spi.Connectivity.DEGRADED;
import static io.hearthnet.api.spi.Connectivity.OFFLINE;
import static io.hearthnet.api.spi.Connectivity.ONLINE;
import static io.hearthnet.emergency.TestNode.CLOUD;
import static io.hearthnet.emergency.TestNode.LOCAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.spi.Connectivity;
import io.hearthnet.api.testing.ManualClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emergency spec's four unit tests (M09 §8), through a real node: synthetic probes, a manual
 * clock, and probe rounds driven with {@link EmergencyExtension#probeNow()}.
 */
class EmergencySpecTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private final Instant t0 = clock.instant();
    private final ScriptedProbe a = new ScriptedProbe("synthetic://a");
    private final ScriptedProbe b = new ScriptedProbe("synthetic://b");
    private final ScriptedProbe c = new ScriptedProbe("synthetic://c");
    private final ScriptedProbe d = new ScriptedProbe("synthetic://d");
    private final List<Connectivity> heard = new CopyOnWriteArrayList<>();
    private EmergencyExtension emergency;
    private TestNode node;

    @BeforeEach
    void start() {
        emergency = EmergencyExtension.builder().probe(a).probe(b).probe(c).probe(d).periodic(false).build();
        emergency.stateBus().subscribe(s -> heard.add(s.mode()));
        node = new TestNode(dir, clock, emergency);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private EmergencyState at(long seconds) {
        clock.set(t0.plusSeconds(seconds));
        return emergency.probeNow();
    }

    @Test
    void test_state_transitions_with_synthetic_probes() {
        EmergencyState s = at(0);
        assertThat(s.mode()).isEqualTo(ONLINE);
        assertThat(s.probes()).containsExactly(Map.entry("synthetic://a", true), Map.entry("synthetic://b", true),
                Map.entry("synthetic://c", true), Map.entry("synthetic://d", true));
        assertThat(s.lastProbe()).contains(t0);

        a.up(false);
        s = at(10);
        assertThat(s.mode()).as("any failing probe degrades").isEqualTo(DEGRADED);
        assertThat(s.since()).isEqualTo(t0.plusSeconds(10));
        assertThat(s.probes()).containsEntry("synthetic://a", false);
        assertThat(s.results().get("synthetic://a").detail()).isEqualTo("scripted failure");

        b.up(false);
        assertThat(at(20).mode()).isEqualTo(DEGRADED);
        assertThat(at(39).mode()).as("a has failed 29 s").isEqualTo(DEGRADED);
        assertThat(at(45).mode()).as("only a has failed 30 s").isEqualTo(DEGRADED);
        s = at(50);
        assertThat(s.mode()).as("a and b have failed 30 s").isEqualTo(OFFLINE);
        assertThat(s.since()).isEqualTo(t0.plusSeconds(50));

        a.up(true);
        b.up(true);
        assertThat(at(52).mode()).as("passing, but not yet for 10 s").isEqualTo(OFFLINE);
        assertThat(at(61).mode()).isEqualTo(OFFLINE);
        s = at(62);
        assertThat(s.mode()).as("all passing for 10 s").isEqualTo(ONLINE);
        assertThat(s.since()).isEqualTo(t0.plusSeconds(62));
        assertThat(s.lastProbe()).contains(t0.plusSeconds(62));

        assertThat(heard).containsExactly(DEGRADED, OFFLINE, ONLINE);
        assertThat(emergency.state()).isEqualTo(s);
        assertThat(a.runs).hasValue(9);
    }

    @Test
    void test_anti_flap_holds_pessimistic_state() {
        at(0);
        a.up(false);
        assertThat(at(1).mode()).isEqualTo(DEGRADED);
        a.up(true);
        at(2);
        assertThat(at(12).mode()).isEqualTo(ONLINE);
        a.up(false);
        assertThat(at(13).mode()).as("third transition within 60 s").isEqualTo(DEGRADED);
        a.up(true);
        at(14);
        assertThat(at(24).mode()).as("a fourth would be more than 3 in 60 s: held").isEqualTo(DEGRADED);
        assertThat(at(40).mode()).isEqualTo(DEGRADED);
        assertThat(at(60).mode()).as("the transition at 1 s is still inside (0 s, 60 s]").isEqualTo(DEGRADED);
        assertThat(at(61).mode()).as("the window has moved past the first transition").isEqualTo(ONLINE);
        assertThat(heard).containsExactly(DEGRADED, ONLINE, DEGRADED, ONLINE);
        assertThat(node.metrics())
                .contains("hearthnet_emergency_transitions_total{from=\"online\",to=\"degraded\"} 2")
                .contains("hearthnet_emergency_transitions_total{from=\"degraded\",to=\"online\"} 2");
    }

    @Test
    void test_withdraw_on_offline() {
        at(0);
        assertThat(node.manifestCapabilities()).containsExactly(CLOUD, LOCAL);
        a.up(false);
        b.up(false);
        assertThat(at(5).mode()).isEqualTo(DEGRADED);
        assertThat(node.manifestCapabilities()).as("degraded withdraws nothing").containsExactly(CLOUD, LOCAL);
        assertThat(node.healthConnectivity()).isEqualTo("degraded");

        assertThat(at(35).mode()).isEqualTo(OFFLINE);
        assertThat(node.manifestCapabilities()).containsExactly(LOCAL);
        assertThat(node.registeredCapabilities()).containsExactly(LOCAL);
        assertThatThrownBy(() -> node.node.caller().call(CLOUD, "1.0", Json.object()))
                .isInstanceOfSatisfying(HearthNetException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(node.node.caller().call(LOCAL, "1.0", Json.object()).get("from").asText()).isEqualTo(LOCAL);
        assertThat(node.announced).containsExactly(DEGRADED, OFFLINE);
        assertThat(node.healthConnectivity()).isEqualTo("offline");

        ObjectNode view = node.view("emergency").orElseThrow();
        assertThat(view.get("mode").asText()).isEqualTo("offline");
        assertThat(view.get("since").asText()).isEqualTo(t0.plusSeconds(35).toString());
        assertThat(view.get("last_probe").asText()).isEqualTo(t0.plusSeconds(35).toString());
        assertThat(view.get("probes").get("synthetic://a").asBoolean()).isFalse();
        assertThat(view.get("probes").get("synthetic://c").asBoolean()).isTrue();
        assertThat(view.get("failures").get("synthetic://b").asText()).isEqualTo("scripted failure");
        assertThat(node.metrics())
                .contains("hearthnet_emergency_transitions_total{from=\"degraded\",to=\"offline\"} 1")
                .contains("hearthnet_emergency_mode{mode=\"offline\"} 1")
                .contains("hearthnet_emergency_mode{mode=\"online\"} 0")
                .contains("hearthnet_emergency_probe_up{target=\"synthetic://a\"} 0");
    }

    @Test
    void test_restore_on_online() {
        at(0);
        a.up(false);
        b.up(false);
        at(5);
        assertThat(at(35).mode()).isEqualTo(OFFLINE);
        assertThat(node.manifestCapabilities()).containsExactly(LOCAL);

        a.up(true);
        b.up(true);
        assertThat(at(36).mode()).isEqualTo(OFFLINE);
        assertThat(node.manifestCapabilities()).as("nothing comes back before 10 s of passing").containsExactly(LOCAL);
        assertThat(at(46).mode()).isEqualTo(ONLINE);
        assertThat(node.manifestCapabilities()).containsExactly(CLOUD, LOCAL);
        assertThat(node.registeredCapabilities()).containsExactly(CLOUD, LOCAL);
        assertThat(node.node.caller().call(CLOUD, "1.0", Json.object()).get("from").asText()).isEqualTo(CLOUD);
        assertThat(node.announced).containsExactly(DEGRADED, OFFLINE, ONLINE);
        assertThat(node.healthConnectivity()).isEqualTo("online");
        assertThat(node.metrics()).contains("hearthnet_emergency_transitions_total{from=\"offline\",to=\"online\"} 1");
        assertThat(node.node.manifest().issuedAt()).as("the manifest was re-issued").isEqualTo(t0.plusSeconds(46));
    }
}
