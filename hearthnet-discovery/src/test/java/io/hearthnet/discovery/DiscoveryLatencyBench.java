package io.hearthnet.discovery;

import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.bus.HearthNode;
import io.hearthnet.bus.RegistryEvent;
import io.hearthnet.bus.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Measures discovery's figures on loopback with real nodes (not a test; run by hand, see the
 * module README): how long from a node's start until another can route to it, and how long from a
 * node's death until no call is routed to it, without traffic and with traffic and a second
 * provider.
 */
public final class DiscoveryLatencyBench {
    private DiscoveryLatencyBench() {}

    public static void main(String[] args) throws Exception {
        Multicast.requireOnLoopback();
        int joins = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int deaths = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        List<String> phases = List.of((args.length > 2 ? args[2] : "join-both,join-udp,join-mdns,death,failover").split(","));
        Path dir = Files.createTempDirectory("discovery-bench");
        if (phases.contains("join-both")) {
            startToRoutable(dir.resolve("both"), "mDNS + UDP", d -> { }, joins);
        }
        if (phases.contains("join-udp")) {
            startToRoutable(dir.resolve("udp"), "UDP only", d -> d.mdns(false), joins);
        }
        if (phases.contains("join-mdns")) {
            startToRoutable(dir.resolve("mdns"), "mDNS only", d -> d.udp(false), Math.max(3, joins / 2));
        }
        if (phases.contains("death")) {
            deathWithoutTraffic(dir.resolve("death"), deaths);
        }
        if (phases.contains("failover")) {
            deathWithTraffic(dir.resolve("failover"));
        }
    }

    /** From just before {@code start()} of a new node until the observer's bus has its entries, and back. */
    static void startToRoutable(Path dir, String mode, Consumer<DiscoveryExtension.Builder> channels, int rounds) {
        List<Long> toNew = new ArrayList<>();
        List<Long> fromNew = new ArrayList<>();
        try (LanMesh mesh = new LanMesh(dir)) {
            var observer = mesh.start("observer", channels, Caps.whoami("experimental.observer", "observer"));
            long cold = 0;
            for (int i = -1; i < rounds; i++) {
                DiscoveryExtension.Builder d = mesh.discovery();
                channels.accept(d);
                DiscoveryExtension ext = d.build();
                HearthNode node = mesh.nodeBuilder("joiner-" + i, Caps.whoami("experimental.joiner", "joiner")).extension(ext).build();
                CountDownLatch routed = new CountDownLatch(1);
                AtomicLong at = new AtomicLong();
                Runnable unsubscribe = observer.node().bus().registry().subscribe(e -> {
                    if (e.kind() == RegistryEvent.Kind.ADDED && e.entry().node().equals(node.nodeId())) {
                        at.compareAndSet(0, System.nanoTime());
                        routed.countDown();
                    }
                });
                long start = System.nanoTime();
                node.start();
                await(routed, "observer to route to " + node.displayName());
                Await.until(node.displayName() + " to route to the observer", Duration.ofSeconds(30),
                        () -> node.bus().registry().peers().contains(observer.id()));
                if (i < 0) {
                    cold = at.get() - start;
                } else {
                    toNew.add(at.get() - start);
                    fromNew.add(System.nanoTime() - start);
                }
                unsubscribe.run();
                node.close();
                Await.until("a pause between joins (event-driven announcements are at least 250 ms apart)",
                        Duration.ofSeconds(2), elapsed(500));
            }
            System.out.printf(Locale.ROOT, "start -> routable, %-10s observer routes to newcomer: %s | newcomer routes to observer:"
                    + " %s | first join of the phase (not counted): %.0f ms%n", mode, summary(toNew), summary(fromNew), cold / 1e6);
        }
    }

    /** Default intervals; the node dies at a random phase of its 20 s manifest re-issue. */
    static void deathWithoutTraffic(Path dir, int rounds) {
        List<Long> gone = new ArrayList<>();
        try (LanMesh mesh = new LanMesh(dir)) {
            var observer = mesh.start("observer");
            for (int i = 0; i < rounds; i++) {
                var victim = mesh.start("victim-" + i, Caps.whoami("experimental.victim", "victim"));
                Await.until("observer to route to the victim", Duration.ofSeconds(30), () -> observer.routesTo(victim));
                Await.until("a random point in the victim's 20 s manifest cycle", Duration.ofSeconds(25),
                        elapsed(ThreadLocalRandom.current().nextLong(0, 20_000)));
                long died = died(observer, victim.id(), () -> victim.node().close());
                gone.add(died);
                mesh.members.remove(victim);
            }
        }
        System.out.printf(Locale.ROOT, "death -> unrouted, no traffic, default intervals: %s (each: %s)%n", summary(gone),
                gone.stream().map(n -> String.format(Locale.ROOT, "%.1f s", n / 1e9)).toList());
    }

    /**
     * A caller calls an idempotent capability that two nodes offer, 100 times a second (under the
     * HTTP transport's per-capability rate limit); one of them dies.
     */
    static void deathWithTraffic(Path dir) throws Exception {
        try (LanMesh mesh = new LanMesh(dir)) {
            var caller = mesh.start("caller");
            var victim = mesh.start("victim", Caps.whoami("experimental.shared", "victim"));
            var survivor = mesh.start("survivor", Caps.whoami("experimental.shared", "survivor"));
            mesh.awaitFullMesh(Duration.ofSeconds(30));
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong deathAt = new AtomicLong(Long.MAX_VALUE);
            List<long[]> afterDeath = Collections.synchronizedList(new ArrayList<>());
            AtomicLong failures = new AtomicLong();
            AtomicLong calls = new AtomicLong();
            java.util.Map<String, Long> failureCodes = new java.util.concurrent.ConcurrentHashMap<>();
            java.util.Set<String> deadAttempts = java.util.concurrent.ConcurrentHashMap.newKeySet();
            AtomicLong servedByVictim = new AtomicLong();
            Thread load = new Thread(() -> {
                long next = System.nanoTime();
                while (running.get()) {
                    next += TimeUnit.MILLISECONDS.toNanos(10);
                    java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
                    long t = System.nanoTime();
                    boolean ok = true;
                    try {
                        String by = caller.node().caller().call("experimental.shared", "1.0", Caps.empty()).path("node").asText();
                        if (t >= deathAt.get() && by.equals("victim")) {
                            servedByVictim.incrementAndGet();
                        }
                    } catch (HearthNetException e) {
                        ok = false;
                        failureCodes.merge(e.code().wireName(), 1L, Long::sum);
                    }
                    for (TraceEvent tr : caller.node().bus().recentTraces(4)) {
                        if (tr.to().equals(victim.id().value()) && !tr.result().equals(TraceEvent.OK)
                                && tr.time().toEpochMilli() * 1_000_000 >= 0 && System.nanoTime() >= deathAt.get()) {
                            deadAttempts.add(tr.traceId() + " " + tr.result());
                        }
                    }
                    long end = System.nanoTime();
                    calls.incrementAndGet();
                    if (t >= deathAt.get()) {
                        afterDeath.add(new long[] {t - deathAt.get(), end - t});
                        if (!ok) {
                            failures.incrementAndGet();
                        }
                    }
                }
            }, "bench-load");
            load.start();
            Await.until("some traffic", Duration.ofSeconds(10), () -> calls.get() > 100);
            long died = died(caller, victim.id(), () -> {
                deathAt.set(System.nanoTime());
                victim.node().close();
            });
            running.set(false);
            load.join(10_000);
            mesh.members.remove(victim);
            long attemptsAtDead = deadAttempts.size();
            long maxLatency = afterDeath.stream().mapToLong(c -> c[1]).max().orElse(0);
            long firstLatency = afterDeath.isEmpty() ? 0 : afterDeath.get(0)[1];
            System.out.printf(Locale.ROOT, "death -> unrouted, with traffic and a second provider: %d calls after the death, %d failed;"
                    + " first call after it %.2f ms, slowest %.2f ms; failed attempts at the dead node (failed over): %d;"
                    + " discovery dropped it after %.1f s%n", afterDeath.size(), failures.get(), firstLatency / 1e6,
                    maxLatency / 1e6, attemptsAtDead, died / 1e9);
            System.out.printf(Locale.ROOT, "   (%d calls in all; %d after the death still served by the closing victim;"
                    + " failures by code: %s; failed-over attempts: %s; %s kept serving)%n", calls.get(), servedByVictim.get(),
                    failureCodes, deadAttempts.stream().map(a -> a.substring(a.indexOf(' ') + 1)).distinct().toList(),
                    survivor.node().displayName());
        }
    }

    /** Runs {@code kill} and returns the nanoseconds until the observer's bus drops every entry of {@code node}. */
    private static long died(LanMesh.Member observer, NodeId node, Runnable kill) {
        CountDownLatch removed = new CountDownLatch(1);
        AtomicLong at = new AtomicLong();
        Runnable unsubscribe = observer.node().bus().registry().subscribe(e -> {
            if (e.kind() == RegistryEvent.Kind.REMOVED && e.entry().node().equals(node)
                    && !observer.node().bus().registry().peers().contains(node)) {
                at.compareAndSet(0, System.nanoTime());
                removed.countDown();
            }
        });
        long start = System.nanoTime();
        kill.run();
        await(removed, "the observer to drop " + node.shortForm());
        unsubscribe.run();
        return at.get() - start;
    }

    private static BooleanSupplier elapsed(long millis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        return () -> System.nanoTime() - until >= 0;
    }

    private static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(120, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out waiting for " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String summary(List<Long> nanos) {
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        return String.format(Locale.ROOT, "n=%d median %.0f ms, p90 %.0f ms, max %.0f ms", s.size(), s.get(s.size() / 2) / 1e6,
                s.get(Math.min(s.size() - 1, (int) Math.ceil(s.size() * 0.9) - 1)) / 1e6, s.get(s.size() - 1) / 1e6);
    }
}
