package io.hearthnet.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.CallOptions;
import io.hearthnet.api.Capability;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.CapabilityHandler;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.Frame;
import io.hearthnet.api.FrameStream;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.Version;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.manifest.NodeManifest;
import io.hearthnet.api.spi.TransportProvider;
import io.hearthnet.api.testing.Expect;
import io.hearthnet.api.testing.Ports;
import io.hearthnet.api.testing.Threads;
import io.hearthnet.bus.HearthNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayTransportTest {
    private static final Version V1 = Version.of(1, 0);

    @TempDir
    Path dir;
    private RelayHub hub;
    private RelayMesh mesh;

    private URI startHub(int port) {
        hub = RelayHub.builder().port(port).bindAddress("127.0.0.1").dataDir(dir.resolve("hub")).build();
        hub.start();
        return hub.url();
    }

    @AfterEach
    void close() {
        if (mesh != null) {
            mesh.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void two_nodes_without_a_direct_route_call_each_other_through_the_hub() {
        URI url = startHub(0);
        mesh = new RelayMesh(dir);
        HearthNode a = mesh.node("a", url, Caps.echo("experimental.echo.a", "a"));
        HearthNode b = mesh.node("b", url, Caps.echo("experimental.echo.b", "b"));
        assertThat(a.endpoints()).extracting(e -> e.scheme()).containsExactly("relay");

        RelayMesh.awaitRoute(a, "experimental.echo.b", b.nodeId());
        RelayMesh.awaitRoute(b, "experimental.echo.a", a.nodeId());

        ObjectNode fromB = a.caller().call("experimental.echo.b", "1.0", Caps.text("hello b"));
        ObjectNode fromA = b.caller().call("experimental.echo.a", "1.0", Caps.text("hello a"));

        assertThat(fromB).isEqualTo(Json.object().put("text", "hello b").put("by", "b"));
        assertThat(fromA).isEqualTo(Json.object().put("text", "hello a").put("by", "a"));
        assertThat(a.bus().recentTraces(10)).filteredOn(t -> t.capability().equals("experimental.echo.b"))
                .extracting(t -> t.to()).containsExactly(b.nodeId().value());
        assertThat(RelayMesh.relay(a).peers()).extracting(RelayPeer::node).containsExactly(b.nodeId());
    }

    @Test
    void many_concurrent_calls_each_get_their_own_reply() throws Exception {
        URI url = startHub(0);
        mesh = new RelayMesh(dir);
        HearthNode a = mesh.node("a", url);
        HearthNode b = mesh.node("b", url, Caps.echo("experimental.echo", "b"));
        RelayMesh.awaitRoute(a, "experimental.echo", b.nodeId());

        List<Thread> threads = new ArrayList<>();
        List<AtomicReference<Throwable>> outcomes = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            var outcome = new AtomicReference<Throwable>();
            outcomes.add(outcome);
            threads.add(Threads.start("caller-" + t, outcome, () -> {
                for (int i = 0; i < 25; i++) {
                    String text = thread + "/" + i;
                    assertThat(a.caller().call("experimental.echo", "1.0", Caps.text(text)).get("text").asText()).isEqualTo(text);
                }
            }));
        }
        threads.forEach(Threads::join);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.get()).isNull());
    }

    @Test
    void a_stream_delivers_its_frames_in_order_ending_with_done() {
        URI url = startHub(0);
        mesh = new RelayMesh(dir);
        HearthNode a = mesh.node("a", url);
        HearthNode b = mesh.node("b", url, Caps.counter("experimental.count", 40));
        RelayMesh.awaitRoute(a, "experimental.count", b.nodeId());

        List<Frame> frames;
        try (FrameStream stream = a.caller().stream("experimental.count", "1.0", Json.object().put("n", 40))) {
            frames = stream.readAll();
        }

        assertThat(frames).hasSize(41);
        for (int i = 0; i < 40; i++) {
            assertThat(frames.get(i).event()).isEqualTo("tick");
            assertThat(frames.get(i).data().get("i").asInt()).isEqualTo(i);
        }
        assertThat(frames.get(40).isDone()).isTrue();
    }

    /**
     * Whether {@code t} is parked inside {@code Object.wait} called from the sink's {@code awaitRoom}
     * (one stack snapshot, so not a quick pass through {@code awaitRoom} that finds room).
     */
    private static boolean waitingInAwaitRoom(Thread t) {
        if (t == null) {
            return false;
        }
        StackTraceElement[] stack = t.getStackTrace();
        for (int i = 0; i < stack.length; i++) {
            if (stack[i].getMethodName().equals("awaitRoom")) {
                return i > 0;
            }
            if (!stack[i].getClassName().equals("java.lang.Object")) {
                return false;
            }
        }
        return false;
    }

    @Test
    void a_slow_reader_holds_the_producer_a_buffer_ahead_and_the_stream_completes() {
        URI url = startHub(0);
        mesh = new RelayMesh(dir);
        int total = 3 * StreamReceiver.CAPACITY;
        java.util.concurrent.atomic.AtomicInteger emitted = new java.util.concurrent.atomic.AtomicInteger();
        AtomicReference<Thread> producer = new AtomicReference<>();
        io.hearthnet.api.Capability counting = io.hearthnet.api.Capability.of(
                io.hearthnet.api.CapabilityDescriptor.builder("experimental.count", "1.0").build(),
                io.hearthnet.api.CapabilityHandler.streaming((c, sink) -> {
                    producer.set(Thread.currentThread());
                    for (int i = 0; i < total; i++) {
                        sink.emit("tick", Json.object().put("i", i));
                        emitted.incrementAndGet();
                    }
                }));
        HearthNode a = mesh.node("a", url);
        HearthNode b = mesh.node("b", url, counting);
        RelayMesh.awaitRoute(a, "experimental.count", b.nodeId());

        List<Integer> seen = new java.util.ArrayList<>();
        Frame last;
        try (FrameStream stream = a.caller().stream("experimental.count", V1, Json.object(),
                CallOptions.builder().timeout(Duration.ofSeconds(60)).build())) {
            java.util.Iterator<Frame> frames = stream.iterator();
            for (int i = 0; i < 10; i++) {
                seen.add(frames.next().data().get("i").asInt());
            }
            Threads.awaitTrue("the producer to wait for the reader", () -> waitingInAwaitRoom(producer.get()));
            assertThat(emitted.get()).as("a receive buffer ahead of what was read, no further").isEqualTo(StreamReceiver.CAPACITY);
            Frame f = frames.next();
            while (!f.isDone()) {
                seen.add(f.data().get("i").asInt());
                f = frames.next();
            }
            last = f;
        }

        assertThat(last.isDone()).isTrue();
        assertThat(seen).hasSize(total);
        for (int i = 0; i < total; i++) {
            assertThat(seen.get(i)).isEqualTo(i);
        }
    }

    @Test
    void a_caller_closing_a_stream_early_cancels_the_producer() {
        URI url = startHub(0);
        mesh = new RelayMesh(dir);
        HearthNode a = mesh.node("a", url);
        var cancelled = new CountDownLatch(1);
        var endless = Capability.of(
                CapabilityDescriptor.builder("experimental.endless", "1.0").build(),
                CapabilityHandler.streaming((c, sink) -> {
                    try {
                        for (int i = 0; ; i++) {
                            sink.emit("tick", Json.object().put("i", i));
                        }
                    } catch (CancellationException e) {
                        cancelled.countDown();
                        throw e;
                    }
                }));
        HearthNode b = mesh.node("b", url, endless);
        RelayMesh.awaitRoute(a, "experimental.endless", b.nodeId());

        try (FrameStream stream = a.caller().stream("experimental.endless", "1.0", Json.object())) {
            var it = stream.iterator();
            for (int i = 0; i < 5; i++) {
                assertThat(it.next().data().get("i").asInt()).isEqualTo(i);
            }
        }
        Threads.await(cancelled);
    }

    @Test
    void errors_come_back_with_their_code_for_calls_and_streams() {
        URI url = startHub(0);
        mesh = new RelayMesh(dir);
        HearthNode a = mesh.node("a", url);
        HearthNode b = mesh.node("b", url, Caps.failing("experimental.fail", ErrorCode.REVOKED),
                Caps.counter("experimental.count", 3));
        RelayMesh.awaitRoute(a, "experimental.fail", b.nodeId());

        HearthNetException e = Expect.fails(ErrorCode.REVOKED, () -> a.caller().call("experimental.fail", "1.0", Json.object()));
        assertThat(e.getMessage()).contains("refused on purpose");
        Expect.fails(ErrorCode.BAD_REQUEST, () -> a.caller().call("experimental.count", "1.0", Json.object()));
    }

    @Test
    void a_callee_serving_its_maximum_of_relayed_calls_answers_capacity_exceeded() {
        URI url = startHub(0);
        mesh = new RelayMesh(dir);
        var entered = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var blocking = Capability.of(
                CapabilityDescriptor.builder("experimental.block", "1.0").maxConcurrent(8).build(),
                CapabilityHandler.unary(c -> {
                    entered.countDown();
                    Threads.await(release);
                    return Json.object().put("released", true);
                }));
        HearthNode a = mesh.node("a", url);
        HearthNode b = mesh.node("b", url, Map.of("relay.max-inbound", "1"), blocking);
        RelayMesh.awaitRoute(a, "experimental.block", b.nodeId());
        var outcome = new AtomicReference<Throwable>();
        Thread first = Threads.start("first", outcome, () -> a.caller().call("experimental.block", "1.0", Json.object()));
        Threads.await(entered);

        HearthNetException busy = Expect.fails(ErrorCode.CAPACITY_EXCEEDED,
                () -> a.caller().call("experimental.block", "1.0", Json.object()));
        assertThat(busy.retryAfter()).isPresent();

        release.countDown();
        Threads.join(first);
        assertThat(outcome.get()).isNull();
    }

    @Test
    void the_peer_fetches_a_manifest_through_the_hub() {
        URI url = startHub(0);
        mesh = new RelayMesh(dir);
        HearthNode a = mesh.node("a", url);
        HearthNode b = mesh.node("b", url, Caps.echo("experimental.echo", "b"));
        RelayMesh.awaitRoute(a, "experimental.echo", b.nodeId());

        ObjectNode json = RelayMesh.relay(a).fetchManifest(b.endpoints().get(0));

        NodeManifest manifest = NodeManifest.fromJson(json).verify(Clock.systemUTC());
        assertThat(manifest.nodeId()).isEqualTo(b.nodeId());
        assertThat(manifest.endpoints()).isEqualTo(b.endpoints());
    }

    @Test
    void a_node_that_stops_disappears_from_its_peers() {
        URI url = startHub(0);
        mesh = new RelayMesh(dir);
        HearthNode a = mesh.node("a", url);
        HearthNode b = mesh.node("b", url, Caps.echo("experimental.echo", "b"));
        RelayMesh.awaitRoute(a, "experimental.echo", b.nodeId());

        b.close();

        Threads.awaitTrue("a to forget b", () -> a.bus().registry().peers().isEmpty());
        assertThat(hub.memberCount()).isEqualTo(1);
        Expect.fails(ErrorCode.NOT_FOUND, () -> a.caller().call("experimental.echo", "1.0", Caps.text("x")));
    }

    @Test
    void nodes_reconnect_after_the_hub_restarts_and_find_their_roster_restored() {
        int port = Ports.freeBelowEphemeralRange();
        URI url = startHub(port);
        mesh = new RelayMesh(dir);
        Map<String, String> fast = Map.of("relay.backoff-min-ms", "20", "relay.backoff-max-ms", "200");
        HearthNode a = mesh.node("a", url, fast);
        HearthNode b = mesh.node("b", url, fast, Caps.echo("experimental.echo", "b"));
        RelayMesh.awaitRoute(a, "experimental.echo", b.nodeId());

        hub.close();
        Expect.fails(ErrorCode.PARTITION, () -> a.caller().call("experimental.echo", V1, Caps.text("x"),
                CallOptions.builder().timeout(Duration.ofSeconds(2)).build()));
        startHub(port);
        assertThat(hub.memberCount()).as("the roster came back from disk").isEqualTo(2);

        Threads.awaitTrue("both nodes to poll the new hub", () -> hub.state().parkedPolls() == 2);
        assertThat(a.caller().call("experimental.echo", "1.0", Caps.text("again")).get("text").asText()).isEqualTo("again");
    }

    @Test
    void a_node_starts_while_its_hub_is_down_and_joins_once_it_is_up() throws Exception {
        int port = Ports.freeBelowEphemeralRange();
        mesh = new RelayMesh(dir);
        URI url = URI.create("http://127.0.0.1:" + port);
        HearthNode a = mesh.node("a", url, Map.of("relay.backoff-min-ms", "20", "relay.backoff-max-ms", "200"));
        assertThat(a.isRunning()).isTrue();
        assertThat(a.endpoints()).hasSize(1);
        assertThat(RelayMesh.relay(a).isJoined()).isFalse();

        startHub(port);

        Threads.awaitTrue("a to join", () -> RelayMesh.relay(a).isJoined());
        assertThat(RelayMesh.relay(a).hubId()).contains(hub.nodeId());
    }

    @Test
    void without_relay_url_the_transport_is_idle_and_the_node_starts() {
        mesh = new RelayMesh(dir);
        HearthNode a = mesh.node("a", null, Caps.echo("experimental.echo", "a"));

        assertThat(a.isRunning()).isTrue();
        assertThat(a.endpoints()).isEmpty();
        assertThat(RelayMesh.relay(a).isJoined()).isFalse();
        assertThat(a.caller().call("experimental.echo", "1.0", Caps.text("local")).get("by").asText()).isEqualTo("a");
    }

    @Test
    void a_malformed_relay_setting_is_bad_request() {
        mesh = new RelayMesh(dir);
        Expect.fails(ErrorCode.BAD_REQUEST, "relay.url", () -> mesh.node("a", URI.create("ftp://x:1")));
        Expect.fails(ErrorCode.BAD_REQUEST, "relay.poll-wait-ms", () -> mesh.node("b", URI.create("http://127.0.0.1:1"),
                Map.of("relay.poll-wait-ms", "soon")));
    }

    @Test
    void the_provider_is_found_by_the_service_loader() {
        List<String> schemes = StreamSupport.stream(ServiceLoader.load(TransportProvider.class).spliterator(), false)
                .map(TransportProvider::scheme).collect(Collectors.toList());
        assertThat(schemes).contains("relay");
    }
}
