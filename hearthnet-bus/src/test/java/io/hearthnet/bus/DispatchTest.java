package io.hearthnet.bus;

import static io.hearthnet.bus.Fixtures.echo;
import static io.hearthnet.bus.Fixtures.text;
import static io.hearthnet.bus.Fixtures.textSchema;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearthnet.api.Call;
import io.hearthnet.api.CallOptions;
import io.hearthnet.api.Capability;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.CapabilityHandler;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.Frame;
import io.hearthnet.api.FrameStream;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.Reply;
import io.hearthnet.api.TrustLevel;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.testing.ManualClock;
import io.hearthnet.api.token.CapabilityToken;
import io.hearthnet.api.token.TokenScope;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatchTest {
    private static final Version V1 = Version.of(1, 0);
    private final ManualClock clock = new ManualClock();
    private final Fixtures.Harness h = Fixtures.harness(clock, BusConfig.defaults());
    private final CapabilityBus bus = h.bus;

    @AfterEach
    void close() {
        h.close();
    }

    private static ErrorCode codeOf(Throwable t) {
        return ((HearthNetException) t).code();
    }

    private Call inbound(NodeKeyPair caller, String capability, CapabilityToken token) {
        return Call.builder(capability, V1, caller.nodeId()).input(text("hi"))
                .deadline(clock.instant().plusSeconds(30)).token(token).build();
    }

    @Test
    void local_call_runs_the_handler_and_is_traced() {
        bus.register(echo("experimental.echo", "1.0"));
        assertThat(bus.call("experimental.echo", "1.0", text("hello")).get("text").asText()).isEqualTo("hello");
        TraceEvent t = bus.recentTraces(1).get(0);
        assertThat(t.local()).isTrue();
        assertThat(t.result()).isEqualTo("ok");
        assertThat(t.from()).isEqualTo(h.keys.nodeId().value());
        assertThat(t.to()).isEqualTo(h.keys.nodeId().value());
        assertThat(bus.stats().calls("experimental.echo", "ok")).isEqualTo(1);
    }

    @Test
    void input_that_violates_the_schema_is_schema_mismatch_and_never_reaches_the_handler() {
        AtomicInteger invoked = new AtomicInteger();
        CapabilityDescriptor d = Fixtures.echoDescriptor("experimental.echo", "1.0");
        bus.register(Capability.of(d, CapabilityHandler.unary(c -> {
            invoked.incrementAndGet();
            return text("x");
        })));
        assertThatThrownBy(() -> bus.call("experimental.echo", "1.0", Json.object().put("text", 5)))
                .isInstanceOfSatisfying(HearthNetException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH);
                    assertThat(e.schemaHashExpected()).contains(d.schemaHash());
                });
        assertThat(invoked).hasValue(0);
    }

    @Test
    void a_reply_that_violates_the_schema_is_schema_mismatch() {
        bus.register(Capability.of(Fixtures.echoDescriptor("experimental.echo", "1.0"),
                CapabilityHandler.unary(c -> Json.object().put("wrong", true))));
        assertThatThrownBy(() -> bus.call("experimental.echo", "1.0", text("a")))
                .extracting(DispatchTest::codeOf).isEqualTo(ErrorCode.SCHEMA_MISMATCH);
        assertThat(bus.registry().local().get(0).inFlight()).isZero();
    }

    @Test
    void test_in_flight_decrements_on_handler_exception() {
        CapabilityEntry e = bus.register(Capability.of(Fixtures.echoDescriptor("experimental.echo", "1.0"),
                CapabilityHandler.unary(c -> {
                    throw new IllegalStateException("boom");
                })));
        assertThatThrownBy(() -> bus.call("experimental.echo", "1.0", text("a")))
                .isInstanceOfSatisfying(HearthNetException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
                    assertThat(ex.getMessage()).contains("boom");
                });
        assertThat(e.inFlight()).isZero();
        assertThat(bus.recentTraces(1).get(0).result()).isEqualTo("internal_error");
    }

    @Test
    void over_max_concurrent_is_capacity_exceeded_and_slots_come_back() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CapabilityDescriptor d = Fixtures.echoDescriptor("experimental.slow", "1.0").toBuilder().maxConcurrent(1).build();
        CapabilityEntry e = bus.register(Capability.of(d, CapabilityHandler.unary(c -> {
            entered.countDown();
            release.await();
            return text("done");
        })));
        CompletableFuture<Object> first = CompletableFuture.supplyAsync(() -> bus.call("experimental.slow", "1.0", text("a")));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> bus.call("experimental.slow", "1.0", text("b")))
                .isInstanceOfSatisfying(HearthNetException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.CAPACITY_EXCEEDED);
                    assertThat(ex.retryAfter()).contains(Duration.ofMillis(250));
                });
        release.countDown();
        first.get(5, TimeUnit.SECONDS);
        assertThat(e.inFlight()).isZero();
        assertThat(bus.call("experimental.slow", "1.0", text("c")).get("text").asText()).isEqualTo("done");
        assertThat(bus.stats().capacityRejections()).isEqualTo(1);
    }

    @Test
    void a_handler_that_overruns_its_deadline_is_a_timeout() {
        CapabilityDescriptor d = Fixtures.echoDescriptor("experimental.slow", "1.0").toBuilder().timeout(Duration.ofSeconds(2)).build();
        bus.register(Capability.of(d, CapabilityHandler.unary(c -> {
            clock.advance(Duration.ofSeconds(3));
            return text("late");
        })));
        assertThatThrownBy(() -> bus.call("experimental.slow", "1.0", text("a")))
                .extracting(DispatchTest::codeOf).isEqualTo(ErrorCode.TIMEOUT);
    }

    @Test
    void a_caller_timeout_shorter_than_the_capability_wins() {
        List<Call> seen = new java.util.ArrayList<>();
        bus.register(Capability.of(Fixtures.echoDescriptor("experimental.echo", "1.0"), CapabilityHandler.unary(c -> {
            seen.add(c);
            return text("x");
        })));
        bus.call("experimental.echo", V1, text("a"), CallOptions.builder().timeout(Duration.ofMillis(1500)).build());
        assertThat(seen.get(0).deadline()).isEqualTo(clock.instant().plusMillis(1500));
    }

    @Test
    void other_nodes_running_out_of_their_own_deadlines_do_not_quarantine_a_local_capability() {
        bus.register(Capability.of(Fixtures.echoDescriptor("experimental.slow", "1.0"), CapabilityHandler.unary(c -> {
            throw new HearthNetException(ErrorCode.TIMEOUT, "the caller's deadline passed");
        })));
        NodeKeyPair other = NodeKeyPair.generate();
        for (int i = 0; i < 40; i++) {
            assertThatThrownBy(() -> bus.handleInbound(inbound(other, "experimental.slow", null)))
                    .extracting(DispatchTest::codeOf).isEqualTo(ErrorCode.TIMEOUT);
        }
        CapabilityEntry entry = bus.registry().local().stream().filter(e -> e.name().equals("experimental.slow")).findFirst()
                .orElseThrow();
        assertThat(entry.health().isQuarantined(clock.millis())).isFalse();

        for (int i = 0; i < 40 && !entry.health().isQuarantined(clock.millis()); i++) {
            try {
                bus.call("experimental.slow", "1.0", text("x"));
            } catch (HearthNetException e) {
                assertThat(e.code()).isIn(ErrorCode.TIMEOUT, ErrorCode.PARTITION);
            }
        }
        assertThat(entry.health().isQuarantined(clock.millis())).as("the node's own calls still count").isTrue();
    }

    @Test
    void inbound_calls_for_names_nobody_offers_are_traced_but_counted_under_one_label() {
        NodeKeyPair stranger = NodeKeyPair.generate();
        for (int i = 0; i < 3; i++) {
            String madeUp = "experimental.made_up_" + i;
            assertThatThrownBy(() -> bus.handleInbound(inbound(stranger, madeUp, null))).extracting(DispatchTest::codeOf)
                    .isEqualTo(ErrorCode.NOT_FOUND);
        }
        assertThat(bus.recentTraces(3)).extracting(TraceEvent::capability)
                .containsExactlyInAnyOrder("experimental.made_up_0", "experimental.made_up_1", "experimental.made_up_2");
        assertThat(bus.metricsText()).doesNotContain("made_up").contains("capability=\"" + CapabilityBus.UNKNOWN_CAPABILITY + "\"");
    }

    @Test
    void inbound_calls_need_the_required_trust_or_a_covering_token() {
        CapabilityDescriptor d = Fixtures.echoDescriptor("experimental.echo", "1.0").toBuilder()
                .trustRequired(TrustLevel.TRUSTED).build();
        bus.register(Capability.of(d, CapabilityHandler.unary(c -> text("ok"))));
        NodeKeyPair stranger = NodeKeyPair.generate();
        assertThatThrownBy(() -> bus.handleInbound(inbound(stranger, "experimental.echo", null)))
                .isInstanceOfSatisfying(HearthNetException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                    assertThat(e.getMessage()).contains("trusted");
                });
        CapabilityToken token = CapabilityToken.builder(h.keys, stranger.nodeId()).audience(h.keys.nodeId())
                .scope(TokenScope.of("experimental.echo@1.0")).lifetime(Duration.ofMinutes(5)).issue(clock);
        Reply reply = bus.handleInbound(inbound(stranger, "experimental.echo", token));
        assertThat(((Reply.Unary) reply).body().get("text").asText()).isEqualTo("ok");

        clock.advance(Duration.ofMinutes(6));
        assertThatThrownBy(() -> bus.handleInbound(inbound(stranger, "experimental.echo", token)))
                .extracting(DispatchTest::codeOf).isEqualTo(ErrorCode.EXPIRED);

        CapabilityToken narrow = CapabilityToken.builder(h.keys, stranger.nodeId()).audience(h.keys.nodeId())
                .scope(TokenScope.of("experimental.other")).issue(clock);
        assertThatThrownBy(() -> bus.handleInbound(inbound(stranger, "experimental.echo", narrow)))
                .extracting(DispatchTest::codeOf).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThat(bus.registry().local().get(0).inFlight()).isZero();
    }

    @Test
    void revoked_callers_are_refused() {
        NodeKeyPair root = NodeKeyPair.generate();
        NodeKeyPair member = NodeKeyPair.generate();
        NodeKeyPair revoked = NodeKeyPair.generate();
        RosterTrustPolicy roster = RosterTrustPolicy.fromJson(RosterTrustPolicy.sign(root, "test",
                Map.of(member.nodeId(), TrustLevel.MEMBER, revoked.nodeId(), TrustLevel.TRUSTED),
                Set.of(revoked.nodeId()), clock), root.nodeId());
        Fixtures.Harness rosterBus = new Fixtures.Harness(NodeKeyPair.generate(), clock, BusConfig.defaults());
        try {
            CapabilityBus b = new CapabilityBus(rosterBus.keys.nodeId(), "test", BusConfig.defaults(), clock, roster,
                    rosterBus.executor, rosterBus.scheduler);
            b.register(echo("experimental.echo", "1.0"));
            Call fromMember = Call.builder("experimental.echo", V1, member.nodeId()).input(text("a"))
                    .deadline(clock.instant().plusSeconds(5)).build();
            assertThat(((Reply.Unary) b.handleInbound(fromMember)).body().get("text").asText()).isEqualTo("a");
            Call fromRevoked = Call.builder("experimental.echo", V1, revoked.nodeId()).input(text("a"))
                    .deadline(clock.instant().plusSeconds(5)).build();
            assertThatThrownBy(() -> b.handleInbound(fromRevoked)).extracting(DispatchTest::codeOf).isEqualTo(ErrorCode.REVOKED);
            Call fromStranger = Call.builder("experimental.echo", V1, NodeKeyPair.generate().nodeId()).input(text("a"))
                    .deadline(clock.instant().plusSeconds(5)).build();
            assertThatThrownBy(() -> b.handleInbound(fromStranger)).extracting(DispatchTest::codeOf).isEqualTo(ErrorCode.UNAUTHORIZED);
        } finally {
            rosterBus.close();
        }
    }

    @Test
    void inbound_calls_never_forward_to_remote_entries() {
        NodeKeyPair peer = NodeKeyPair.generate();
        bus.updatePeer(Fixtures.manifest(peer, clock, "mem://t/p", Fixtures.echoDescriptor("experimental.echo", "1.0")));
        assertThatThrownBy(() -> bus.handleInbound(inbound(NodeKeyPair.generate(), "experimental.echo", null)))
                .extracting(DispatchTest::codeOf).isEqualTo(ErrorCode.NOT_FOUND);
    }

    private static CapabilityDescriptor counterDescriptor() {
        return CapabilityDescriptor.builder("experimental.count", "1.0")
                .streamSchema(Json.parseObject("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}},\"required\":[\"n\"]}"))
                .timeout(Duration.ofMillis(300)).build();
    }

    @Test
    void local_streams_deliver_frames_in_order_then_done() {
        bus.register(Capability.of(counterDescriptor(), CapabilityHandler.streaming((call, sink) -> {
            for (int i = 0; i < 100; i++) {
                sink.emit("n", Json.object().put("n", i));
            }
        })));
        List<Frame> frames = bus.stream("experimental.count", "1.0", Json.object()).readAll();
        assertThat(frames).hasSize(101);
        for (int i = 0; i < 100; i++) {
            assertThat(frames.get(i).data().get("n").asInt()).isEqualTo(i);
            assertThat(frames.get(i).seq()).isEqualTo(i);
        }
        assertThat(frames.get(100).isDone()).isTrue();
    }

    @Test
    void a_frame_that_violates_the_stream_schema_ends_the_stream_with_schema_mismatch() {
        CapabilityEntry e = bus.register(Capability.of(counterDescriptor(), CapabilityHandler.streaming((call, sink) -> {
            sink.emit("n", Json.object().put("n", 1));
            sink.emit("n", Json.object().put("n", "two"));
        })));
        Iterator<Frame> it = bus.stream("experimental.count", "1.0", Json.object()).iterator();
        assertThat(it.next().data().get("n").asInt()).isEqualTo(1);
        assertThatThrownBy(it::hasNext).extracting(DispatchTest::codeOf).isEqualTo(ErrorCode.SCHEMA_MISMATCH);
        awaitZero(e);
    }

    @Test
    void closing_a_local_stream_cancels_the_producer_and_frees_its_slot() throws Exception {
        AtomicBoolean sawCancel = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        CapabilityDescriptor endless = CapabilityDescriptor.builder("experimental.endless", "1.0")
                .streamSchema(textSchema()).build();
        CapabilityEntry e = bus.register(Capability.of(endless, CapabilityHandler.streaming((call, sink) -> {
            try {
                while (true) {
                    sink.emit("t", text("x"));
                }
            } catch (java.util.concurrent.CancellationException ex) {
                sawCancel.set(sink.isCancelled());
                throw ex;
            } finally {
                done.countDown();
            }
        })));
        try (FrameStream s = bus.stream("experimental.endless", "1.0", Json.object())) {
            Iterator<Frame> it = s.iterator();
            it.next();
            it.next();
        }
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(sawCancel).isTrue();
        awaitZero(e);
    }

    @Test
    void a_stream_past_its_deadline_ends_with_timeout() {
        CapabilityEntry e = bus.register(Capability.of(counterDescriptor(), CapabilityHandler.streaming((call, sink) -> {
            new CountDownLatch(1).await(5, TimeUnit.SECONDS); // a producer that never gets going
        })));
        FrameStream s = bus.stream("experimental.count", "1.0", Json.object());
        assertThatThrownBy(() -> s.iterator().hasNext()).extracting(DispatchTest::codeOf).isEqualTo(ErrorCode.TIMEOUT);
        s.close();
    }

    @Test
    void emergency_withdraws_and_restores_internet_capabilities() {
        bus.register(echo("experimental.echo", "1.0"));
        CapabilityDescriptor cloud = Fixtures.echoDescriptor("experimental.cloud", "1.0").toBuilder().requiresInternet(true).build();
        bus.register(Capability.of(cloud, CapabilityHandler.unary(c -> text("cloud"))));
        assertThat(bus.withdrawInternetCapabilities()).isEqualTo(1);
        assertThat(bus.registry().local()).extracting(CapabilityEntry::name).containsExactly("experimental.echo");
        assertThatThrownBy(() -> bus.call("experimental.cloud", "1.0", text("a"))).extracting(DispatchTest::codeOf)
                .isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(bus.restoreInternetCapabilities()).isEqualTo(1);
        assertThat(bus.call("experimental.cloud", "1.0", text("a")).get("text").asText()).isEqualTo("cloud");
    }

    private static void awaitZero(CapabilityEntry e) {
        io.hearthnet.api.testing.Threads.awaitTrue(e + " to have nothing in flight", () -> e.inFlight() == 0);
    }
}
