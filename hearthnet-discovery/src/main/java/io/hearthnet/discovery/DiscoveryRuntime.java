package io.hearthnet.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Endpoint;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.concurrent.Workers;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.manifest.KeyPins;
import io.hearthnet.api.manifest.NodeManifest;
import io.hearthnet.api.spi.Connectivity;
import io.hearthnet.api.spi.NodeContext;
import io.hearthnet.api.spi.Transport;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery while its node runs: the channels, the tracker, the announce and maintenance timers,
 * and the view and metrics it publishes. Made by {@link DiscoveryExtension#start}; {@link #stop()}
 * undoes everything.
 */
final class DiscoveryRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryRuntime.class);
    /** Announcements triggered by events (a newcomer, a capability change) are at least this far apart. */
    static final Duration MIN_ANNOUNCE_GAP = Duration.ofMillis(250);
    static final int FETCH_THREADS = 2;
    static final int FETCH_QUEUE = 64;

    private final DiscoverySettings settings;
    private final NodeContext ctx;
    private final PeerRegistry registry;
    private final DiscoveryMetrics metrics;
    private final BooleanSupplier aggressive;
    private final Clock clock;
    private final Failures failures;
    private final String tag;
    private final ThreadPoolExecutor fetchPool;
    private final PeerTracker tracker;
    private final UdpChannel udp;
    private final MdnsChannel mdns;
    private final ReentrantLock tick = new ReentrantLock();
    private final Object announceLock = new Object();
    private final List<Runnable> undo = new ArrayList<>();

    private volatile Presence presence;
    private volatile NetworkChoice net;
    private volatile boolean closed;
    private ScheduledFuture<?> nextAnnounce;
    private ScheduledFuture<?> maintenanceTask;
    private long lastAnnounceNanos = System.nanoTime() - MIN_ANNOUNCE_GAP.toNanos();

    DiscoveryRuntime(DiscoverySettings settings, NodeContext ctx, Clock clock, PeerRegistry registry, KeyPins pins,
                     DiscoveryMetrics metrics, BooleanSupplier aggressive) {
        this.settings = settings;
        this.ctx = ctx;
        this.clock = clock;
        this.registry = registry;
        this.metrics = metrics;
        this.aggressive = aggressive;
        this.failures = new Failures(LOG, metrics);
        this.tag = ctx.nodeId().shortForm().substring(8, 12).toLowerCase(Locale.ROOT);
        this.fetchPool = new ThreadPoolExecutor(FETCH_THREADS, FETCH_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(FETCH_QUEUE), Workers.daemonThreads("hearthnet-discovery-" + tag + "-fetch"));
        this.fetchPool.allowCoreThreadTimeOut(true);
        this.tracker = new PeerTracker(ctx.nodeId(), ctx.communityId(), clock, settings, registry, pins,
                this::fetchManifest, new PeerTracker.PeerSink() {
                    @Override
                    public void update(NodeManifest manifest, List<Endpoint> endpoints) {
                        ctx.updatePeer(manifest, endpoints);
                    }

                    @Override
                    public void remove(NodeId node) {
                        ctx.removePeer(node);
                    }
                }, fetchPool, metrics, failures, this::announceSoon, aggressive);
        this.udp = settings.udp() ? new UdpChannel(settings.group(), settings.port(), "hearthnet-discovery-" + tag + "-udp",
                tracker::onSighting, failures, metrics) : null;
        String host = "hearthnet-" + ctx.nodeId().shortForm().substring(8).replace("-", "").toLowerCase(Locale.ROOT);
        this.mdns = settings.mdns() ? new MdnsChannel(host, tracker::onSighting, failures, metrics) : null;
    }

    void start() {
        presence = Presence.of(ctx.manifest());
        undo.add(ctx.onManifest(m -> {
            Presence p = Presence.of(m);
            if (!p.equals(presence)) {
                presence = p;
                LOG.debug("our announcement changed: {} capabilities at {}", p.capabilities().size(), p.endpoint());
                announceSoon();
            }
        }));
        undo.add(ctx.onConnectivity(c -> announceSoon()));
        undo.add(ctx.publishView(DiscoveryExtension.NAME, this::view));
        undo.add(ctx.publishMetrics(this::metricsText));
        long period = settings.maintenance().toMillis();
        maintenanceTask = ctx.scheduler().scheduleWithFixedDelay(this::maintainTick, period, period, TimeUnit.MILLISECONDS);
        scheduleAnnounce(0);
        LOG.info("discovery of {} started (mDNS {}, UDP {})", ctx.nodeId().shortForm(), settings.mdns() ? "on" : "off",
                settings.udp() ? "on " + settings.group().getHostAddress() + ":" + settings.port() : "off");
    }

    /** Runs one maintenance pass now, on the caller's thread. */
    void maintainNow() {
        maintainTick();
    }

    /** Announces as soon as the minimum gap since the last announcement allows. */
    void announceSoon() {
        long wait = lastAnnounceNanos + MIN_ANNOUNCE_GAP.toNanos() - System.nanoTime();
        scheduleAnnounce(Math.max(0, TimeUnit.NANOSECONDS.toMillis(wait)));
    }

    PeerTracker tracker() {
        return tracker;
    }

    Failures failures() {
        return failures;
    }

    boolean udpUp() {
        return udp != null && udp.isOpen();
    }

    boolean mdnsUp() {
        return mdns != null && mdns.isOpen();
    }

    /** The current UDP announcement period: fast while fewer than 2 peers are known or offline. */
    Duration announceInterval() {
        boolean fast = registry.size() < 2 || ctx.connectivity() == Connectivity.OFFLINE;
        return fast ? settings.fastAnnounce() : settings.slowAnnounce();
    }

    private void scheduleAnnounce(long delayMillis) {
        synchronized (announceLock) {
            if (closed) {
                return;
            }
            ScheduledFuture<?> pending = nextAnnounce;
            if (pending != null && !pending.isDone() && pending.getDelay(TimeUnit.MILLISECONDS) > 0) {
                if (pending.getDelay(TimeUnit.MILLISECONDS) <= delayMillis) {
                    return;
                }
                pending.cancel(false);
            }
            nextAnnounce = ctx.scheduler().schedule(this::announceTick, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void announceTick() {
        if (closed) {
            return;
        }
        tick.lock();
        try {
            if (closed) {
                return;
            }
            lastAnnounceNanos = System.nanoTime();
            ensureChannels();
            announce(presence);
        } catch (RuntimeException e) {
            failures.report("announce", "announce", "announcing " + ctx.nodeId().shortForm() + " failed", e);
        } finally {
            tick.unlock();
            scheduleAnnounce(announceInterval().toMillis());
        }
    }

    private void announce(Presence p) {
        if (p.port().isEmpty()) {
            failures.report("announce", "no-endpoint", "node " + ctx.nodeId().shortForm() + " has no HTTP endpoint, so peers"
                    + " could not fetch its manifest: it is not announced (it still listens for others)", null);
        }
        if (udp != null && udp.isOpen() && p.port().isPresent()) {
            try {
                udp.send(new UdpAnnouncement(p.node(), p.communityId(), p.port().get(), p.capabilities()));
                metrics.inc(DiscoveryMetrics.ANNOUNCEMENTS, "channel", Channel.UDP.label());
                failures.recovered("udp-send", "UDP announcements are sent again");
            } catch (IOException | RuntimeException e) {
                failures.report("udp", "udp-send", "could not send the UDP announcement to "
                        + settings.group().getHostAddress() + ":" + settings.port(), e);
            }
        }
        if (mdns != null && mdns.isOpen()) {
            try {
                switch (mdns.announce(p)) {
                    case SENT -> metrics.inc(DiscoveryMetrics.ANNOUNCEMENTS, "channel", Channel.MDNS.label());
                    case DEFERRED -> announceSoon();
                    case UNCHANGED -> { }
                }
                failures.recovered("mdns-announce", "mDNS registration works again");
            } catch (IOException | RuntimeException e) {
                failures.report("mdns", "mdns-announce", "could not register or update our mDNS service", e);
            }
            mdns.rescan();
        }
    }

    /** Opens whatever channel is not open (at start, and again on every announcement after a failure). */
    private void ensureChannels() {
        NetworkChoice n = net;
        if (n == null) {
            try {
                n = NetworkChoice.resolve(settings.interfaceName(), settings.bindAddress());
                net = n;
                failures.recovered("network", "discovery found its network: " + n);
            } catch (HearthNetException e) {
                failures.report("network", "network", "discovery has no network to multicast on: " + e.getMessage(), e);
                return;
            }
        }
        if (udp != null && !udp.isOpen()) {
            try {
                udp.open(n);
                failures.recovered("udp-open", "UDP discovery is up on " + n);
            } catch (IOException | RuntimeException e) {
                failures.report("udp", "udp-open", "UDP discovery on " + settings.group().getHostAddress() + ":"
                        + settings.port() + " via " + n + " is unavailable" + (mdns != null ? "; mDNS goes on" : ""), e);
            }
        }
        if (mdns != null && !mdns.isOpen()) {
            try {
                mdns.open(n);
                failures.recovered("mdns-open", "mDNS discovery is up on " + n);
            } catch (IOException | RuntimeException e) {
                failures.report("mdns", "mdns-open", "mDNS discovery via " + n + " is unavailable"
                        + (udp != null ? "; UDP goes on" : ""), e);
            }
        }
    }

    private void maintainTick() {
        if (closed) {
            return;
        }
        tick.lock();
        try {
            if (!closed) {
                tracker.maintain();
            }
        } catch (RuntimeException e) {
            failures.report("maintenance", "maintenance", "discovery maintenance failed", e);
        } finally {
            tick.unlock();
        }
    }

    private ObjectNode fetchManifest(Endpoint endpoint) {
        for (Transport t : ctx.transports()) {
            if (t.handles(endpoint)) {
                return t.fetchManifest(endpoint);
            }
        }
        throw new HearthNetException(ErrorCode.PARTITION, "no transport of this node reaches " + endpoint);
    }

    ObjectNode view() {
        Instant now = clock.instant();
        ObjectNode o = Json.object();
        o.put("node_id", ctx.nodeId().value());
        NetworkChoice n = net;
        o.put("network", n == null ? null : n.toString());
        o.putObject("mdns").put("enabled", settings.mdns()).put("up", mdnsUp());
        o.putObject("udp").put("enabled", settings.udp()).put("up", udpUp())
                .put("group", settings.group().getHostAddress()).put("port", settings.port());
        o.put("pruning_aggressive", aggressive.getAsBoolean());
        o.put("announce_interval_ms", announceInterval().toMillis());
        o.put("stubs", tracker.stubs());
        ArrayNode peers = o.putArray("peers");
        for (Peer p : registry.all()) {
            ObjectNode j = peers.addObject();
            j.put("node_id", p.nodeId().value());
            j.put("short_id", p.nodeId().shortForm());
            j.put("display_name", p.displayName());
            j.put("community_id", p.communityId());
            ArrayNode eps = j.putArray("endpoints");
            p.endpoints().forEach(e -> eps.add(e.toString()));
            j.put("capabilities", p.manifest().capabilities().size());
            j.put("first_seen", p.firstSeen().toString());
            j.put("last_seen", p.lastSeen().toString());
            j.put("expires_at", p.manifest().expiresAt().toString());
            j.put("routable", !p.isExpired(now) && tracker.isRoutable(p.nodeId()));
        }
        return o;
    }

    String metricsText() {
        List<DiscoveryMetrics.Gauge> gauges = new ArrayList<>();
        gauges.add(new DiscoveryMetrics.Gauge("hearthnet_discovery_peers", "", "Verified peers known.", registry.size()));
        gauges.add(new DiscoveryMetrics.Gauge("hearthnet_discovery_stubs", "", "Nodes heard of whose manifest has not verified.",
                tracker.stubs()));
        String up = "Whether a discovery channel is up (1) or not (0).";
        gauges.add(new DiscoveryMetrics.Gauge("hearthnet_discovery_channel_up", "{channel=\"mdns\"}", up, mdnsUp() ? 1 : 0));
        gauges.add(new DiscoveryMetrics.Gauge("hearthnet_discovery_channel_up", "{channel=\"udp\"}", up, udpUp() ? 1 : 0));
        gauges.add(new DiscoveryMetrics.Gauge("hearthnet_discovery_pruning_aggressive", "",
                "Whether stale peers are pruned after the shorter, offline age.", aggressive.getAsBoolean() ? 1 : 0));
        return metrics.prometheus(gauges);
    }

    /** Stops the timers, waits for a running pass, closes the channels and the fetch pool. */
    void stop() {
        closed = true;
        synchronized (announceLock) {
            if (nextAnnounce != null) {
                nextAnnounce.cancel(false);
            }
        }
        if (maintenanceTask != null) {
            maintenanceTask.cancel(false);
        }
        tick.lock();
        tick.unlock();
        List<Runnable> undos = new ArrayList<>(undo);
        Collections.reverse(undos);
        undos.forEach(Runnable::run);
        tracker.close();
        Workers.stop(fetchPool, Duration.ofSeconds(10), "discovery's manifest fetches of " + ctx.nodeId().shortForm());
        if (udp != null) {
            udp.close();
        }
        if (mdns != null) {
            mdns.close();
        }
        LOG.info("discovery of {} stopped", ctx.nodeId().shortForm());
    }
}
