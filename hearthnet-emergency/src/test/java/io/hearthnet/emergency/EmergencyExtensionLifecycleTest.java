package io.hearthnet.emergency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.spi.Connectivity;
import io.hearthnet.api.spi.NodeContext;
import io.hearthnet.api.spi.NodeExtension;
import io.hearthnet.api.spi.Probe;
import io.hearthnet.api.spi.ProbeResult;
import io.hearthnet.api.testing.ManualClock;
import io.hearthnet.bus.HearthNode;
import io.hearthnet.bus.MemoryTransportProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmergencyExtensionLifecycleTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock();
    private final RecordingScheduler scheduler = new RecordingScheduler();

    @AfterEach
    void stopScheduler() throws InterruptedException {
        scheduler.shutdownNow();
        assertThat(scheduler.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    /** A real scheduler that remembers the delay of every task scheduled on it. */
    static final class RecordingScheduler extends ScheduledThreadPoolExecutor {
        final List<Long> delaysMillis = new CopyOnWriteArrayList<>();

        RecordingScheduler() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            delaysMillis.add(unit.toMillis(delay));
            return super.schedule(command, delay, unit);
        }
    }

    private static Set<String> emergencyThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("hearthnet-emergency")).collect(Collectors.toSet());
    }

    @Test
    void probes_every_10_s_online_and_every_2_s_otherwise() throws Exception {
        ScriptedProbe probe = new ScriptedProbe("synthetic://a");
        EmergencyExtension emergency = EmergencyExtension.builder().probe(probe).scheduler(scheduler).build();
        try (TestNode node = new TestNode(dir, clock, emergency)) {
            Poll.until(Duration.ofSeconds(5), () -> scheduler.delaysMillis.size() >= 2, "the first round");
            assertThat(scheduler.delaysMillis).as("first round at once, next one 10 s later").containsExactly(0L, 10_000L);
            assertThat(node.healthConnectivity()).isEqualTo("online");
        }
        scheduler.delaysMillis.clear();
        probe.up(false);
        EmergencyExtension failing = EmergencyExtension.builder().probe(probe).scheduler(scheduler).build();
        try (TestNode node = new TestNode(dir.resolve("2"), clock, failing)) {
            Poll.until(Duration.ofSeconds(5), () -> scheduler.delaysMillis.size() >= 2, "the first round");
            assertThat(failing.state().mode()).isEqualTo(Connectivity.DEGRADED);
            assertThat(scheduler.delaysMillis).as("degraded: next round 2 s later").containsExactly(0L, 2_000L);
            assertThat(node.healthConnectivity()).isEqualTo("degraded");
        }
    }

    @Test
    void the_cadence_follows_the_mode_round_after_round() throws Exception {
        ScriptedProbe probe = new ScriptedProbe("synthetic://a");
        EmergencyExtension emergency = EmergencyExtension.builder().probe(probe).scheduler(scheduler)
                .intervals(Duration.ofMillis(40), Duration.ofMillis(20)).build();
        try (TestNode node = new TestNode(dir, clock, emergency)) {
            Poll.until(Duration.ofSeconds(5), () -> probe.runs.get() >= 3, "three timed rounds");
            probe.up(false);
            Poll.until(Duration.ofSeconds(5), () -> emergency.state().mode() == Connectivity.DEGRADED, "degraded");
            Poll.until(Duration.ofSeconds(5), () -> scheduler.delaysMillis.contains(20L), "a degraded-cadence round");
            probe.up(true);
            Poll.until(Duration.ofSeconds(5), () -> emergency.state().probes().get("synthetic://a"), "a passing round");
            clock.advance(Duration.ofSeconds(10));
            Poll.until(Duration.ofSeconds(5), () -> emergency.state().mode() == Connectivity.ONLINE, "online again");
            assertThat(node.announced).containsExactly(Connectivity.DEGRADED, Connectivity.ONLINE);
        }
        List<Long> delays = scheduler.delaysMillis;
        assertThat(delays.get(0)).isZero();
        assertThat(delays.subList(1, delays.size())).containsOnly(40L, 20L);
    }

    @Test
    void stop_cancels_the_probe_in_flight_and_joins_every_thread() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Probe hanging = new Probe() {
            @Override
            public String target() {
                return "synthetic://hanging";
            }

            @Override
            public ProbeResult run(Duration timeout) {
                started.countDown();
                try {
                    never.await();
                    return new ProbeResult(target(), true, Duration.ZERO, "");
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    return new ProbeResult(target(), false, Duration.ZERO, "interrupted");
                }
            }
        };
        Set<String> before = emergencyThreads();
        EmergencyExtension emergency = EmergencyExtension.builder().probe(hanging).probeTimeout(Duration.ofMinutes(5)).build();
        TestNode node = new TestNode(dir, clock, emergency);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        node.close();
        assertThat(interrupted.getCount()).as("stop interrupted the probe before returning").isZero();
        assertThat(emergencyThreads()).isEqualTo(before);
        assertThat(emergency.isRunning()).isFalse();
        assertThat(emergency.state().lastProbe()).as("the cancelled round changed nothing").isEmpty();
        assertThat(emergency.state().mode()).isEqualTo(Connectivity.ONLINE);
        assertThat(node.announced).isEmpty();
    }

    @Test
    void start_twice_is_a_no_op_stop_is_idempotent_and_a_restart_works() {
        ScriptedProbe probe = new ScriptedProbe("synthetic://a");
        EmergencyExtension emergency = EmergencyExtension.builder().probe(probe).periodic(false).build();
        List<NodeContext> contexts = new CopyOnWriteArrayList<>();
        NodeExtension capture = new NodeExtension() {
            @Override
            public String name() {
                return "capture";
            }

            @Override
            public void start(NodeContext context) {
                contexts.add(context);
            }

            @Override
            public void stop() {
            }
        };
        HearthNode node = HearthNode.builder().dataDir(dir).clock(clock).discoverTransports(false)
                .transport(new MemoryTransportProvider()).setting("mem.network", "life-" + dir.hashCode())
                .extension(capture).extension(emergency).build();
        node.start();
        try {
            emergency.start(contexts.get(0));
            assertThat(emergency.probeNow().lastProbe()).contains(clock.instant());
            emergency.stop();
            emergency.stop();
            assertThat(emergency.isRunning()).isFalse();
            assertThatThrownBy(emergency::probeNow).isInstanceOf(IllegalStateException.class)
                    .hasMessage("emergency mode is not running");
            emergency.start(contexts.get(0));
            assertThat(emergency.probeNow().mode()).isEqualTo(Connectivity.ONLINE);
            assertThat(emergency.targets()).containsExactly("synthetic://a");
        } finally {
            node.close();
        }
        node.start();
        try {
            assertThat(emergency.isRunning()).isTrue();
            probe.up(false);
            assertThat(emergency.probeNow().mode()).isEqualTo(Connectivity.DEGRADED);
        } finally {
            node.close();
        }
        assertThat(probe.runs).hasValue(3);
    }

    @Test
    void stop_withdraws_the_view_and_the_metrics() {
        EmergencyExtension emergency = EmergencyExtension.builder().probe(new ScriptedProbe("synthetic://a")).periodic(false).build();
        try (TestNode node = new TestNode(dir, clock, emergency)) {
            assertThat(node.view("emergency")).isPresent();
            assertThat(node.metrics()).contains("hearthnet_emergency_mode{mode=\"online\"} 1");
            emergency.stop();
            assertThat(node.view("emergency")).isEmpty();
            assertThat(node.metrics()).doesNotContain("hearthnet_emergency");
        }
    }

    @Test
    void the_view_before_the_first_round_says_online_with_no_probe_yet() {
        EmergencyExtension emergency = EmergencyExtension.builder().probe(new ScriptedProbe("synthetic://a")).periodic(false).build();
        try (TestNode node = new TestNode(dir, clock, emergency)) {
            var view = node.view("emergency").orElseThrow();
            assertThat(view.get("mode").asText()).isEqualTo("online");
            assertThat(view.get("since").asText()).isEqualTo(clock.instant().toString());
            assertThat(view.get("last_probe").isNull()).isTrue();
            assertThat(view.get("probes").size()).isZero();
            assertThat(view.get("clock").isNull()).isTrue();
        }
    }

    @Test
    void bad_configuration_is_a_bad_request() {
        assertBadRequest(() -> EmergencyExtension.builder().intervals(Duration.ZERO, Duration.ofSeconds(2)), "online interval must be positive");
        assertBadRequest(() -> EmergencyExtension.builder().intervals(Duration.ofSeconds(10), Duration.ofSeconds(-1)),
                "degraded/offline interval must be positive");
        assertBadRequest(() -> EmergencyExtension.builder().probeTimeout(Duration.ZERO), "probe timeout must be positive");
        assertBadRequest(() -> EmergencyExtension.builder().clockAnchor("dns://127.0.0.1"), "must be an http:// or https:// URL");
        assertBadRequest(() -> EmergencyExtension.builder().targets("tcp://127.0.0.1"), "needs a port");
        assertBadRequest(() -> EmergencyExtension.builder().targets(List.of()), "the probe target list is empty");
    }

    @Test
    void a_target_configured_twice_fails_the_node_start_and_leaves_no_threads() {
        Set<String> before = emergencyThreads();
        EmergencyExtension emergency = EmergencyExtension.builder().targets("tcp://127.0.0.1:9")
                .probe(new ScriptedProbe("tcp://127.0.0.1:9")).build();
        assertThatThrownBy(() -> new TestNode(dir, clock, emergency))
                .isInstanceOfSatisfying(HearthNetException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST))
                .hasMessageContaining("probe target 'tcp://127.0.0.1:9' is configured twice");
        assertThat(emergency.isRunning()).isFalse();
        assertThat(emergencyThreads()).isEqualTo(before);
    }

    private static void assertBadRequest(Runnable action, String message) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(HearthNetException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST))
                .hasMessageContaining(message);
    }
}
