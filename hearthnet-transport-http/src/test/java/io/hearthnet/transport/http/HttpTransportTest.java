package io.hearthnet.transport.http;

import static io.hearthnet.transport.http.Caps.echo;
import static io.hearthnet.transport.http.Caps.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearthnet.api.CallOptions;
import io.hearthnet.api.Capability;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.CapabilityHandler;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.manifest.NodeManifest;
import io.hearthnet.api.testing.Expect;
import io.hearthnet.api.testing.ManualClock;
import io.hearthnet.bus.HearthNode;
import io.hearthnet.bus.TraceEvent;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP transport on real loopback sockets: routing, signatures, every inbound refusal. */
class HttpTransportTest {
    @TempDir
    Path dir;
    private HttpMesh mesh;

    @BeforeEach
    void setUp() {
        mesh = new HttpMesh(dir);
    }

    @AfterEach
    void tearDown() {
        mesh.close();
    }

    @Test
    void two_nodes_route_calls_to_each_other_over_http() {
        HearthNode a = mesh.node("a", echo("experimental.alpha"));
        HearthNode b = mesh.node("b", echo("experimental.beta"));
        mesh.introduceAll();
        assertThat(a.endpoints().get(0).toString()).startsWith("http://127.0.0.1:");
        assertThat(b.caller().call("experimental.alpha", "1.0", text("to a")).get("text").asText()).isEqualTo("to a");
        TraceEvent remote = b.bus().recentTraces(1).get(0);
        assertThat(remote.local()).isFalse();
        assertThat(remote.to()).isEqualTo(a.nodeId().value());
        assertThat(a.bus().recentTraces(5)).anyMatch(t -> t.traceId().equals(remote.traceId()) && t.from().equals(b.nodeId().value()));
        assertThat(a.caller().call("experimental.beta", "1.0", text("to b")).get("text").asText()).isEqualTo("to b");
    }

    @Test
    void a_signed_round_trip_carries_a_signed_reply() throws Exception {
        HearthNode server = mesh.node("server", echo("experimental.echo"));
        NodeKeyPair caller = NodeKeyPair.generate();
        RawClient raw = new RawClient(server.endpoints().get(0));
        HttpResponse<String> r = raw.post(RawClient.signed(caller, "test", "experimental.echo", text("hi"), Clock.systemUTC()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(RawClient.json(r).get("text").asText()).isEqualTo("hi");
        assertThat(r.headers().firstValue(WireHeaders.FROM)).contains(server.nodeId().value());
        var signed = new io.hearthnet.api.wire.SignedResponse(r.headers().firstValue(WireHeaders.REQUEST_ID).orElseThrow(),
                server.nodeId(), r.headers().firstValue(WireHeaders.TIMESTAMP).orElseThrow(),
                r.headers().firstValue(WireHeaders.SIGNATURE).orElseThrow());
        signed.verify(server.nodeId(), signed.requestId(), 200, RawClient.json(r));
    }

    @Test
    void a_body_changed_after_signing_is_invalid_signature() throws Exception {
        HearthNode server = mesh.node("server", echo("experimental.echo"));
        RawClient raw = new RawClient(server.endpoints().get(0));
        var request = RawClient.signed(NodeKeyPair.generate(), "test", "experimental.echo", text("pay 5"), Clock.systemUTC());
        String changed = new String(request.body(), StandardCharsets.UTF_8).replace("pay 5", "pay 500");
        HttpResponse<String> r = raw.post(request.withBody(changed.getBytes(StandardCharsets.UTF_8)));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(RawClient.json(r).get("error").asText()).isEqualTo("invalid_signature");
    }

    @Test
    void a_replayed_request_is_rejected() throws Exception {
        HearthNode server = mesh.node("server", echo("experimental.echo"));
        RawClient raw = new RawClient(server.endpoints().get(0));
        var request = RawClient.signed(NodeKeyPair.generate(), "test", "experimental.echo", text("once"), Clock.systemUTC());
        assertThat(raw.post(request).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = raw.post(request);
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(RawClient.json(replay).get("message").asText()).contains("replay");
    }

    @Test
    void a_timestamp_five_minutes_off_is_expired() throws Exception {
        HearthNode server = mesh.node("server", echo("experimental.echo"));
        RawClient raw = new RawClient(server.endpoints().get(0));
        ManualClock behind = new ManualClock(Clock.systemUTC().instant().minus(Duration.ofMinutes(5)));
        HttpResponse<String> r = raw.post(RawClient.signed(NodeKeyPair.generate(), "test", "experimental.echo", text("x"), behind));
        assertThat(r.statusCode()).isEqualTo(410);
        assertThat(RawClient.json(r).get("error").asText()).isEqualTo("expired");
    }

    @Test
    void a_two_mib_body_is_413_and_the_server_keeps_serving() throws Exception {
        HearthNode server = mesh.node("server", echo("experimental.echo"));
        RawClient raw = new RawClient(server.endpoints().get(0));
        var request = RawClient.signed(NodeKeyPair.generate(), "test", "experimental.echo", text("x"), Clock.systemUTC());
        HttpResponse<String> r = raw.post(request.withBody(new byte[2 * 1024 * 1024]));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(RawClient.json(r).get("error").asText()).isEqualTo("bad_request");
        assertThat(raw.post(RawClient.signed(NodeKeyPair.generate(), "test", "experimental.echo", text("ok"), Clock.systemUTC()))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void malformed_json_is_bad_request() throws Exception {
        HearthNode server = mesh.node("server", echo("experimental.echo"));
        RawClient raw = new RawClient(server.endpoints().get(0));
        var request = RawClient.signed(NodeKeyPair.generate(), "test", "experimental.echo", text("x"), Clock.systemUTC());
        HttpResponse<String> r = raw.post(request.withBody("{\"params\":{},\"input\":".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(RawClient.json(r).get("error").asText()).isEqualTo("bad_request");
        assertThat(RawClient.json(r).get("message").asText()).contains("malformed JSON");
    }

    @Test
    void an_unknown_capability_is_404_not_found() throws Exception {
        HearthNode server = mesh.node("server", echo("experimental.echo"));
        RawClient raw = new RawClient(server.endpoints().get(0));
        HttpResponse<String> r = raw.post(RawClient.signed(NodeKeyPair.generate(), "test", "experimental.nothing", text("x"), Clock.systemUTC()));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(RawClient.json(r).get("error").asText()).isEqualTo("not_found");
    }

    @Test
    void a_schema_violation_is_400_schema_mismatch_with_the_expected_hash() throws Exception {
        Capability echo = echo("experimental.echo");
        HearthNode server = mesh.node("server", echo);
        RawClient raw = new RawClient(server.endpoints().get(0));
        HttpResponse<String> r = raw.post(RawClient.signed(NodeKeyPair.generate(), "test", "experimental.echo",
                Json.object().put("text", 42), Clock.systemUTC()));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(RawClient.json(r).get("error").asText()).isEqualTo("schema_mismatch");
        assertThat(RawClient.json(r).get("schema_hash_expected").asText()).isEqualTo(echo.descriptor().schemaHash());
    }

    @Test
    void another_community_is_unauthorized_and_missing_headers_are_bad_request() throws Exception {
        HearthNode server = mesh.node("server", echo("experimental.echo"));
        RawClient raw = new RawClient(server.endpoints().get(0));
        HttpResponse<String> other = raw.post(RawClient.signed(NodeKeyPair.generate(), "elsewhere", "experimental.echo", text("x"), Clock.systemUTC()));
        assertThat(other.statusCode()).isEqualTo(401);
        assertThat(RawClient.json(other).get("error").asText()).isEqualTo("unauthorized");
        var request = RawClient.signed(NodeKeyPair.generate(), "test", "experimental.echo", text("x"), Clock.systemUTC());
        HttpResponse<String> missing = raw.post(request.withHeader(WireHeaders.SIGNATURE, null));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(RawClient.json(missing).get("message").asText()).contains(WireHeaders.SIGNATURE);
    }

    @Test
    void saturation_answers_429_capacity_exceeded_at_once() throws Exception {
        CountDownLatch entered = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        CapabilityDescriptor d = CapabilityDescriptor.builder("experimental.slow", "1.0").maxConcurrent(10).build();
        HearthNode server = mesh.node("server", HttpTransportConfig.builder().maxConcurrentRequests(2),
                Capability.of(d, CapabilityHandler.unary(c -> {
                    entered.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    return Json.object();
                })));
        RawClient raw = new RawClient(server.endpoints().get(0));
        List<CompletableFuture<HttpResponse<String>>> busy = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            var req = RawClient.signed(NodeKeyPair.generate(), "test", "experimental.slow", Json.object(), Clock.systemUTC());
            busy.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return raw.post(req);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        HttpResponse<String> refused = raw.post(RawClient.signed(NodeKeyPair.generate(), "test", "experimental.slow", Json.object(), Clock.systemUTC()));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(RawClient.json(refused).get("error").asText()).isEqualTo("capacity_exceeded");
        assertThat(RawClient.json(refused).get("retry_after_ms").asLong()).isPositive();
        release.countDown();
        for (var f : busy) {
            assertThat(f.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(raw.get("/metrics").body()).contains("hearthnet_http_refused_total{reason=\"capacity_exceeded\"} 1");
    }

    @Test
    void over_the_rate_limit_is_429_rate_limited_with_retry_after() throws Exception {
        HearthNode server = mesh.node("server", HttpTransportConfig.builder().peerRateLimit(1, 2), echo("experimental.echo"));
        RawClient raw = new RawClient(server.endpoints().get(0));
        NodeKeyPair caller = NodeKeyPair.generate();
        assertThat(raw.post(RawClient.signed(caller, "test", "experimental.echo", text("1"), Clock.systemUTC())).statusCode()).isEqualTo(200);
        assertThat(raw.post(RawClient.signed(caller, "test", "experimental.echo", text("2"), Clock.systemUTC())).statusCode()).isEqualTo(200);
        HttpResponse<String> third = raw.post(RawClient.signed(caller, "test", "experimental.echo", text("3"), Clock.systemUTC()));
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(RawClient.json(third).get("error").asText()).isEqualTo("rate_limited");
        assertThat(RawClient.json(third).get("retry_after_ms").asLong()).isBetween(1L, 1000L);
        assertThat(raw.post(RawClient.signed(NodeKeyPair.generate(), "test", "experimental.echo", text("other"), Clock.systemUTC()))
                .statusCode()).as("another peer has its own bucket").isEqualTo(200);
    }

    @Test
    void the_client_maps_failures_to_contract_codes() {
        HearthNode caller = mesh.node("caller");
        HearthNode gone = mesh.node("gone", echo("experimental.echo"));
        mesh.introduceAll();
        gone.close();
        mesh.nodes.remove(gone);
        assertThatThrownBy(() -> caller.caller().call("experimental.echo", "1.0", text("x")))
                .isInstanceOfSatisfying(HearthNetException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PARTITION);
                    assertThat(e.neverDelivered()).as("the connection was refused: nothing was sent").isTrue();
                });

        CountDownLatch release = new CountDownLatch(1);
        CapabilityDescriptor slow = CapabilityDescriptor.builder("experimental.slow", "1.0").build();
        HearthNode sleepy = mesh.node("sleepy", Capability.of(slow, CapabilityHandler.unary(c -> {
            release.await(10, TimeUnit.SECONDS);
            return Json.object();
        })));
        mesh.introduceAll();
        try {
            assertThatThrownBy(() -> caller.caller().call("experimental.slow", Version.of(1, 0), Json.object(),
                    CallOptions.builder().timeout(Duration.ofMillis(300)).build()))
                    .extracting(e -> ((HearthNetException) e).code()).isEqualTo(ErrorCode.TIMEOUT);
        } finally {
            release.countDown();
        }
        assertThat(sleepy.isRunning()).isTrue();
    }

    @Test
    void a_connection_that_breaks_after_the_request_was_sent_is_a_partition_that_may_have_run() throws Exception {
        HearthNode caller = mesh.node("caller");
        HearthNode gone = mesh.node("gone", echo("experimental.echo"));
        mesh.introduceAll();
        int port = gone.endpoints().get(0).uri().getPort();
        gone.close();
        mesh.nodes.remove(gone);
        try (java.net.ServerSocket swallower = new java.net.ServerSocket()) {
            swallower.setReuseAddress(true);
            swallower.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            CompletableFuture<Integer> readBytes = takeOneRequestAndHangUp(swallower);

            assertThatThrownBy(() -> caller.caller().call("experimental.echo", "1.0", text("x")))
                    .isInstanceOfSatisfying(HearthNetException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.PARTITION);
                        assertThat(e.neverDelivered()).as("the request went out; the peer may have run it").isFalse();
                    });
            assertThat(readBytes.get(10, TimeUnit.SECONDS)).isPositive();
        }
    }

    @Test
    void a_non_idempotent_call_whose_first_path_took_the_request_and_broke_is_not_sent_down_the_second() throws Exception {
        java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
        CapabilityDescriptor post = CapabilityDescriptor.builder("experimental.post", "1.0").idempotent(false).build();
        HearthNode caller = mesh.node("caller");
        HearthNode b = mesh.node("b", echo("experimental.echo"), Capability.of(post, CapabilityHandler.unary(c -> {
            ran.incrementAndGet();
            return text("posted");
        })));
        try (java.net.ServerSocket swallower = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            io.hearthnet.api.Endpoint broken = io.hearthnet.api.Endpoint.parse("http://127.0.0.1:" + swallower.getLocalPort());
            caller.bus().updatePeer(b.manifest(), List.of(broken, b.endpoints().get(0)));

            CompletableFuture<Integer> took = takeOneRequestAndHangUp(swallower);
            assertThatThrownBy(() -> caller.caller().call("experimental.post", "1.0", text("x")))
                    .isInstanceOfSatisfying(HearthNetException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PARTITION));
            assertThat(took.get(10, TimeUnit.SECONDS)).isPositive();
            assertThat(ran).as("it may have run at the broken path, so it was not run again").hasValue(0);

            assertThat(caller.caller().call("experimental.post", "1.0", text("y")).get("text").asText())
                    .as("the broken path is tried last now").isEqualTo("posted");
            assertThat(ran).hasValue(1);
        }
    }

    @Test
    void a_manifest_fetch_stops_at_1_mib_and_at_5_s_whatever_answers_there() throws Exception {
        HearthNode caller = mesh.node("caller");
        try (java.net.ServerSocket endless = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> {
                long total = 0;
                try (java.net.Socket s = endless.accept()) {
                    s.getInputStream().read(new byte[8192]);
                    s.getOutputStream().write(head);
                    byte[] chunk = ("10000\r\n" + " ".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                    while (total < 64L << 20) {
                        s.getOutputStream().write(chunk);
                        total += 0x10000;
                    }
                } catch (java.io.IOException e) {
                    // the client hung up, as it should
                }
                return total;
            });
            io.hearthnet.api.Endpoint endlessAt = io.hearthnet.api.Endpoint.parse("http://127.0.0.1:" + endless.getLocalPort());
            Expect.fails(ErrorCode.BAD_REQUEST, "larger than", () -> caller.transports().get(0).fetchManifest(endlessAt));
            assertThat(sent.get(20, TimeUnit.SECONDS)).as("the download was abandoned long before 64 MiB").isLessThan(32L << 20);

            CompletableFuture.runAsync(() -> {
                try (java.net.Socket s = silent.accept()) {
                    s.getInputStream().read(new byte[8192]);
                    s.getOutputStream().write(head);
                    s.getOutputStream().flush();
                    s.getInputStream().read(); // then say nothing until the client gives up
                } catch (java.io.IOException e) {
                    // the client hung up
                }
            });
            io.hearthnet.api.Endpoint silentAt = io.hearthnet.api.Endpoint.parse("http://127.0.0.1:" + silent.getLocalPort());
            long begin = System.nanoTime();
            Expect.fails(ErrorCode.TIMEOUT, () -> caller.transports().get(0).fetchManifest(silentAt));
            assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void the_server_gives_a_request_30_s_to_arrive_and_answers_without_delayed_ack() {
        mesh.node("server");
        // Read by the JDK once, when its server classes load; the transport sets them first.
        assertThat(System.getProperty("sun.net.httpserver.maxReqTime")).isEqualTo("30");
        assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
    }

    @Test
    void diagnostics_are_served_only_to_the_clients_the_config_admits() throws Exception {
        HearthNode node = mesh.node("server", HttpTransportConfig.builder()
                .diagnosticsFor(address -> address.getHostAddress().equals("127.0.0.2")));
        RawClient fromOne = new RawClient(node.endpoints().get(0));
        for (String path : List.of("/topology", "/metrics", "/trace/recent?n=5")) {
            HttpResponse<String> refused = fromOne.get(path);
            assertThat(refused.statusCode()).as(path).isEqualTo(401);
            assertThat(RawClient.json(refused).get("message").asText()).contains("http.open-diagnostics");
        }
        assertThat(fromOne.get("/manifest").statusCode()).isEqualTo(200);
        assertThat(fromOne.get("/health").statusCode()).isEqualTo(200);

        java.net.URI uri = node.endpoints().get(0).uri();
        try (java.net.Socket fromTwo = new java.net.Socket()) {
            fromTwo.bind(new java.net.InetSocketAddress("127.0.0.2", 0));
            fromTwo.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            fromTwo.getOutputStream().write(("GET /topology HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(fromTwo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 200").contains("\"capabilities\"");
        }
    }

    @Test
    void this_machine_means_loopback_and_the_addresses_of_its_own_interfaces() throws Exception {
        assertThat(HttpTransportConfig.isThisMachine(java.net.InetAddress.getLoopbackAddress())).isTrue();
        for (java.net.NetworkInterface nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (java.net.InetAddress own : java.util.Collections.list(nic.getInetAddresses())) {
                assertThat(HttpTransportConfig.isThisMachine(own)).as(own.toString()).isTrue();
            }
        }
        // TEST-NET-1 (RFC 5737): never assigned to a real interface; only looked up, nothing is sent.
        assertThat(HttpTransportConfig.isThisMachine(java.net.InetAddress.getByName("192.0.2.1"))).isFalse();
    }

    /** Accepts one connection on {@code server}, reads what the client sent, and closes it without a reply. */
    private static CompletableFuture<Integer> takeOneRequestAndHangUp(java.net.ServerSocket server) {
        return CompletableFuture.supplyAsync(() -> {
            try (java.net.Socket s = server.accept()) {
                return s.getInputStream().read(new byte[8192]);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void node_endpoints_serve_manifest_health_ready_metrics_traces_and_topology() throws Exception {
        HearthNode server = mesh.node("server", echo("experimental.echo"));
        HearthNode other = mesh.node("other", echo("experimental.other"));
        mesh.introduceAll();
        other.caller().call("experimental.echo", "1.0", text("x"));
        RawClient raw = new RawClient(server.endpoints().get(0));
        NodeManifest manifest = NodeManifest.fromJson(RawClient.json(raw.get("/manifest"))).verify(Clock.systemUTC());
        assertThat(manifest.nodeId()).isEqualTo(server.nodeId());
        assertThat(RawClient.json(raw.get("/health")).get("status").asText()).isEqualTo("ok");
        assertThat(RawClient.json(raw.get("/ready")).get("ready").asBoolean()).isTrue();
        assertThat(RawClient.json(raw.get("/ready")).get("peers").asInt()).isEqualTo(1);
        HttpResponse<String> metrics = raw.get("/metrics");
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(metrics.body()).contains("hearthnet_calls_total{capability=\"experimental.echo\",result=\"ok\"} 1");
        var traces = RawClient.json(raw.get("/trace/recent?n=5")).get("traces");
        assertThat(traces).hasSize(1);
        assertThat(traces.get(0).get("from").asText()).isEqualTo(other.nodeId().value());
        assertThat(RawClient.json(raw.get("/topology")).get("capabilities")).isNotEmpty();
        assertThat(raw.get("/trace/recent?n=0").statusCode()).isEqualTo(400);
        assertThat(raw.get("/nothing-here").statusCode()).isEqualTo(404);
        HearthNode bare = mesh.node("bare");
        assertThat(new RawClient(bare.endpoints().get(0)).get("/ready").statusCode()).as("no capability yet").isEqualTo(503);
    }

    @Test
    void mutating_capabilities_have_their_signed_replies_verified() {
        CapabilityDescriptor post = CapabilityDescriptor.builder("market.post", "1.0").build();
        HearthNode market = mesh.node("market", Capability.of(post, CapabilityHandler.unary(c -> Json.object().put("id", "p1"))));
        HearthNode caller = mesh.node("caller");
        mesh.introduceAll();
        assertThat(caller.caller().call("market.post", "1.0", Json.object()).get("id").asText()).isEqualTo("p1");
        assertThat(HttpCaller.MUTATING.matcher("market.post").matches()).isTrue();
        assertThat(HttpCaller.MUTATING.matcher("chat.send").matches()).isTrue();
        assertThat(HttpCaller.MUTATING.matcher("chat.history").matches()).isFalse();
        assertThat(market.isRunning()).isTrue();
    }
}
