package io.hearthnet.emergency;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.concurrent.Workers;
import io.hearthnet.api.spi.Connectivity;
import io.hearthnet.api.spi.NodeContext;
import io.hearthnet.api.spi.Probe;
import io.hearthnet.api.spi.ProbeResult;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emergency mode while it runs on one node: the probe loop, the state machine, and the effects of
 * each transition on the node. Made by {@link EmergencyExtension#start}; dropped at stop.
 */
final class Monitor {
    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);

    private final NodeContext context;
    private final Settings settings;
    private final StateBus stateBus;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final ThreadPoolExecutor loop;
    private final ThreadPoolExecutor probePool;
    private final ThreadPoolExecutor httpPool;
    private final HttpClient http;
    private final Detector detector;
    private final ClockSanity clockSanity;
    private final StateMachine machine;
    private final EmergencyMetrics metrics = new EmergencyMetrics();
    private final Object roundLock = new Object();

    private volatile boolean stopped;
    private volatile ScheduledFuture<?> next;
    private volatile Optional<ClockCheck> clockCheck = Optional.empty();
    private boolean clockCheckedWhileOnline;
    private Runnable unpublishView = () -> { };
    private Runnable unpublishMetrics = () -> { };

    Monitor(NodeContext context, Settings settings, StateBus stateBus, List<ProbeTarget> targets) {
        this.context = context;
        this.settings = settings;
        this.stateBus = stateBus;
        this.clock = settings.clock().orElseGet(context::clock);
        this.scheduler = settings.scheduler().orElseGet(context::scheduler);
        Optional<ProbeTarget> anchor = settings.clockCheck()
                ? settings.clockAnchor().or(() -> targets.stream().filter(ProbeTarget::isHttp).findFirst())
                : Optional.empty();
        List<String> names = new ArrayList<>();
        targets.forEach(t -> names.add(t.target()));
        settings.probes().forEach(p -> names.add(p.target()));
        requireDistinct(names);
        boolean needsHttp = anchor.isPresent() || targets.stream().anyMatch(ProbeTarget::isHttp);
        String prefix = "hearthnet-emergency-" + context.nodeId().shortForm().substring(8, 12).toLowerCase(Locale.ROOT);
        this.httpPool = needsHttp ? Threads.bounded(prefix + "-http", 2, 256) : null;
        this.http = needsHttp ? HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.probeTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(httpPool)
                .build() : null;
        List<Probe> probes = new ArrayList<>(Probes.forTargets(targets, http));
        probes.addAll(settings.probes());
        this.probePool = Threads.bounded(prefix + "-probe", probes.size(), probes.size());
        this.loop = Threads.bounded(prefix + "-detector", 1, 1);
        this.detector = new Detector(probes, settings.probeTimeout(), probePool);
        this.clockSanity = anchor.map(a -> new ClockSanity(http, a, clock, settings.probeTimeout())).orElse(null);
        this.machine = new StateMachine(settings.rules(), Connectivity.ONLINE, clock.instant());
    }

    /** Publishes the view and metrics and, when periodic, runs the first round at once. */
    void start() {
        stateBus.publish(EmergencyState.assumedOnline(machine.since()));
        unpublishView = context.publishView(EmergencyExtension.NAME, () -> EmergencyView.json(stateBus.current(), clockCheck));
        unpublishMetrics = context.publishMetrics(() -> metrics.prometheus(stateBus.current(), clockCheck));
        LOG.info("emergency mode probes {} every {} ms online, every {} ms otherwise, timeout {} ms{}", targets(),
                settings.onlineInterval().toMillis(), settings.offlineInterval().toMillis(),
                settings.probeTimeout().toMillis(), clockSanity == null ? "; no clock anchor" : "");
        if (settings.periodic()) {
            scheduleNext(Duration.ZERO);
        }
    }

    List<String> targets() {
        return detector.probes().stream().map(Probe::target).toList();
    }

    Optional<ClockCheck> clockCheck() {
        return clockCheck;
    }

    /**
     * One probe round and its consequences: the new state, the effects of a transition, and the
     * clock check when due. A round cut short by stop or interruption changes nothing.
     */
    EmergencyState round() {
        synchronized (roundLock) {
            if (stopped) {
                return stateBus.current();
            }
            Map<String, ProbeResult> results;
            try {
                results = detector.probeAll();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return stateBus.current();
            }
            if (stopped) {
                return stateBus.current();
            }
            Instant now = clock.instant();
            boolean wasHolding = machine.holding();
            Map<String, Boolean> passed = new LinkedHashMap<>();
            results.forEach((target, r) -> passed.put(target, r.success()));
            Optional<Transition> transition = machine.observe(now, passed);
            if (machine.holding() && !wasHolding) {
                LOG.info("emergency mode: anti-flap holds {} until {}: another transition would make more than {} "
                                + "within {} s", machine.mode().wireName(),
                        machine.holdUntil().map(Instant::toString).orElse("?"), settings.rules().flapLimit(),
                        settings.rules().flapWindow().toSeconds());
            }
            EmergencyState state = new EmergencyState(machine.mode(), machine.since(), Optional.of(now), results);
            transition.ifPresent(this::apply);
            stateBus.publish(state);
            checkClockWhenDue(state, now);
            return state;
        }
    }

    /** Stops the loop, cancels in-flight probes, joins every thread and withdraws the view and metrics. */
    void stop() {
        stopped = true;
        cancelNext();
        Duration wait = settings.probeTimeout().plusSeconds(1);
        Workers.stop(loop, wait, "the emergency detector thread");
        cancelNext();
        Workers.stop(probePool, wait, "the emergency probe pool");
        synchronized (roundLock) {
            // waits for a round running on a caller's thread (probeNow) to finish
        }
        if (httpPool != null) {
            Workers.stop(httpPool, wait, "the emergency HTTP pool");
        }
        if (http instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("could not close the emergency HTTP client", e);
            }
        }
        unpublishView.run();
        unpublishMetrics.run();
    }

    private void apply(Transition t) {
        String from = t.from().wireName();
        String to = t.to().wireName();
        if (t.to() == Connectivity.OFFLINE) {
            LOG.warn("emergency mode {} -> {}: {}", from, to, t.reason());
        } else {
            LOG.info("emergency mode {} -> {}: {}", from, to, t.reason());
        }
        metrics.count(t);
        if (t.to() == Connectivity.OFFLINE) {
            try {
                int n = context.withdrawInternetCapabilities();
                LOG.warn("emergency mode offline: withdrew {} internet-dependent capabilities", n);
            } catch (RuntimeException e) {
                LOG.error("emergency mode offline: could not withdraw internet-dependent capabilities", e);
            }
        } else if (t.to() == Connectivity.ONLINE) {
            try {
                int n = context.restoreInternetCapabilities();
                if (n > 0) {
                    LOG.info("emergency mode online: restored {} internet-dependent capabilities", n);
                }
            } catch (RuntimeException e) {
                LOG.error("emergency mode online: could not restore internet-dependent capabilities", e);
            }
        }
        try {
            context.publishConnectivity(t.to());
        } catch (RuntimeException e) {
            LOG.error("emergency mode: could not announce connectivity {}", to, e);
        }
    }

    private void checkClockWhenDue(EmergencyState state, Instant now) {
        if (state.mode() != Connectivity.ONLINE) {
            clockCheckedWhileOnline = false;
            return;
        }
        if (clockSanity == null || clockCheckedWhileOnline
                || Duration.between(state.since(), now).compareTo(EmergencyExtension.CLOCK_CHECK_AFTER) < 0) {
            return;
        }
        clockCheckedWhileOnline = true;
        try {
            clockCheck = Optional.of(clockSanity.check());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clockCheckedWhileOnline = false;
        }
    }

    private void scheduleNext(Duration delay) {
        if (stopped) {
            return;
        }
        try {
            next = scheduler.schedule(this::submitRound, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            if (!stopped) {
                LOG.error("emergency mode: the scheduler refused the next probe round; probing stops", e);
            }
        }
    }

    private void submitRound() {
        try {
            loop.execute(this::loopRound);
        } catch (RejectedExecutionException e) {
            if (!stopped) {
                LOG.error("emergency mode: the detector thread refused a probe round; probing stops", e);
            }
        }
    }

    private void loopRound() {
        try {
            round();
        } catch (RuntimeException e) {
            LOG.error("emergency mode: a probe round failed", e);
        } finally {
            scheduleNext(stateBus.current().mode() == Connectivity.ONLINE
                    ? settings.onlineInterval() : settings.offlineInterval());
        }
    }

    private void cancelNext() {
        ScheduledFuture<?> n = next;
        if (n != null) {
            n.cancel(false);
        }
    }

    private static void requireDistinct(List<String> targets) {
        if (targets.isEmpty()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "emergency mode needs at least one probe");
        }
        Set<String> seen = new HashSet<>();
        for (String t : targets) {
            if (t == null || t.isBlank()) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "a probe has no target name");
            }
            if (!seen.add(t)) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "probe target '" + t + "' is configured twice");
            }
        }
    }
}
