package io.hearthnet.emergency;

import io.hearthnet.api.spi.Connectivity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Measures emergency mode on real loopback sockets with the real clock, the node's real scheduler
 * and the real rules (nothing manual): how long after the DNS, HTTP and TCP targets are cut the
 * node is degraded and offline, and how long after they return it is online again; also how long
 * {@code stop()} takes with a probe in flight. Not a test: run it by hand.
 *
 * <pre>
 * java -cp TEST_CLASSPATH io.hearthnet.emergency.EmergencyTimings [trials] [online-interval-ms]
 * </pre>
 *
 * Each trial cuts the targets at a random point of the online probe cycle and restores them at a
 * random point of the offline cycle, so both times sample the whole interval.
 */
final class EmergencyTimings {
    private EmergencyTimings() {}

    record Trial(double degraded, double offline, double online) {}

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Duration onlineInterval = args.length > 1 ? Duration.ofMillis(Long.parseLong(args[1]))
                : EmergencyExtension.DEFAULT_ONLINE_INTERVAL;
        System.out.printf("emergency timings: %d trials, probe every %d ms online, %d ms otherwise, timeout %d ms%n",
                trials, onlineInterval.toMillis(), EmergencyExtension.DEFAULT_OFFLINE_INTERVAL.toMillis(),
                EmergencyExtension.DEFAULT_PROBE_TIMEOUT.toMillis());
        List<Trial> results = new ArrayList<>();
        for (int i = 1; i <= trials; i++) {
            Trial t = trial(onlineInterval);
            results.add(t);
            System.out.printf("trial %d: cut -> degraded %.2f s, cut -> offline %.2f s, return -> online %.2f s%n",
                    i, t.degraded(), t.offline(), t.online());
        }
        summary("cut -> degraded", results.stream().map(Trial::degraded).toList());
        summary("cut -> offline", results.stream().map(Trial::offline).toList());
        summary("return -> online", results.stream().map(Trial::online).toList());
        System.out.printf("stop() with a DNS probe in flight: %.1f ms%n", stopLatencyMillis());
    }

    private static Trial trial(Duration onlineInterval) throws Exception {
        Path dir = Files.createTempDirectory("hearthnet-emergency-timings");
        Map<Connectivity, Long> reached = new EnumMap<>(Connectivity.class);
        try (LoopbackInternet internet = new LoopbackInternet().start()) {
            EmergencyExtension emergency = EmergencyExtension.builder().targets(internet.targets())
                    .intervals(onlineInterval, EmergencyExtension.DEFAULT_OFFLINE_INTERVAL).clockCheck(false).build();
            emergency.stateBus().subscribe(s -> {
                synchronized (reached) {
                    reached.putIfAbsent(s.mode(), System.nanoTime());
                }
            });
            TestNode node = new TestNode(dir, Clock.systemUTC(), emergency);
            try {
                Poll.until(Duration.ofSeconds(10), () -> emergency.state().lastProbe().isPresent()
                        && !emergency.state().probes().containsValue(false), "a first passing round");
                Thread.sleep(ThreadLocalRandom.current().nextLong(onlineInterval.toMillis()));
                synchronized (reached) {
                    reached.clear();
                }
                long cut = System.nanoTime();
                internet.stop();
                Poll.until(Duration.ofSeconds(90), () -> emergency.state().mode() == Connectivity.OFFLINE, "offline");
                Thread.sleep(ThreadLocalRandom.current().nextLong(EmergencyExtension.DEFAULT_OFFLINE_INTERVAL.toMillis()));
                long back = System.nanoTime();
                internet.start();
                Poll.until(Duration.ofSeconds(60), () -> emergency.state().mode() == Connectivity.ONLINE, "online");
                synchronized (reached) {
                    return new Trial(seconds(reached.get(Connectivity.DEGRADED) - cut),
                            seconds(reached.get(Connectivity.OFFLINE) - cut),
                            seconds(reached.get(Connectivity.ONLINE) - back));
                }
            } finally {
                node.close();
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double stopLatencyMillis() throws Exception {
        Path dir = Files.createTempDirectory("hearthnet-emergency-timings");
        try (LoopbackDnsServer silent = new LoopbackDnsServer().behaviour(LoopbackDnsServer.Behaviour.SILENT).start()) {
            EmergencyExtension emergency = EmergencyExtension.builder().targets("dns://127.0.0.1:" + silent.port())
                    .clockCheck(false).build();
            TestNode node = new TestNode(dir, Clock.systemUTC(), emergency);
            Poll.until(Duration.ofSeconds(5), () -> silent.queries() > 0, "a DNS query in flight");
            long start = System.nanoTime();
            emergency.stop();
            double millis = (System.nanoTime() - start) / 1e6;
            node.close();
            return millis;
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void summary(String what, List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        System.out.printf("%-17s min %.2f s, median %.2f s, max %.2f s%n", what, sorted.get(0),
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
    }
}
