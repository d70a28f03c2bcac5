package io.hearthnet.examples.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.hearthnet.api.CallOptions;
import io.hearthnet.api.Capability;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.CapabilityHandler;
import io.hearthnet.api.Frame;
import io.hearthnet.api.FrameStream;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.identity.Signatures;
import io.hearthnet.api.json.CanonicalJson;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.manifest.NodeManifest;
import io.hearthnet.bus.HearthNode;
import io.hearthnet.examples.EchoService;
import io.hearthnet.transport.http.HttpTransportConfig;
import io.hearthnet.transport.http.HttpTransportProvider;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Load driver for the HTTP transport, all on loopback in one JVM: a signed HearthNet call beside a
 * bare JDK {@code HttpServer} echo (the stack's ceiling), 1 and 16 clients, SSE frames per second,
 * time to first frame, cancellation latency, and where a call's time goes (Ed25519, canonical JSON).
 * Bounded in count and time; prints a Markdown report.
 */
public final class HttpLoadDriver {
    private static final int LATENCY_CALLS = 5_000;
    private static final Duration THROUGHPUT_TIME = Duration.ofSeconds(8);
    private static final int CLIENTS = 16;

    private HttpLoadDriver() {}

    /** Runs every measurement and prints the report. */
    public static void run(PrintStream out) throws Exception {
        // Both servers get TCP_NODELAY; it must be set before the JDK server classes load.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        out.println("| measurement | bare JDK HttpServer echo | HearthNet signed call |");
        out.println("|---|---|---|");
        try (Mesh mesh = new Mesh(); Bare bare = new Bare()) {
            ObjectNode input = Json.object().put("text", "hello");
            Supplier<Runnable> bareCall = () -> bare::call;
            Supplier<Runnable> meshCall = () -> () -> mesh.caller.caller().call("experimental.echo", Version.of(1, 0), input,
                    CallOptions.defaults());
            warm(bareCall.get(), 3_000);
            warm(meshCall.get(), 3_000);
            long[] b = latencies(bareCall.get());
            long[] h = latencies(meshCall.get());
            out.printf("| p50 latency, 1 client | %.3f ms | %.3f ms |%n", pct(b, 50), pct(h, 50));
            out.printf("| p99 latency, 1 client | %.3f ms | %.3f ms |%n", pct(b, 99), pct(h, 99));
            out.printf("| throughput, %d clients | %,.0f calls/s | %,.0f calls/s |%n", CLIENTS,
                    throughput(bareCall), throughput(meshCall));
            out.println();
            streams(mesh, out);
            costs(out);
        }
    }

    private static void streams(Mesh mesh, PrintStream out) throws Exception {
        int frames = 200_000;
        long start = System.nanoTime();
        long n = 0;
        try (FrameStream s = mesh.caller.caller().stream("experimental.frames", Version.of(1, 0),
                Json.object().put("n", frames), CallOptions.defaults())) {
            for (Frame f : s) {
                n++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("| SSE frames per second, one stream (%,d frames) | %,.0f frames/s |%n", n - 1, (n - 1) / seconds);
        long[] first = new long[200];
        for (int i = 0; i < first.length; i++) {
            long t0 = System.nanoTime();
            try (FrameStream s = mesh.caller.caller().stream("experimental.frames", Version.of(1, 0),
                    Json.object().put("n", 10), CallOptions.defaults())) {
                s.iterator().next();
                first[i] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(first);
        out.printf("| time to first frame, p50 / p99 | %.3f ms / %.3f ms |%n", pct(first, 50), pct(first, 99));
        long[] cancel = new long[20];
        for (int i = 0; i < cancel.length; i++) {
            mesh.cancelSeen.set(0);
            FrameStream s = mesh.caller.caller().stream("experimental.quiet", Version.of(1, 0), Json.object(), CallOptions.defaults());
            Iterator<Frame> it = s.iterator();
            it.next();
            long closedAt = System.nanoTime();
            s.close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (mesh.cancelSeen.get() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            cancel[i] = mesh.cancelSeen.get() - closedAt;
        }
        Arrays.sort(cancel);
        out.printf("| close → quiet handler sees cancellation, p50 / max | %.1f ms / %.1f ms |%n",
                pct(cancel, 50), cancel[cancel.length - 1] / 1e6);
        out.println();
    }

    private static void costs(PrintStream out) {
        NodeKeyPair keys = NodeKeyPair.generate();
        NodeId id = NodeId.parse(keys.nodeId().value());
        ObjectNode envelope = Json.object().put("capability", "experimental.echo").put("version", "1.0")
                .put("request_id", "0123456789abcdef0123456789abcdef").put("from", keys.nodeId().value())
                .put("community", "hearthnet").put("timestamp", "2026-11-22T10:00:00.000Z");
        envelope.putObject("body").putObject("input").put("text", "hello");
        byte[] bytes = CanonicalJson.bytes(envelope);
        byte[] sig = keys.sign(bytes);
        for (int i = 0; i < 5_000; i++) {
            CanonicalJson.bytes(envelope);
            keys.sign(bytes);
            Signatures.verify(id, bytes, sig);
        }
        int n = 5_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            CanonicalJson.bytes(envelope);
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            keys.sign(bytes);
        }
        long t2 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Signatures.verify(id, bytes, sig);
        }
        long t3 = System.nanoTime();
        out.println("| cost per operation (one thread) | µs |");
        out.println("|---|---|");
        out.printf("| canonical JSON of a call envelope | %.1f |%n", (t1 - t0) / 1e3 / n);
        out.printf("| Ed25519 sign (BouncyCastle) | %.1f |%n", (t2 - t1) / 1e3 / n);
        out.printf("| Ed25519 verify (BouncyCastle, cached point) | %.1f |%n", (t3 - t2) / 1e3 / n);
        out.println();
        out.println("A signed call costs two signatures and two verifications (request and reply).");
    }

    private static void warm(Runnable call, int n) {
        for (int i = 0; i < n; i++) {
            call.run();
        }
    }

    private static long[] latencies(Runnable call) {
        long[] l = new long[LATENCY_CALLS];
        for (int i = 0; i < l.length; i++) {
            long t0 = System.nanoTime();
            call.run();
            l[i] = System.nanoTime() - t0;
        }
        Arrays.sort(l);
        return l;
    }

    private static double throughput(Supplier<Runnable> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + THROUGHPUT_TIME.toNanos();
        CountDownLatch finished = new CountDownLatch(CLIENTS);
        long start = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            Runnable call = calls.get();
            pool.execute(() -> {
                try {
                    while (System.nanoTime() < end) {
                        call.run();
                        done.incrementAndGet();
                    }
                } finally {
                    finished.countDown();
                }
            });
        }
        finished.await(THROUGHPUT_TIME.toSeconds() + 30, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdownNow();
        return done.get() / seconds;
    }

    private static double pct(long[] sortedNanos, int p) {
        int i = Math.min(sortedNanos.length - 1, (int) Math.ceil(sortedNanos.length * p / 100.0) - 1);
        return sortedNanos[Math.max(0, i)] / 1e6;
    }

    /** A bare JDK HttpServer echo and a JDK HttpClient: the ceiling of this stack. */
    private static final class Bare implements AutoCloseable {
        final HttpServer server;
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        final ExecutorService pool = Executors.newFixedThreadPool(CLIENTS * 2);
        final URI uri;

        Bare() throws Exception {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
            server.setExecutor(pool);
            server.createContext("/echo", ex -> {
                byte[] body = ex.getRequestBody().readAllBytes();
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            server.start();
            uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/echo");
        }

        void call() {
            try {
                client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hello\"}")).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            server.stop(0);
            pool.shutdownNow();
        }
    }

    /** Two HearthNet nodes on loopback: a server offering echo and streams, and a caller. */
    private static final class Mesh implements AutoCloseable {
        final HearthNode server;
        final HearthNode caller;
        final AtomicLong cancelSeen = new AtomicLong();
        final java.util.concurrent.ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor();

        Mesh() throws Exception {
            HttpTransportConfig.Builder cfg = HttpTransportConfig.builder().port(0).bindAddress("127.0.0.1")
                    .peerRateLimit(1_000_000, 1_000_000).capabilityRateLimit(1_000_000, 1_000_000);
            CapabilityDescriptor frames = CapabilityDescriptor.builder("experimental.frames", "1.0").maxConcurrent(64)
                    .streamSchema(Json.parseObject("{\"type\":\"object\"}")).build();
            CapabilityDescriptor quiet = CapabilityDescriptor.builder("experimental.quiet", "1.0").maxConcurrent(64)
                    .streamSchema(Json.parseObject("{\"type\":\"object\"}")).build();
            server = HearthNode.builder().keys(NodeKeyPair.generate()).dataDir(Files.createTempDirectory("hearthnet-load"))
                    .discoverTransports(false).transport(new HttpTransportProvider(cfg.build()))
                    .service(new EchoService())
                    .capability(Capability.of(frames, CapabilityHandler.streaming((call, sink) -> {
                        int n = call.input().path("n").asInt(10);
                        ObjectNode data = Json.object().put("token", "word");
                        for (int i = 0; i < n; i++) {
                            sink.emit("token", data);
                        }
                    })))
                    .capability(Capability.of(quiet, CapabilityHandler.streaming((call, sink) -> {
                        sink.emit("ready", Json.object());
                        while (!sink.isCancelled()) {
                            Thread.onSpinWait();
                            Thread.yield();
                        }
                        cancelSeen.set(System.nanoTime());
                    })))
                    .build();
            server.start();
            caller = HearthNode.builder().keys(NodeKeyPair.generate()).dataDir(Files.createTempDirectory("hearthnet-load"))
                    .discoverTransports(false).transport(new HttpTransportProvider(cfg.build())).build();
            caller.start();
            introduce();
            // Stand in for discovery: keep the server's manifest fresh at the caller.
            refresher.scheduleAtFixedRate(this::introduce, 10, 10, TimeUnit.SECONDS);
        }

        private void introduce() {
            var json = caller.transports().get(0).fetchManifest(server.endpoints().get(0));
            caller.bus().updatePeer(NodeManifest.fromJson(json).verify(Clock.systemUTC()));
        }

        @Override
        public void close() {
            refresher.shutdownNow();
            caller.close();
            server.close();
        }
    }
}
