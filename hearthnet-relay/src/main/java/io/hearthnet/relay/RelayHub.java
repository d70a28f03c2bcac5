package io.hearthnet.relay;

import com.sun.net.httpserver.HttpServer;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.concurrent.AdmissionExecutor;
import io.hearthnet.api.concurrent.Workers;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.wire.CallEnvelope;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay hub: members behind NAT poll it for mail and drop envelopes into each other's
 * mailboxes. Serves {@code /relay/v1/{join,send,poll,roster,leave,health}} with the JDK
 * {@link HttpServer}; keeps the roster and undelivered envelopes in a {@link RelayStore} (SQLite in
 * WAL mode under the data dir by default), so a restart, even after the process was killed,
 * loses nothing it acknowledged. It forwards envelopes byte for byte and never reads the calls
 * inside them.
 *
 * <pre>{@code
 * try (RelayHub hub = RelayHub.builder().port(7443).dataDir(Path.of("/var/lib/hearthnet-relay")).build()) {
 *     hub.start();
 *     ...
 * }
 * }</pre>
 */
public final class RelayHub implements AutoCloseable {
    static {
        io.hearthnet.api.wire.JdkHttpServerDefaults.apply();
    }

    private static final Logger LOG = LoggerFactory.getLogger(RelayHub.class);
    private static final String DATA_DIR_ENV = "HEARTHNET_DATA_DIR";
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final int port;
    private final String bindAddress;
    private final Path dataDir;
    private final Clock clock;
    private final NodeKeyPair suppliedKeys;
    private final RelayStore suppliedStore;
    private final boolean fsyncEveryWrite;
    private final HubConfig config;

    private final Object lifecycle = new Object();
    private volatile Running running;

    /** Everything that exists only while the hub runs. */
    private static final class Running {
        HttpServer server;
        ThreadPoolExecutor handlers;
        AdmissionExecutor admission;
        ThreadPoolExecutor delivery;
        ScheduledThreadPoolExecutor timers;
        RelayStore store;
        boolean ownStore;
        HubState state;
        HubHandler handler;
        NodeKeyPair keys;
        URI url;
    }

    private RelayHub(Builder b) {
        this.port = b.port;
        this.bindAddress = b.bindAddress;
        this.dataDir = b.dataDir != null ? b.dataDir : defaultDataDir();
        this.clock = b.clock;
        this.suppliedKeys = b.keys;
        this.suppliedStore = b.store;
        this.fsyncEveryWrite = b.fsyncEveryWrite;
        this.config = new HubConfig(b.memberTtl, b.maxPollWait, b.mailboxCapacity, b.maxMembers, b.maxParkedPolls,
                b.maxRequestBytes, b.maxQueuedBytes, b.handlerThreads, b.timestampWindow, b.sweepInterval,
                b.mailboxCapacity, Math.max(b.maxRequestBytes, 1024 * 1024), b.retryAfter);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens the store, restores roster and mail, and starts serving; a no-op when running. If any
     * part fails, what was started is stopped again and the error thrown.
     */
    public void start() {
        synchronized (lifecycle) {
            if (running != null) {
                return;
            }
            long begin = System.nanoTime();
            Running r = new Running();
            try {
                r.keys = suppliedKeys != null ? suppliedKeys : NodeKeyPair.loadOrCreate(dataDir.resolve("relay"));
                r.ownStore = suppliedStore == null;
                r.store = suppliedStore != null ? suppliedStore
                        : JdbcRelayStore.sqlite(dataDir.resolve(JdbcRelayStore.SQLITE_FILE), fsyncEveryWrite);
                String prefix = "hearthnet-relay-hub-" + r.keys.nodeId().shortForm().substring(8, 12).toLowerCase();
                r.timers = new ScheduledThreadPoolExecutor(1, Workers.daemonThreads(prefix + "-timer"));
                r.timers.setRemoveOnCancelPolicy(true);
                r.timers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
                r.delivery = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4096),
                        Workers.daemonThreads(prefix + "-delivery"));
                r.state = new HubState(config, r.store, clock, r.keys, r.delivery, r.timers);
                long restoreBegin = System.nanoTime();
                r.state.restore();
                long restoreMillis = (System.nanoTime() - restoreBegin) / 1_000_000;
                r.handler = new HubHandler(r.state, config, clock);
                int threads = config.handlerThreads();
                int admitted = threads * (1 + HubHandler.QUEUED_PER_THREAD);
                // The queue holds every admitted request, so only the admission limit ever refuses one.
                r.handlers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(admitted),
                        Workers.daemonThreads(prefix + "-http"));
                r.handlers.allowCoreThreadTimeOut(true);
                r.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 256);
                r.admission = new AdmissionExecutor(r.handlers, admitted);
                r.server.setExecutor(r.admission);
                r.server.createContext(RelayWire.PREFIX, r.handler);
                r.server.start();
                InetSocketAddress bound = r.server.getAddress();
                r.url = URI.create("http://" + hostForUrl(bound) + ":" + bound.getPort());
                long sweep = config.sweepInterval().toMillis();
                r.timers.scheduleWithFixedDelay(() -> sweep(r), sweep, sweep, TimeUnit.MILLISECONDS);
                running = r;
                LOG.info("relay hub {} listening at {} with {} member(s) and {} queued envelope(s): restored in {} ms,"
                        + " started in {} ms", r.keys.nodeId().shortForm(), r.url, r.state.memberCount(), r.state.queued(),
                        restoreMillis, (System.nanoTime() - begin) / 1_000_000);
            } catch (IOException | RuntimeException e) {
                LOG.error("relay hub failed to start", e);
                stop(r);
                throw e instanceof HearthNetException h ? h
                        : new HearthNetException(ErrorCode.INTERNAL_ERROR, "relay hub failed to start: " + e.getMessage(), e);
            }
        }
    }

    private static void sweep(Running r) {
        try {
            r.state.sweep();
        } catch (RuntimeException e) {
            LOG.error("member expiry sweep failed", e);
        }
    }

    /** Stops serving, answers parked polls, stops every thread and closes the store it opened; idempotent. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            Running r = running;
            if (r == null) {
                return;
            }
            running = null;
            stop(r);
            LOG.info("relay hub {} stopped", r.keys.nodeId().shortForm());
        }
    }

    private static void stop(Running r) {
        if (r.state != null && r.server != null) {
            r.state.releaseParkedPolls();
        }
        if (r.server != null) {
            r.server.stop(0);
        }
        if (r.admission != null) {
            r.admission.close();
        }
        if (r.handlers != null) {
            Workers.stop(r.handlers, STOP_WAIT, "the relay hub's request handlers");
        }
        if (r.timers != null) {
            Workers.stop(r.timers, STOP_WAIT, "the relay hub's timers");
        }
        try {
            if (r.delivery != null) {
                r.delivery.shutdown();
                if (!r.delivery.awaitTermination(5, TimeUnit.SECONDS)) {
                    r.delivery.shutdownNow();
                    LOG.warn("relay hub delivery threads did not stop within 5 s");
                }
            }
        } catch (InterruptedException e) {
            r.delivery.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (r.state != null) {
            r.state.flushDeletes();
        }
        if (r.store != null && r.ownStore) {
            r.store.close();
        }
    }

    /** Whether the hub is serving. */
    public boolean isRunning() {
        return running != null;
    }

    /** The base URL members use as {@code relay.url}, e.g. {@code http://127.0.0.1:7443}. */
    public URI url() {
        return runningState().url;
    }

    /** The port the hub listens on. */
    public int port() {
        return runningState().server.getAddress().getPort();
    }

    /** The hub's identity; it signs roster envelopes with it. */
    public NodeId nodeId() {
        return runningState().keys.nodeId();
    }

    /** How many members are on the roster. */
    public int memberCount() {
        return runningState().state.memberCount();
    }

    /** How many envelopes wait for delivery. */
    public int queuedEnvelopes() {
        return runningState().state.queued();
    }

    /** Runs the member expiry check now (it also runs every sweep interval); returns how many expired. */
    public int expireIdleMembers() {
        return runningState().state.sweep();
    }

    /** The hub's counters in the Prometheus text format. */
    public String metricsText() {
        Running r = runningState();
        HubState s = r.state;
        return "# HELP hearthnet_relay_members Members on the roster.\n# TYPE hearthnet_relay_members gauge\n"
                + "hearthnet_relay_members " + s.memberCount() + "\n"
                + "# HELP hearthnet_relay_queued Envelopes waiting for delivery.\n# TYPE hearthnet_relay_queued gauge\n"
                + "hearthnet_relay_queued " + s.queued() + "\n"
                + "# HELP hearthnet_relay_queued_bytes Bytes of envelopes waiting.\n# TYPE hearthnet_relay_queued_bytes gauge\n"
                + "hearthnet_relay_queued_bytes " + s.queuedBytes() + "\n"
                + "# HELP hearthnet_relay_parked_polls Long-polls waiting for mail.\n# TYPE hearthnet_relay_parked_polls gauge\n"
                + "hearthnet_relay_parked_polls " + s.parkedPolls() + "\n"
                + "# HELP hearthnet_relay_envelopes_total Envelopes by outcome.\n# TYPE hearthnet_relay_envelopes_total counter\n"
                + "hearthnet_relay_envelopes_total{outcome=\"accepted\"} " + s.accepted.sum() + "\n"
                + "hearthnet_relay_envelopes_total{outcome=\"delivered\"} " + s.delivered.sum() + "\n"
                + "hearthnet_relay_envelopes_total{outcome=\"refused_full\"} " + s.refusedFull.sum() + "\n"
                + "hearthnet_relay_envelopes_total{outcome=\"discarded_member_gone\"} " + s.discarded.sum() + "\n"
                + "hearthnet_relay_envelopes_total{outcome=\"gossip_skipped\"} " + s.gossipSkipped.sum() + "\n"
                + "# HELP hearthnet_relay_send_requests_total Send requests answered (one or a batch of envelopes each).\n"
                + "# TYPE hearthnet_relay_send_requests_total counter\n"
                + "hearthnet_relay_send_requests_total " + r.handler.sendRequests.sum() + "\n"
                + "# HELP hearthnet_relay_poll_requests_total Polls of members' mailboxes.\n"
                + "# TYPE hearthnet_relay_poll_requests_total counter\n"
                + "hearthnet_relay_poll_requests_total " + r.handler.pollRequests.sum() + "\n"
                + "# HELP hearthnet_relay_refused_total Requests refused before their operation.\n"
                + "# TYPE hearthnet_relay_refused_total counter\n"
                + "hearthnet_relay_refused_total{reason=\"unauthenticated\"} " + r.handler.refusedAuth.sum() + "\n"
                + "hearthnet_relay_refused_total{reason=\"overloaded\"} " + r.handler.refusedOverload.sum() + "\n";
    }

    HubState state() {
        return runningState().state;
    }

    private Running runningState() {
        Running r = running;
        if (r == null) {
            throw new IllegalStateException("the relay hub is not running; call start() first");
        }
        return r;
    }

    private static String hostForUrl(InetSocketAddress bound) {
        InetAddress a = bound.getAddress();
        if (a.isAnyLocalAddress()) {
            return "127.0.0.1";
        }
        String host = a.getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** {@code $HEARTHNET_DATA_DIR}, else {@code ~/.hearthnet}. */
    static Path defaultDataDir() {
        String env = System.getenv(DATA_DIR_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".hearthnet");
    }

    /** Builds a {@link RelayHub}; every limit has the design guide's default. */
    public static final class Builder {
        private int port = 7443;
        private String bindAddress = "0.0.0.0";
        private Path dataDir;
        private Clock clock = Clock.systemUTC();
        private NodeKeyPair keys;
        private RelayStore store;
        private boolean fsyncEveryWrite;
        private Duration memberTtl = Duration.ofSeconds(120);
        private Duration maxPollWait = Duration.ofSeconds(25);
        private int mailboxCapacity = 256;
        private int maxMembers = 50_000;
        private int maxParkedPolls = 4_096;
        private int maxRequestBytes = 256 * 1024;
        private long maxQueuedBytes = 256L * 1024 * 1024;
        private int handlerThreads = 16;
        private Duration timestampWindow = CallEnvelope.DEFAULT_WINDOW;
        private Duration sweepInterval = Duration.ofSeconds(5);
        private Duration retryAfter = Duration.ofMillis(500);

        private Builder() {}

        /** The TCP port; 0 picks a free one. Default 7443. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "port must be 0 to 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The address to listen on; default {@code 0.0.0.0}. */
        public Builder bindAddress(String bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
            return this;
        }

        /**
         * Where the hub keeps {@code relay/relay.db} and its identity ({@code relay/identity/node.key});
         * default {@code $HEARTHNET_DATA_DIR}, else {@code ~/.hearthnet}.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /** The clock for member expiry and timestamp windows; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The hub's key pair; default loaded from (or created in) the data dir. */
        public Builder keys(NodeKeyPair keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** Another store instead of SQLite under the data dir; the caller owns (and closes) it. */
        public Builder store(RelayStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Whether every write is fsynced ({@code synchronous=FULL}), so acknowledged mail also
         * survives power loss; default false: it survives a killed process ({@code synchronous=NORMAL}).
         */
        public Builder fsyncEveryWrite(boolean fsync) {
            this.fsyncEveryWrite = fsync;
            return this;
        }

        /** How long a member stays on the roster without polling; default 120 s. */
        public Builder memberTtl(Duration ttl) {
            this.memberTtl = positive(ttl, "member TTL");
            return this;
        }

        /** The longest a poll waits for mail; default 25 s. */
        public Builder maxPollWait(Duration wait) {
            this.maxPollWait = positive(wait, "poll wait");
            return this;
        }

        /** Envelopes one mailbox holds before sends to it are refused; default 256. */
        public Builder mailboxCapacity(int capacity) {
            this.mailboxCapacity = atLeastOne(capacity, "mailbox capacity");
            return this;
        }

        /** Members the roster holds; default 50 000. */
        public Builder maxMembers(int max) {
            this.maxMembers = atLeastOne(max, "max members");
            return this;
        }

        /** Long-polls waiting at once; default 4 096 (they hold no thread). */
        public Builder maxParkedPolls(int max) {
            this.maxParkedPolls = atLeastOne(max, "max parked polls");
            return this;
        }

        /** Largest request body (an envelope, a join with its manifest); default 256 KiB. */
        public Builder maxRequestBytes(int max) {
            this.maxRequestBytes = atLeastOne(max, "max request bytes");
            return this;
        }

        /** Bytes of undelivered envelopes the hub holds across all mailboxes; default 256 MiB. */
        public Builder maxQueuedBytes(long max) {
            if (max < 1) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "max queued bytes must be positive");
            }
            this.maxQueuedBytes = max;
            return this;
        }

        /** Requests handled at once (the queue holds four times as many); default 16. */
        public Builder handlerThreads(int threads) {
            this.handlerThreads = atLeastOne(threads, "handler threads");
            return this;
        }

        /** How far a request's timestamp may be from the hub's clock; default 60 s. */
        public Builder timestampWindow(Duration window) {
            this.timestampWindow = positive(window, "timestamp window");
            return this;
        }

        /** How often idle members are expired; default 5 s. */
        public Builder sweepInterval(Duration interval) {
            this.sweepInterval = positive(interval, "sweep interval");
            return this;
        }

        /** The {@code retry_after_ms} given with {@code capacity_exceeded}; default 500 ms. */
        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = positive(retryAfter, "retry after");
            return this;
        }

        /** The hub, not yet started. */
        public RelayHub build() {
            return new RelayHub(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, what + " must be positive, got " + d);
            }
            return d;
        }

        private static int atLeastOne(int n, String what) {
            if (n < 1) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, what + " must be at least 1, got " + n);
            }
            return n;
        }
    }
}
