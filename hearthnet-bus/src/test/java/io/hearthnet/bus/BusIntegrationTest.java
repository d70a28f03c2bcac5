package io.hearthnet.bus;

import static io.hearthnet.bus.Fixtures.echo;
import static io.hearthnet.bus.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearthnet.api.CallOptions;
import io.hearthnet.api.Capability;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.CapabilityHandler;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.Frame;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bus specification's integration tests, over the in-memory transport. */
class BusIntegrationTest {
    private static final Version V1 = Version.of(1, 0);
    @TempDir
    Path dir;
    private MeshFixture mesh;

    @BeforeEach
    void setUp() {
        mesh = new MeshFixture(dir);
    }

    @AfterEach
    void tearDown() {
        mesh.close();
    }

    private static Capability chat(String reply) {
        CapabilityDescriptor d = CapabilityDescriptor.builder("llm.chat", "1.0")
                .requestSchema(Fixtures.textSchema()).responseSchema(Fixtures.textSchema())
                .idempotent(true).maxConcurrent(8).build();
        return Capability.of(d, CapabilityHandler.unary(call -> text(reply + ":" + call.input().get("text").asText())));
    }

    @Test
    void a_remote_call_gets_the_deadline_its_provider_announces_unless_the_caller_asks_for_less() {
        java.util.List<java.time.Instant> deadlines = new java.util.concurrent.CopyOnWriteArrayList<>();
        CapabilityDescriptor slow = CapabilityDescriptor.builder("experimental.slow", "1.0")
                .timeout(java.time.Duration.ofMinutes(2)).build();
        HearthNode b = mesh.node("b", Capability.of(slow, CapabilityHandler.unary(call -> {
            deadlines.add(call.deadline());
            return io.hearthnet.api.json.Json.object();
        })));
        HearthNode a = mesh.node("a");
        mesh.introduceAll();

        a.caller().call("experimental.slow", "1.0", io.hearthnet.api.json.Json.object());
        a.caller().call("experimental.slow", V1, io.hearthnet.api.json.Json.object(),
                io.hearthnet.api.CallOptions.builder().timeout(java.time.Duration.ofSeconds(5)).build());

        assertThat(deadlines).containsExactly(mesh.clock.instant().plus(java.time.Duration.ofMinutes(2)),
                mesh.clock.instant().plus(java.time.Duration.ofSeconds(5)));
    }

    @Test
    void test_two_nodes_route_to_each_other() {
        HearthNode a = mesh.node("a", chat("a"));
        HearthNode b = mesh.node("b", echo("experimental.echo", "1.0"));
        mesh.introduceAll();
        assertThat(b.caller().call("llm.chat", "1.0", text("hi")).get("text").asText()).isEqualTo("a:hi");
        TraceEvent atCaller = b.bus().recentTraces(1).get(0);
        assertThat(atCaller.local()).isFalse();
        assertThat(atCaller.to()).isEqualTo(a.nodeId().value());
        assertThat(atCaller.bytesIn()).isPositive();
        TraceEvent atProvider = a.bus().recentTraces(1).get(0);
        assertThat(atProvider.capability()).isEqualTo("llm.chat");
        assertThat(atProvider.from()).isEqualTo(b.nodeId().value());
        assertThat(atProvider.traceId()).isEqualTo(atCaller.traceId());

        assertThat(a.caller().call("experimental.echo", "1.0", text("yo")).get("text").asText()).isEqualTo("yo");
        assertThat(a.bus().recentTraces(1).get(0).to()).isEqualTo(b.nodeId().value());
    }

    @Test
    void test_three_nodes_load_balance() {
        List<HearthNode> providers = List.of(mesh.node("p1", chat("p1")), mesh.node("p2", chat("p2")), mesh.node("p3", chat("p3")));
        HearthNode caller = mesh.node("caller");
        mesh.introduceAll();
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            String who = caller.caller().call("llm.chat", "1.0", text("x")).get("text").asText().split(":")[0];
            counts.merge(who, 1, Integer::sum);
        }
        assertThat(counts).hasSize(3);
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(24, 43)); // within 30 % of 33.3
        assertThat(providers).hasSize(3);
    }

    @Test
    void test_quarantine_after_chaos() {
        AtomicBoolean broken = new AtomicBoolean(true);
        AtomicInteger chaosCalls = new AtomicInteger();
        CapabilityDescriptor d = CapabilityDescriptor.builder("llm.chat", "1.0")
                .requestSchema(Fixtures.textSchema()).responseSchema(Fixtures.textSchema()).idempotent(true).build();
        HearthNode chaos = mesh.node("chaos", Capability.of(d, CapabilityHandler.unary(call -> {
            chaosCalls.incrementAndGet();
            if (broken.get()) {
                throw new IllegalStateException("injected fault");
            }
            return text("chaos");
        })));
        HearthNode caller = mesh.node("caller");
        mesh.introduceAll();

        // While the chaos node is the only provider, every call reaches it and fails, until it is quarantined.
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> caller.caller().call("llm.chat", "1.0", text("x")))
                    .isInstanceOfSatisfying(HearthNetException.class, e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.INTERNAL_ERROR));
        }
        CapabilityEntry chaosEntry = caller.bus().registry().entry(chaos.nodeId(), "llm.chat", V1).orElseThrow();
        assertThat(chaosEntry.isQuarantined(mesh.clock.instant())).isTrue();
        assertThat(caller.bus().stats().quarantines()).isEqualTo(1);
        assertThatThrownBy(() -> caller.caller().call("llm.chat", "1.0", text("x")))
                .extracting(e -> ((HearthNetException) e).code()).isEqualTo(ErrorCode.PARTITION);
        assertThat(chaosCalls.get()).isEqualTo(5);

        // A healthy provider appears: it takes the calls while the chaos node sits out its quarantine.
        HearthNode steady = mesh.node("steady", chat("steady"));
        mesh.introduceAll();
        for (int i = 0; i < 10; i++) {
            assertThat(caller.caller().call("llm.chat", "1.0", text("x")).get("text").asText()).startsWith("steady");
        }
        assertThat(chaosCalls.get()).isEqualTo(5);

        // The fault is fixed; after the quarantine period exactly one probe call reaches it and resets its history.
        broken.set(false);
        mesh.clock.advance(Duration.ofSeconds(61));
        mesh.introduceAll();
        assertThat(caller.caller().call("llm.chat", "1.0", text("x")).get("text").asText()).isEqualTo("chaos");
        assertThat(chaosCalls.get()).isEqualTo(6);
        assertThat(chaosEntry.isQuarantined(mesh.clock.instant())).isFalse();
        assertThat(chaosEntry.successRate()).isEqualTo(1.0);
        assertThat(steady.isRunning()).isTrue();
    }

    @Test
    void test_streaming_call_records_full_trace() {
        CapabilityDescriptor d = CapabilityDescriptor.builder("llm.chat", "1.0")
                .streamSchema(Json.parseObject("{\"type\":\"object\",\"required\":[\"token\"]}")).build();
        HearthNode provider = mesh.node("provider", Capability.of(d, CapabilityHandler.streaming((call, sink) -> {
            for (String t : List.of("hello", " ", "world")) {
                sink.emit("token", Json.object().put("token", t));
            }
        })));
        HearthNode caller = mesh.node("caller");
        mesh.introduceAll();
        List<Frame> frames = caller.caller().stream("llm.chat", "1.0", Json.object()).readAll();
        assertThat(frames).extracting(Frame::event).containsExactly("token", "token", "token", "done");
        assertThat(frames).extracting(f -> f.data().path("token").asText("")).containsExactly("hello", " ", "world", "");

        TraceEvent atCaller = caller.bus().recentTraces(1).get(0);
        assertThat(atCaller.result()).isEqualTo("ok");
        assertThat(atCaller.local()).isFalse();
        awaitTrace(provider, atCaller.traceId());
        assertThat(caller.bus().registry().entry(provider.nodeId(), "llm.chat", V1).orElseThrow().inFlight()).isZero();
        assertThat(provider.bus().registry().local().get(0).inFlight()).isZero();
    }

    private static void awaitTrace(HearthNode node, String traceId) {
        io.hearthnet.api.testing.Threads.awaitTrue("trace " + traceId + " at " + node.displayName(), () -> node.bus()
                .recentTraces(10).stream().anyMatch(t -> t.traceId().equals(traceId) && t.result().equals("ok")));
    }

    @Test
    void test_sticky_routing_preserves_session_across_calls() {
        mesh.node("p1", chat("p1"));
        mesh.node("p2", chat("p2"));
        mesh.node("p3", chat("p3"));
        HearthNode caller = mesh.node("caller");
        mesh.introduceAll();
        CallOptions session = CallOptions.builder().sessionId("conversation-1").build();
        String first = caller.caller().call("llm.chat", V1, text("a"), session).get("text").asText().split(":")[0];
        for (int i = 0; i < 20; i++) {
            assertThat(caller.caller().call("llm.chat", V1, text("b"), session).get("text").asText()).startsWith(first + ":");
        }
        HearthNode bound = mesh.nodes.stream().filter(n -> n.displayName().equals(first)).findFirst().orElseThrow();
        caller.bus().removePeer(bound.nodeId());
        String second = caller.caller().call("llm.chat", V1, text("c"), session).get("text").asText().split(":")[0];
        assertThat(second).isNotEqualTo(first);
        for (int i = 0; i < 5; i++) {
            assertThat(caller.caller().call("llm.chat", V1, text("d"), session).get("text").asText()).startsWith(second + ":");
        }
    }

    @Test
    void an_unreachable_peer_is_a_partition_and_idempotent_calls_fail_over() {
        HearthNode gone = mesh.node("gone", chat("gone"));
        HearthNode alive = mesh.node("alive", chat("alive"));
        HearthNode caller = mesh.node("caller");
        mesh.introduceAll();
        gone.close();
        for (int i = 0; i < 6; i++) {
            assertThat(caller.caller().call("llm.chat", "1.0", text("x")).get("text").asText()).startsWith("alive");
        }
        alive.close();
        assertThatThrownBy(() -> caller.caller().call("llm.chat", "1.0", text("x")))
                .extracting(e -> ((HearthNetException) e).code()).isIn(ErrorCode.PARTITION);
    }

    /** A capability that is not idempotent (a post, a payment) and counts what its provider ran. */
    private static Capability post(AtomicInteger ran, ErrorCode failWith) {
        CapabilityDescriptor d = CapabilityDescriptor.builder("experimental.post", "1.0").idempotent(false).build();
        return Capability.of(d, CapabilityHandler.unary(call -> {
            ran.incrementAndGet();
            if (failWith != null) {
                throw new HearthNetException(failWith, "this provider's own upstream is gone");
            }
            return text("posted");
        }));
    }

    @Test
    void a_call_that_never_reached_its_provider_goes_to_the_next_even_when_not_idempotent() {
        AtomicInteger ranOnAlive = new AtomicInteger();
        HearthNode gone = mesh.node("gone", post(new AtomicInteger(), null));
        mesh.node("alive", post(ranOnAlive, null));
        HearthNode caller = mesh.node("caller");
        mesh.introduceAll();
        gone.close();

        for (int i = 0; i < 6; i++) {
            assertThat(caller.caller().call("experimental.post", "1.0", text("x")).get("text").asText()).isEqualTo("posted");
        }
        assertThat(ranOnAlive).hasValue(6);
        assertThat(caller.bus().recentTraces(20)).as("gone was tried, and the call went on")
                .anyMatch(t -> t.to().equals(gone.nodeId().value()) && t.result().equals("partition"));
    }

    @Test
    void a_non_idempotent_call_that_may_have_run_is_not_sent_to_another_provider() {
        AtomicInteger ranOnBroken = new AtomicInteger();
        AtomicInteger ranOnHealthy = new AtomicInteger();
        mesh.node("broken", post(ranOnBroken, ErrorCode.PARTITION));
        mesh.node("healthy", post(ranOnHealthy, null));
        HearthNode caller = mesh.node("caller");
        mesh.introduceAll();

        int failed = 0;
        for (int i = 0; i < 8; i++) {
            try {
                caller.caller().call("experimental.post", "1.0", text("x"));
            } catch (HearthNetException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.PARTITION);
                assertThat(e.neverDelivered()).as("the provider answered: it got the request").isFalse();
                failed++;
            }
        }

        assertThat(ranOnBroken.get()).as("the broken provider was chosen at least once").isPositive().isEqualTo(failed);
        assertThat(ranOnHealthy.get()).as("each call ran exactly once, wherever it ran").isEqualTo(8 - failed);
    }

    @Test
    void calls_from_another_community_are_refused() {
        HearthNode a = mesh.node("a", chat("a"));
        HearthNode outsider = HearthNode.builder().keys(io.hearthnet.api.identity.NodeKeyPair.generate())
                .dataDir(dir.resolve("outsider")).communityId("other").clock(mesh.clock).discoverTransports(false)
                .transport(new MemoryTransportProvider()).setting("mem.network", mesh.network)
                .setting("mem.name", "outsider").build();
        outsider.start();
        mesh.nodes.add(outsider);
        outsider.bus().updatePeer(a.manifest());
        assertThatThrownBy(() -> outsider.caller().call("llm.chat", "1.0", text("x")))
                .isInstanceOfSatisfying(HearthNetException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                    assertThat(e.getMessage()).contains("community");
                });
    }

    @Test
    void a_call_can_be_pinned_to_one_node() {
        mesh.node("p1", chat("p1"));
        HearthNode p2 = mesh.node("p2", chat("p2"));
        HearthNode caller = mesh.node("caller");
        mesh.introduceAll();
        CallOptions pinned = CallOptions.builder().targetNode(p2.nodeId()).build();
        for (int i = 0; i < 5; i++) {
            assertThat(caller.caller().call("llm.chat", V1, text("x"), pinned).get("text").asText()).startsWith("p2:");
        }
        NodeId nobody = io.hearthnet.api.identity.NodeKeyPair.generate().nodeId();
        assertThatThrownBy(() -> caller.caller().call("llm.chat", V1, text("x"), CallOptions.builder().targetNode(nobody).build()))
                .extracting(e -> ((HearthNetException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }
}
