package io.hearthnet.bus;

import static io.hearthnet.bus.Fixtures.echoDescriptor;
import static io.hearthnet.bus.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearthnet.api.CallOptions;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.TrustLevel;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remaining unit tests named in the bus specification, and the observability surface. */
class BusSpecUnitTest {
    private final ManualClock clock = new ManualClock();
    private final Fixtures.Harness h = Fixtures.harness(clock, BusConfig.defaults());

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void test_schema_hash_stable_across_runs() {
        // Fixed expectation: the same descriptor hashes the same in every JVM, on every machine.
        CapabilityDescriptor d = CapabilityDescriptor.builder("chat.send", "1.0")
                .requestSchema(Json.parseObject("{\"type\":\"object\",\"required\":[\"to\",\"text\"]}")).build();
        CapabilityDescriptor reordered = CapabilityDescriptor.builder("chat.send", "1.0")
                .requestSchema(Json.parseObject("{\"required\":[\"to\",\"text\"],\"type\":\"object\"}")).build();
        assertThat(d.schemaHash()).isEqualTo(reordered.schemaHash()).matches("blake3:[0-9a-f]{64}");
        assertThat(d.schemaHash()).isEqualTo(io.hearthnet.api.json.Blake3.hash(
                ("{\"name\":\"chat.send\",\"request_schema\":{\"required\":[\"to\",\"text\"],\"type\":\"object\"},"
                        + "\"response_schema\":null,\"stream_schema\":null,\"version\":\"1.0\"}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void test_schema_hash_changes_on_schema_change() {
        CapabilityDescriptor d = echoDescriptor("experimental.echo", "1.0");
        CapabilityDescriptor otherResponse = d.toBuilder().responseSchema(Json.parseObject("{\"type\":\"object\"}")).build();
        CapabilityDescriptor otherVersion = CapabilityDescriptor.builder("experimental.echo", "1.1")
                .requestSchema(Fixtures.textSchema()).responseSchema(Fixtures.textSchema()).build();
        CapabilityDescriptor streaming = d.toBuilder().streamSchema(Json.parseObject("{\"type\":\"object\"}")).build();
        assertThat(List.of(otherResponse.schemaHash(), otherVersion.schemaHash(), streaming.schemaHash()))
                .doesNotContain(d.schemaHash()).doesNotHaveDuplicates();
        assertThat(d.toBuilder().maxConcurrent(99).build().schemaHash()).isEqualTo(d.schemaHash());
    }

    @Test
    void test_sticky_session_binds_then_unbinds_on_peer_removal() {
        NodeKeyPair p1 = NodeKeyPair.generate();
        NodeKeyPair p2 = NodeKeyPair.generate();
        h.bus.updatePeer(Fixtures.manifest(p1, clock, "mem://x/p1", echoDescriptor("experimental.echo", "1.0")));
        h.bus.updatePeer(Fixtures.manifest(p2, clock, "mem://x/p2", echoDescriptor("experimental.echo", "1.0")));
        StickySessions sticky = new StickySessions(BusConfig.defaults(), clock);
        h.bus.registry().subscribe(e -> {
            if (e.kind() == RegistryEvent.Kind.REMOVED) {
                sticky.unbindAll(e.entry().key());
            }
        });
        CapabilityEntry bound = h.bus.route("experimental.echo", Version.of(1, 0), CallOptions.defaults());
        sticky.bind("s1", bound.key());
        assertThat(sticky.get("s1")).isEqualTo(bound.key());
        h.bus.removePeer(bound.node());
        assertThat(sticky.get("s1")).isNull();
        assertThat(h.bus.route("experimental.echo", Version.of(1, 0), CallOptions.defaults()).node()).isNotEqualTo(bound.node());
    }

    @Test
    void roster_files_are_verified_against_the_community_root(@TempDir Path dir) throws Exception {
        NodeKeyPair root = NodeKeyPair.generate();
        NodeKeyPair member = NodeKeyPair.generate();
        Path file = dir.resolve("roster.json");
        Files.writeString(file, Json.write(RosterTrustPolicy.sign(root, "elm", Map.of(member.nodeId(), TrustLevel.TRUSTED),
                Set.of(), clock)));
        RosterTrustPolicy roster = RosterTrustPolicy.load(file, root.nodeId());
        assertThat(roster.levelOf(member.nodeId(), "elm")).isEqualTo(TrustLevel.TRUSTED);
        assertThat(roster.levelOf(root.nodeId(), "elm")).isEqualTo(TrustLevel.ANCHOR);
        assertThat(roster.levelOf(member.nodeId(), "other")).isEqualTo(TrustLevel.UNKNOWN);
        assertThatThrownBy(() -> RosterTrustPolicy.load(file, NodeKeyPair.generate().nodeId()))
                .extracting(e -> ((HearthNetException) e).code()).isEqualTo(ErrorCode.INVALID_SIGNATURE);
        Files.writeString(file, Files.readString(file).replace("\"trusted\"", "\"anchor\""));
        assertThatThrownBy(() -> RosterTrustPolicy.load(file, root.nodeId()))
                .extracting(e -> ((HearthNetException) e).code()).isEqualTo(ErrorCode.INVALID_SIGNATURE);
    }

    @Test
    void every_call_is_traced_counted_and_exported_as_prometheus_text() {
        h.bus.register(Fixtures.echo("experimental.echo", "1.0"));
        for (int i = 0; i < 3; i++) {
            h.bus.call("experimental.echo", "1.0", text("x"));
        }
        assertThatThrownBy(() -> h.bus.call("experimental.missing", "1.0", text("x")));
        assertThat(h.bus.recentTraces(10)).hasSize(4);
        assertThat(h.bus.recentTraces(10).get(0).result()).isEqualTo("not_found");
        String metrics = h.bus.metricsText();
        assertThat(metrics).contains("hearthnet_calls_total{capability=\"experimental.echo\",result=\"ok\"} 3")
                .contains("hearthnet_calls_total{capability=\"experimental.missing\",result=\"not_found\"} 1")
                .contains("hearthnet_call_duration_seconds_count{capability=\"experimental.echo\"} 3")
                .contains("# TYPE hearthnet_call_duration_seconds histogram")
                .contains("hearthnet_in_flight{capability=\"experimental.echo\"} 0");
        assertThat(h.bus.topology().toJson().get("capabilities")).hasSize(1);
    }

    @Test
    void the_trace_ring_keeps_only_the_newest_events() {
        TraceRing ring = new TraceRing(3);
        for (int i = 0; i < 10; i++) {
            ring.add(new TraceEvent(clock.instant(), "t" + i, "c", "1.0", "a", "b", true, "ok", 1, 0, 0));
        }
        assertThat(ring.recent(10)).extracting(TraceEvent::traceId).containsExactly("t9", "t8", "t7");
        assertThat(ring.total()).isEqualTo(10);
    }
}
