package io.hearthnet.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.Capability;
import io.hearthnet.api.CapabilityHandler;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.manifest.ManifestCapability;
import io.hearthnet.api.manifest.NodeManifest;
import io.hearthnet.bus.HearthNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the relay on this machine (not a test): call round trip through a hub on loopback,
 * hub throughput in envelopes per second, and hub restart time with a large roster and queue.
 * Everything runs in this one JVM, load generators included, so the figures are pessimistic.
 *
 * <pre>
 * java -Dsun.net.httpserver.nodelay=true -cp &lt;test classpath&gt; io.hearthnet.relay.RelayBench [rtt|throughput|stream|calls|restart|all]
 * </pre>
 */
public final class RelayBench {
    private RelayBench() {}

    /** Runs the named measurement, or all of them. */
    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "all";
        Path dir = Files.createTempDirectory("relay-bench");
        if (what.equals("rtt") || what.equals("all")) {
            roundTrip(dir.resolve("rtt"));
        }
        if (what.equals("throughput") || what.equals("all")) {
            int senders = args.length > 1 ? Integer.parseInt(args[1]) : 8;
            for (Sending sending : Sending.values()) {
                throughput(dir.resolve("warm-up-" + sending), senders, sending, 1_000);
            }
            for (Sending sending : Sending.values()) {
                if (args.length < 3 || args[2].equals(sending.name())) {
                    throughput(dir.resolve("throughput-" + sending), senders, sending, 5_000);
                }
            }
        }
        if (what.equals("stream") || what.equals("all")) {
            stream(dir.resolve("stream"), 5_000);
        }
        if (what.equals("calls") || what.equals("all")) {
            calls(dir.resolve("calls"), args.length > 1 ? Integer.parseInt(args[1]) : 64);
        }
        if (what.equals("restart") || what.equals("all")) {
            restart(dir.resolve("restart"), 10_000, 10_000);
        }
        System.exit(0);
    }

    /** Sequential calls of an echo capability from node A to node B, whose only route is the hub. */
    static void roundTrip(Path dir) throws Exception {
        try (RelayHub hub = RelayHub.builder().port(0).bindAddress("127.0.0.1").dataDir(dir.resolve("hub")).build()) {
            hub.start();
            RelayMesh mesh = new RelayMesh(dir);
            try (mesh) {
                HearthNode a = mesh.node("a", hub.url());
                Capability echo = Capability.of(CapabilityDescriptor.builder("experimental.echo", "1.0").maxConcurrent(64).build(),
                        CapabilityHandler.unary(c -> c.input()));
                HearthNode b = mesh.node("b", hub.url(), echo);
                RelayMesh.awaitRoute(a, "experimental.echo", b.nodeId());
                ObjectNode input = Json.object().put("text", "ping");
                for (int i = 0; i < 3_000; i++) {
                    a.caller().call("experimental.echo", "1.0", input);
                }
                int n = 10_000;
                long[] micros = new long[n];
                long begin = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    long t = System.nanoTime();
                    a.caller().call("experimental.echo", "1.0", input);
                    micros[i] = (System.nanoTime() - t) / 1_000;
                }
                double seconds = (System.nanoTime() - begin) / 1e9;
                Arrays.sort(micros);
                System.out.printf("round trip A -> hub -> B -> hub -> A, %d sequential calls: p50 %.2f ms, p90 %.2f ms,"
                                + " p99 %.2f ms, max %.2f ms (%.0f calls/s)%n", n, micros[n / 2] / 1000.0,
                        micros[n * 9 / 10] / 1000.0, micros[n * 99 / 100] / 1000.0, micros[n - 1] / 1000.0, n / seconds);
            }
        }
    }

    /** One stream of {@code frames} small frames from node B to node A through the hub, after a warm-up stream. */
    static void stream(Path dir, int frames) throws Exception {
        try (RelayHub hub = RelayHub.builder().port(0).bindAddress("127.0.0.1").dataDir(dir.resolve("hub")).build()) {
            hub.start();
            RelayMesh mesh = new RelayMesh(dir);
            try (mesh) {
                HearthNode a = mesh.node("a", hub.url());
                HearthNode b = mesh.node("b", hub.url(), Caps.counter("experimental.count", frames));
                RelayMesh.awaitRoute(a, "experimental.count", b.nodeId());
                ObjectNode input = Json.object().put("n", frames);
                a.caller().stream("experimental.count", "1.0", input).readAll();
                long begin = System.nanoTime();
                long firstNanos = -1;
                int got = 0;
                try (var s = a.caller().stream("experimental.count", "1.0", input)) {
                    for (var f : s) {
                        if (firstNanos < 0) {
                            firstNanos = System.nanoTime() - begin;
                        }
                        got++;
                    }
                }
                double seconds = (System.nanoTime() - begin) / 1e9;
                System.out.printf("stream through the hub: %d frames in %.2f s = %.0f frames/s; first frame after %.1f ms%n",
                        got, seconds, got / seconds, firstNanos / 1e6);
            }
        }
    }

    /**
     * The hub's throughput under the relay transport's own traffic: 4 calling nodes with
     * {@code callers} threads in all call an echo capability on 4 serving nodes as fast as they can,
     * every node reaching the others only through the hub. Each call is two envelopes (the call and
     * its reply); the transport groups what its threads send at the same moment into one request.
     */
    static void calls(Path dir, int callers) throws Exception {
        try (RelayHub hub = RelayHub.builder().port(0).bindAddress("127.0.0.1").dataDir(dir.resolve("hub")).build()) {
            hub.start();
            RelayMesh mesh = new RelayMesh(dir);
            try (mesh) {
                Capability echo = Capability.of(CapabilityDescriptor.builder("experimental.echo", "1.0").maxConcurrent(256).build(),
                        CapabilityHandler.unary(c -> c.input()));
                List<HearthNode> servers = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    servers.add(mesh.node("server-" + i, hub.url(), Map.of("relay.max-inbound", "256"), echo));
                }
                List<HearthNode> clients = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    HearthNode c = mesh.node("client-" + i, hub.url());
                    for (HearthNode server : servers) {
                        RelayMesh.awaitRoute(c, "experimental.echo", server.nodeId());
                    }
                    clients.add(c);
                }
                ObjectNode input = Json.object().put("text", "x".repeat(100));
                AtomicLong calls = new AtomicLong();
                AtomicLong failed = new AtomicLong();
                AtomicBoolean measuring = new AtomicBoolean();
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < callers; t++) {
                    HearthNode c = clients.get(t % clients.size());
                    threads.add(thread("caller", () -> {
                        while (!stop.get()) {
                            try {
                                c.caller().call("experimental.echo", "1.0", input);
                                if (measuring.get()) {
                                    calls.incrementAndGet();
                                }
                            } catch (HearthNetException e) {
                                failed.incrementAndGet();
                            }
                        }
                    }));
                }
                Thread.sleep(5_000);
                long sendsBefore = counter(hub, "hearthnet_relay_send_requests_total");
                long pollsBefore = counter(hub, "hearthnet_relay_poll_requests_total");
                long hubCpuBefore = hubCpuNanos();
                measuring.set(true);
                long begin = System.nanoTime();
                Thread.sleep(15_000);
                long n = calls.get();
                double seconds = (System.nanoTime() - begin) / 1e9;
                long sends = counter(hub, "hearthnet_relay_send_requests_total") - sendsBefore;
                long polls = counter(hub, "hearthnet_relay_poll_requests_total") - pollsBefore;
                double hubCpu = (hubCpuNanos() - hubCpuBefore) / 1e9;
                stop.set(true);
                for (Thread t : threads) {
                    t.join(10_000);
                }
                System.out.printf("hub throughput under relay calls: %d callers on 4 nodes -> 4 serving nodes: %.0f calls/s = %.0f"
                                + " envelopes/s through the hub; %.1f envelopes per send request, %.1f per poll; %d failed calls;"
                                + " the hub's threads used %.0f%% of one core = %.0f µs of CPU per envelope%n",
                        callers, n / seconds, 2 * n / seconds, sends == 0 ? 0.0 : 2.0 * n / sends, polls == 0 ? 0.0 : 2.0 * n / polls,
                        failed.get(), 100 * hubCpu / seconds, n == 0 ? 0.0 : hubCpu * 1e6 / (2.0 * n));
            }
        }
    }

    /** CPU time of the hub's threads so far: its handlers, delivery and timers, and the JDK HTTP server's dispatcher. */
    private static long hubCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && (t.getThreadName().startsWith("hearthnet-relay-hub-") || t.getThreadName().equals("HTTP-Dispatcher"))) {
                sum += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    private static long counter(RelayHub hub, String name) {
        for (String line : hub.metricsText().split("\n")) {
            if (line.startsWith(name + " ")) {
                return (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1));
            }
        }
        return 0;
    }

    /** How a bench member hands envelopes to the hub. */
    enum Sending {
        /** One envelope per send request, one thread per member. */
        SINGLE,
        /** 32 envelopes per (all or none) send request, one thread per member. */
        BATCH_32,
        /** 16 threads per member each post one envelope at a time through the member's {@link Outbox}, as the relay transport does. */
        OUTBOX
    }

    /**
     * {@code senders} members send {@code perSender} envelopes each as fast as they can to 4
     * members that long-poll; counts from the first send until every envelope was delivered.
     */
    static void throughput(Path dir, int senders, Sending sending, int perSender) throws Exception {
        try (RelayHub hub = RelayHub.builder().port(0).bindAddress("127.0.0.1").dataDir(dir).build()) {
            hub.start();
            URI url = hub.url();
            int receivers = 4;
            int threadsPerSender = sending == Sending.OUTBOX ? 16 : 1;
            int batch = sending == Sending.BATCH_32 ? 32 : 1;
            List<TestMember> to = new ArrayList<>();
            for (int i = 0; i < receivers; i++) {
                TestMember m = new TestMember(url, NodeKeyPair.generate(), Clock.systemUTC(), "bench");
                m.join();
                to.add(m);
            }
            List<TestMember> from = new ArrayList<>();
            List<Outbox> outboxes = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                TestMember m = new TestMember(url, NodeKeyPair.generate(), Clock.systemUTC(), "bench");
                Outbox outbox = new Outbox(m.client, Clock.systemUTC(), TestMember.TIMEOUT);
                outbox.limits(m.join());
                outbox.start(io.hearthnet.api.concurrent.Workers.daemonThreads("bench-send"), RelaySession.SEND_REQUESTS);
                from.add(m);
                outboxes.add(outbox);
            }
            for (TestMember m : to) {
                drain(m);
            }
            long total = (long) senders * perSender;
            AtomicLong delivered = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch done = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (TestMember m : to) {
                threads.add(thread("poll", () -> {
                    while (!stop.get()) {
                        int got = m.client.poll(Duration.ofSeconds(1)).size();
                        if (delivered.addAndGet(got) >= total) {
                            done.countDown();
                        }
                    }
                }));
            }
            String pad = "x".repeat(150);
            long begin = System.nanoTime();
            for (int s = 0; s < senders; s++) {
                TestMember m = from.get(s);
                Outbox outbox = outboxes.get(s);
                for (int t = 0; t < threadsPerSender; t++) {
                    int first = t * perSender / threadsPerSender;
                    int end = (t + 1) * perSender / threadsPerSender;
                    threads.add(thread("send", () -> {
                        for (int i = first; i < end; i += batch) {
                            List<byte[]> envelopes = new ArrayList<>(batch);
                            for (int k = i; k < Math.min(end, i + batch); k++) {
                                TestMember target = to.get(k % receivers);
                                envelopes.add(Json.writeBytes(Json.object().put("id", "b" + k).put("from", m.id().value())
                                        .put("to", target.id().value()).put("kind", "bench").put("pad", pad)));
                            }
                            while (true) {
                                try {
                                    switch (sending) {
                                        case SINGLE -> m.client.send(envelopes.get(0), TestMember.TIMEOUT);
                                        case BATCH_32 -> m.client.sendBatch(envelopes, TestMember.TIMEOUT);
                                        case OUTBOX -> TestMember.await(outbox.submit(envelopes.get(0),
                                                Instant.now().plus(TestMember.TIMEOUT)));
                                    }
                                    break;
                                } catch (HearthNetException e) {
                                    if (e.code() != ErrorCode.CAPACITY_EXCEEDED) {
                                        throw e;
                                    }
                                    refused.incrementAndGet();
                                    sleepQuietly(e.retryAfter().orElse(Duration.ofMillis(10)).toMillis());
                                }
                            }
                        }
                    }));
                }
            }
            if (!done.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("only " + delivered.get() + " of " + total + " delivered");
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            stop.set(true);
            long sends = counter(hub, "hearthnet_relay_send_requests_total");
            long polls = counter(hub, "hearthnet_relay_poll_requests_total");
            System.out.printf("hub throughput, %s: %d envelopes (%d senders x %d threads -> %d long-polling receivers) stored and"
                            + " delivered in %.2f s = %.0f envelopes/s; %.1f envelopes per send request, %.1f per poll;"
                            + " %d refusals (capacity_exceeded) retried%n",
                    sending, total, senders, threadsPerSender, receivers, seconds, total / seconds, (double) total / sends,
                    (double) total / polls, refused.get());
            outboxes.forEach(o -> o.close(new HearthNetException(ErrorCode.PARTITION, "bench over")));
            for (Thread t : threads) {
                t.join(5_000);
            }
        }
    }

    /** Fills a store with {@code members} members (each with a signed manifest) and {@code queued} envelopes, then restarts a hub on it. */
    static void restart(Path dir, int members, int queued) throws Exception {
        warmUp(dir.resolve("warm-up"));
        Instant now = Instant.now();
        List<String> ids = new ArrayList<>(members);
        try (JdbcRelayStore store = JdbcRelayStore.sqlite(dir.resolve(JdbcRelayStore.SQLITE_FILE), false)) {
            List<ManifestCapability> caps = List.of(ManifestCapability.of(
                    CapabilityDescriptor.builder("experimental.echo", Version.of(1, 0)).build()));
            for (int i = 0; i < members; i++) {
                NodeKeyPair keys = NodeKeyPair.generate();
                NodeManifest m = NodeManifest.builder().communityId("bench").displayName("member-" + i)
                        .endpoints(List.of(io.hearthnet.api.Endpoint.parse("relay://127.0.0.1:7443/" + i))).capabilities(caps)
                        .issue(keys, Clock.systemUTC());
                ids.add(keys.nodeId().value());
                store.putMember(new RelayStore.Member(keys.nodeId().value(), "bench", now, Optional.of(Json.write(m.toJson()))));
            }
            List<RelayStore.Envelope> mail = new ArrayList<>(queued);
            for (int i = 0; i < queued; i++) {
                String to = ids.get(i % members);
                String from = ids.get((i + 1) % members);
                byte[] body = ("{\"id\":\"q" + i + "\",\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"kind\":\"bench\",\"pad\":\""
                        + "x".repeat(200) + "\"}").getBytes(StandardCharsets.UTF_8);
                mail.add(new RelayStore.Envelope(i + 1, to, "q" + i, from, now, body));
            }
            store.enqueue(mail);
        }
        long size = Files.size(dir.resolve(JdbcRelayStore.SQLITE_FILE));
        for (int round = 0; round < 3; round++) {
            coldStart(dir, size);
        }
        for (int round = 0; round < 3; round++) {
            RelayHub hub = RelayHub.builder().port(0).bindAddress("127.0.0.1").dataDir(dir).build();
            long t = System.nanoTime();
            hub.start();
            double ms = (System.nanoTime() - t) / 1e6;
            System.out.printf("restart %d with %d members and %d queued envelopes (db %.1f MB): start() took %.0f ms%n",
                    round + 1, hub.memberCount(), hub.queuedEnvelopes(), size / 1e6, ms);
            hub.close();
        }
    }

    /** Starts the hub in a new JVM on {@code dir} and reports its restore and start times and the time to serve. */
    private static void coldStart(Path dir, long size) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Dsun.net.httpserver.nodelay=true", "-cp", System.getProperty("java.class.path"),
                HubProcess.class.getName(), dir.toString(), "256");
        pb.redirectErrorStream(true);
        long begin = System.nanoTime();
        Process child = pb.start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String restored = "";
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.contains("restored in")) {
                    restored = line.substring(line.indexOf("with "));
                }
                if (line.startsWith("READY ")) {
                    double toReady = (System.nanoTime() - begin) / 1e6;
                    System.out.printf("new JVM on the same db (%.1f MB): serving %.0f ms after launch; start() %s ms; hub log: %s%n",
                            size / 1e6, toReady, line.split(" ")[2], restored);
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
    }

    private static void warmUp(Path dir) {
        RelayHub hub = RelayHub.builder().port(0).bindAddress("127.0.0.1").dataDir(dir).build();
        long t = System.nanoTime();
        hub.start();
        System.out.printf("first hub start in this JVM (empty store; loads SQLite's native library and the classes): %.0f ms%n",
                (System.nanoTime() - t) / 1e6);
        hub.close();
    }

    private static void drain(TestMember m) {
        List<ObjectNode> batch = m.pollNow();
        while (!batch.isEmpty()) {
            batch = m.pollNow();
        }
    }

    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
