package io.hearthnet.emergency;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.spi.NodeContext;
import io.hearthnet.api.spi.NodeExtension;
import io.hearthnet.api.spi.Probe;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Emergency mode as a node extension: probes the internet, runs the online/degraded/offline state
 * machine, and acts on every transition — entering offline withdraws the node's internet-dependent
 * capabilities, returning online restores them, every change is announced with
 * {@link NodeContext#publishConnectivity}, logged and counted in the node's metrics. The current
 * state is published as the view {@value #NAME} and on the {@link #stateBus() state bus}.
 *
 * <pre>{@code
 * EmergencyExtension emergency = EmergencyExtension.builder()
 *         .targets("dns://192.168.1.1,https://example.org")
 *         .build();
 * HearthNode node = HearthNode.builder().extension(emergency).build();
 * }</pre>
 */
public final class EmergencyExtension implements NodeExtension {
    /** The extension's name and the name of its view. */
    public static final String NAME = "emergency";
    /** Time between probe rounds while online. */
    public static final Duration DEFAULT_ONLINE_INTERVAL = Duration.ofSeconds(10);
    /** Time between probe rounds while degraded or offline. */
    public static final Duration DEFAULT_OFFLINE_INTERVAL = Duration.ofSeconds(2);
    /** How long one probe may take before it counts as failed. */
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(2);
    /** How long the node must be online before the clock check. */
    public static final Duration CLOCK_CHECK_AFTER = Duration.ofSeconds(30);

    private final Settings settings;
    private final StateBus stateBus;
    private final Object lifecycle = new Object();
    private volatile Monitor monitor;

    private EmergencyExtension(Settings settings) {
        this.settings = settings;
        this.stateBus = new StateBus(EmergencyState.assumedOnline(settings.clock().orElseGet(Clock::systemUTC).instant()));
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Starts probing: picks the targets (builder, else {@value ProbeTargets#ENV}, else the
     * defaults), publishes the view and metrics and, unless built with {@code periodic(false)},
     * runs the first round at once. A no-op when running.
     *
     * @throws HearthNetException {@code bad_request} when the targets are malformed or repeat
     */
    @Override
    public void start(NodeContext context) {
        Objects.requireNonNull(context, "context");
        synchronized (lifecycle) {
            if (monitor != null) {
                return;
            }
            List<ProbeTarget> targets = settings.probes().isEmpty() || !settings.targets().isEmpty()
                    ? ProbeTargets.select(settings.targets(), System.getenv())
                    : List.of();
            Monitor m = new Monitor(context, settings, stateBus, targets);
            try {
                m.start();
            } catch (RuntimeException e) {
                m.stop();
                throw e;
            }
            monitor = m;
        }
    }

    /**
     * Stops probing: cancels the timer and in-flight probes, joins the extension's threads and
     * withdraws its view and metrics. Withdrawn capabilities stay withdrawn (the node is stopping).
     * Idempotent.
     */
    @Override
    public void stop() {
        synchronized (lifecycle) {
            Monitor m = monitor;
            if (m == null) {
                return;
            }
            monitor = null;
            m.stop();
        }
    }

    /** Whether the extension is running. */
    public boolean isRunning() {
        return monitor != null;
    }

    /** The local state bus: the current state and subscriptions to mode changes. */
    public StateBus stateBus() {
        return stateBus;
    }

    /** The current state (same as {@code stateBus().current()}). */
    public EmergencyState state() {
        return stateBus.current();
    }

    /**
     * Runs one probe round now, on the calling thread, and applies its outcome like a timed
     * round would. Returns the resulting state.
     *
     * @throws IllegalStateException when the extension is not running
     */
    public EmergencyState probeNow() {
        return running().round();
    }

    /** The targets being probed, in order. */
    public List<String> targets() {
        return running().targets();
    }

    /** The last clock check, if one ran since the extension started. */
    public Optional<ClockCheck> clockCheck() {
        Monitor m = monitor;
        return m == null ? Optional.empty() : m.clockCheck();
    }

    private Monitor running() {
        Monitor m = monitor;
        if (m == null) {
            throw new IllegalStateException("emergency mode is not running");
        }
        return m;
    }

    /** Builds an {@link EmergencyExtension}. */
    public static final class Builder {
        private final List<ProbeTarget> targets = new ArrayList<>();
        private final List<Probe> probes = new ArrayList<>();
        private Clock clock;
        private ScheduledExecutorService scheduler;
        private Duration onlineInterval = DEFAULT_ONLINE_INTERVAL;
        private Duration offlineInterval = DEFAULT_OFFLINE_INTERVAL;
        private Duration probeTimeout = DEFAULT_PROBE_TIMEOUT;
        private ProbeTarget clockAnchor;
        private boolean clockCheck = true;
        private boolean periodic = true;
        private StateRules rules = StateRules.DEFAULTS;

        private Builder() {}

        /**
         * The targets, as a comma-separated list of URIs ({@code dns://RESOLVER[:PORT]},
         * {@code http(s)://HOST[:PORT][/PATH]}, {@code tcp://HOST:PORT}). Replaces earlier targets.
         * Without targets the node uses {@value ProbeTargets#ENV}, else {@link ProbeTargets#DEFAULTS}.
         */
        public Builder targets(String commaSeparated) {
            return targets(ProbeTargets.parseList(commaSeparated));
        }

        /** The targets, already parsed. Replaces earlier targets. */
        public Builder targets(List<ProbeTarget> parsed) {
            List<ProbeTarget> copy = List.copyOf(parsed);
            if (copy.isEmpty()) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "the probe target list is empty");
            }
            targets.clear();
            targets.addAll(copy);
            return this;
        }

        /**
         * Adds a probe of the host's own. A node given probes but no targets probes only these
         * (neither the environment nor the defaults are consulted).
         */
        public Builder probe(Probe probe) {
            probes.add(Objects.requireNonNull(probe, "probe"));
            return this;
        }

        /** The clock for the state machine and the clock check; default the node's. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The scheduler that times probe rounds; default the node's. Rounds run on the extension's own thread. */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Time between rounds while online (default 10 s) and while degraded or offline (default 2 s). */
        public Builder intervals(Duration online, Duration degradedOrOffline) {
            this.onlineInterval = positive(online, "online interval");
            this.offlineInterval = positive(degradedOrOffline, "degraded/offline interval");
            return this;
        }

        /** How long a probe may take before it counts as failed; default 2 s. */
        public Builder probeTimeout(Duration timeout) {
            this.probeTimeout = positive(timeout, "probe timeout");
            return this;
        }

        /** The {@code http(s)://} URL the clock check sends its HEAD to; default the first HTTP(S) target. */
        public Builder clockAnchor(String url) {
            ProbeTarget anchor = ProbeTargets.parse(url);
            if (!anchor.isHttp()) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "clock anchor '" + anchor.target()
                        + "' must be an http:// or https:// URL");
            }
            this.clockAnchor = anchor;
            this.clockCheck = true;
            return this;
        }

        /** Whether to compare the local clock with the anchor after 30 s online; default true. */
        public Builder clockCheck(boolean enabled) {
            this.clockCheck = enabled;
            return this;
        }

        /**
         * Whether probe rounds run on a timer (default true). Without it rounds run only through
         * {@link EmergencyExtension#probeNow()}, for hosts and tests that drive probing themselves.
         */
        public Builder periodic(boolean periodic) {
            this.periodic = periodic;
            return this;
        }

        Builder rules(StateRules rules) {
            this.rules = Objects.requireNonNull(rules, "rules");
            return this;
        }

        /** The extension, not yet started. */
        public EmergencyExtension build() {
            return new EmergencyExtension(new Settings(targets, probes, Optional.ofNullable(clock),
                    Optional.ofNullable(scheduler), onlineInterval, offlineInterval, probeTimeout,
                    Optional.ofNullable(clockAnchor), clockCheck, periodic, rules));
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "the " + what + " must be positive");
            }
            return d;
        }
    }
}
