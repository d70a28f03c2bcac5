package io.hearthnet.discovery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Endpoint;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.manifest.KeyPins;
import io.hearthnet.api.manifest.NodeManifest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns sightings into verified peers and keeps them fresh. A sighting of an unknown node makes a
 * stub; its manifest is fetched through the node's transport and must verify (signature, expiry,
 * the node id announced, the pinned key, our community) before the peer enters the registry and
 * the bus. Maintenance refetches manifests close to expiry, stops routing to peers whose manifest
 * expired unrefreshed, and prunes peers not verified for the prune age. Thread-safe.
 */
final class PeerTracker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerTracker.class);
    /** Unverified nodes remembered beyond the registry's capacity. */
    static final int MAX_STUBS = 256;

    /** Where verified peers go: the node's bus. */
    interface PeerSink {
        void update(NodeManifest manifest, List<Endpoint> endpoints);

        void remove(NodeId node);
    }

    /** Fetches a manifest's JSON from an endpoint (a transport's {@code fetchManifest}). */
    interface ManifestSource {
        ObjectNode fetch(Endpoint endpoint);
    }

    /** Why a fetched manifest was refused. */
    private record Rejection(String reason, HearthNetException cause) {}

    private final NodeId self;
    private final String communityId;
    private final Clock clock;
    private final DiscoverySettings settings;
    private final PeerRegistry registry;
    private final KeyPins pins;
    private final ManifestSource source;
    private final PeerSink sink;
    private final Executor fetches;
    private final DiscoveryMetrics metrics;
    private final Failures failures;
    private final Runnable onNewcomer;
    private final BooleanSupplier aggressive;
    private final Map<NodeId, Contact> contacts;
    private final Runnable unsubscribe;
    private boolean closed;

    PeerTracker(NodeId self, String communityId, Clock clock, DiscoverySettings settings, PeerRegistry registry,
                KeyPins pins, ManifestSource source, PeerSink sink, Executor fetches, DiscoveryMetrics metrics,
                Failures failures, Runnable onNewcomer, BooleanSupplier aggressive) {
        this.self = self;
        this.communityId = communityId;
        this.clock = clock;
        this.settings = settings;
        this.registry = registry;
        this.pins = pins;
        this.source = source;
        this.sink = sink;
        this.fetches = fetches;
        this.metrics = metrics;
        this.failures = failures;
        this.onNewcomer = onNewcomer;
        this.aggressive = aggressive;
        int capacity = registry.capacity() + MAX_STUBS;
        this.contacts = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<NodeId, Contact> eldest) {
                return size() > capacity;
            }
        };
        this.unsubscribe = registry.subscribe(this::onRegistryEvent);
    }

    /** Handles an announcement heard on any channel. */
    void onSighting(Sighting s) {
        metrics.inc(DiscoveryMetrics.SIGHTINGS, "channel", s.channel().label());
        if (s.node().equals(self)) {
            return;
        }
        if (!s.communityId().equals(communityId)) {
            metrics.inc(DiscoveryMetrics.IGNORED, "reason", "foreign_community");
            LOG.trace("ignoring {} of community '{}'", s.node().shortForm(), s.communityId());
            return;
        }
        boolean newcomer;
        synchronized (this) {
            if (closed) {
                return;
            }
            Instant now = clock.instant();
            Contact c = contacts.get(s.node());
            if (c == null) {
                c = new Contact(s.node(), s.endpoint(), now);
                contacts.put(s.node(), c);
                LOG.debug("heard of {} at {} via {}; fetching its manifest", s.node().shortForm(), s.endpoint(), s.channel().label());
            }
            c.lastHeard = now;
            c.heardAt(s.endpoint());
            String before = c.hints.put(s.channel(), s.fingerprint());
            boolean changed = before != null && !before.equals(s.fingerprint());
            boolean verified = c.routable && registry.get(s.node()).isPresent();
            newcomer = !verified;
            if (!verified || changed) {
                if (changed) {
                    LOG.debug("the {} announcement of {} changed; fetching its manifest", s.channel().label(), s.node().shortForm());
                }
                if (c.fetching) {
                    c.fetchAgain |= changed;
                } else if (changed || !now.isBefore(c.nextAttempt)) {
                    startFetch(c);
                }
            }
        }
        if (newcomer) {
            onNewcomer.run();
        }
    }

    /**
     * One maintenance pass: refetch manifests close to expiry, stop routing to expired ones, prune
     * peers not verified for the prune age (shorter while pruning is aggressive), forget old stubs.
     */
    synchronized void maintain() {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        for (Peer p : registry.all()) {
            Contact c = contacts.get(p.nodeId());
            if (c == null) {
                Optional<Endpoint> at = p.endpoints().stream().findFirst().or(() -> p.manifest().endpoints().stream().findFirst());
                if (at.isEmpty()) {
                    continue;
                }
                c = new Contact(p.nodeId(), at.get(), now);
                c.verified = true;
                c.routable = true;
                contacts.put(p.nodeId(), c);
            }
            if (p.isExpired(now) && c.routable) {
                c.routable = false;
                sink.remove(p.nodeId());
                metrics.inc(DiscoveryMetrics.UNROUTABLE);
                LOG.info("peer {} '{}': manifest expired at {} and could not be refreshed; no longer routed to",
                        p.nodeId().shortForm(), p.displayName(), p.manifest().expiresAt());
            }
            boolean due = !now.isBefore(p.manifest().expiresAt().minus(settings.refreshBefore()));
            if (due && !c.fetching && !now.isBefore(c.nextAttempt)) {
                startFetch(c);
            }
        }
        Duration maxAge = aggressive.getAsBoolean() ? settings.aggressivePruneAfter() : settings.pruneAfter();
        for (Peer p : registry.pruneOlderThan(maxAge)) {
            metrics.inc(DiscoveryMetrics.PRUNED);
            LOG.info("peer {} '{}' pruned: not verified since {} (more than {} s)", p.nodeId().shortForm(),
                    p.displayName(), p.lastSeen(), maxAge.toSeconds());
        }
        Instant stubCutoff = now.minus(settings.pruneAfter());
        Iterator<Contact> it = contacts.values().iterator();
        while (it.hasNext()) {
            Contact c = it.next();
            if (!c.fetching && c.lastHeard.isBefore(stubCutoff) && registry.get(c.node).isEmpty()) {
                it.remove();
            }
        }
    }

    /** Nodes heard of whose manifest has not verified (yet). */
    synchronized int stubs() {
        return (int) contacts.keySet().stream().filter(n -> registry.get(n).isEmpty()).count();
    }

    /** Whether the bus routes to {@code node} now. */
    synchronized boolean isRoutable(NodeId node) {
        Contact c = contacts.get(node);
        return c != null && c.routable;
    }

    private void startFetch(Contact c) {
        c.fetching = true;
        c.fetchAgain = false;
        NodeId node = c.node;
        Endpoint target = c.target();
        try {
            fetches.execute(() -> fetch(node, target));
        } catch (RejectedExecutionException e) {
            c.fetching = false;
            failures.report("fetch", "fetch-queue", "the manifest fetch queue is full; " + node.shortForm()
                    + " is fetched on a later announcement", e);
        }
    }

    private void fetch(NodeId node, Endpoint target) {
        ObjectNode json;
        try {
            json = source.fetch(target);
            metrics.inc(DiscoveryMetrics.FETCHES, "result", "ok");
        } catch (RuntimeException e) {
            if (isClosed()) {
                LOG.debug("stopped while fetching the manifest of {}: {}", node.shortForm(), e.toString());
                return;
            }
            fetchFailed(node, target, e);
            return;
        }
        NodeManifest manifest = null;
        Rejection rejection;
        try {
            manifest = NodeManifest.fromJson(json);
            rejection = check(node, manifest);
        } catch (HearthNetException e) {
            rejection = new Rejection("malformed_manifest", e);
        }
        if (rejection != null) {
            metrics.inc(DiscoveryMetrics.REJECTED, "reason", rejection.reason());
            failures.report("verify", "reject:" + node.value() + ":" + rejection.reason(), "refusing the manifest of "
                    + node.shortForm() + " fetched from " + target + ": " + rejection.reason(), rejection.cause());
            fetchFailed(node, target);
            return;
        }
        accept(node, target, manifest);
    }

    private Rejection check(NodeId node, NodeManifest m) {
        if (!m.nodeId().equals(node)) {
            return new Rejection("node_mismatch", new HearthNetException(ErrorCode.INVALID_SIGNATURE,
                    "announced as " + node.value() + " but the manifest is of " + m.nodeId().value()));
        }
        try {
            m.verify(clock);
        } catch (HearthNetException e) {
            return new Rejection(e.code() == ErrorCode.EXPIRED ? "expired" : "invalid_signature", e);
        }
        try {
            pins.check(m.nodeId());
        } catch (HearthNetException e) {
            return new Rejection("pinned_key", e);
        }
        if (!m.communityId().equals(communityId)) {
            return new Rejection("foreign_community", new HearthNetException(ErrorCode.UNAUTHORIZED,
                    "the manifest is of community '" + m.communityId() + "', not '" + communityId + "'"));
        }
        return null;
    }

    private synchronized void accept(NodeId node, Endpoint target, NodeManifest m) {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        Contact c = contacts.computeIfAbsent(node, n -> new Contact(n, target, now));
        c.fetching = false;
        Optional<Peer> known = registry.get(node);
        if (known.isPresent() && m.issuedAt().isBefore(known.get().manifest().issuedAt())) {
            metrics.inc(DiscoveryMetrics.REJECTED, "reason", "older_manifest");
            LOG.debug("ignoring a manifest of {} older than the one held", node.shortForm());
            c.failed(target, now);
            refetchIfAsked(c);
            return;
        }
        List<Endpoint> endpoints = endpointsOf(m, target);
        try {
            sink.update(m, endpoints);
        } catch (RuntimeException e) {
            failures.report("bus", "bus:" + node.value(), "the bus refused the manifest of " + node.shortForm(), e);
            c.failed(target, now);
            return;
        }
        boolean added = registry.upsert(m, endpoints);
        boolean wasRoutable = c.routable;
        c.succeeded(target, now);
        failures.recovered("fetch:" + node.value(), "the manifest of " + node.shortForm() + " is fetched again");
        if (added) {
            LOG.info("peer {} '{}' joined at {} with {} capabilities", node.shortForm(), m.displayName(), endpoints,
                    m.capabilities().size());
        } else if (!wasRoutable) {
            LOG.info("peer {} '{}' is back at {}", node.shortForm(), m.displayName(), endpoints);
        }
        refetchIfAsked(c);
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private void fetchFailed(NodeId node, Endpoint target, RuntimeException e) {
        metrics.inc(DiscoveryMetrics.FETCHES, "result", "failed");
        String why = e instanceof HearthNetException h ? h.code().wireName() : "unexpected " + e.getClass().getSimpleName();
        failures.report("fetch", "fetch:" + node.value(), "could not fetch the manifest of " + node.shortForm()
                + " at " + target + " (" + why + ")", e);
        fetchFailed(node, target);
    }

    private synchronized void fetchFailed(NodeId node, Endpoint target) {
        Contact c = contacts.get(node);
        if (c == null || closed) {
            return;
        }
        c.fetching = false;
        c.failed(target, clock.instant());
        refetchIfAsked(c);
    }

    private void refetchIfAsked(Contact c) {
        if (c.fetchAgain) {
            startFetch(c);
        }
    }

    /** The manifest's own (signed) endpoints first; the one we reached it at after them if new. */
    private static List<Endpoint> endpointsOf(NodeManifest m, Endpoint reached) {
        List<Endpoint> eps = new ArrayList<>(m.endpoints());
        if (!eps.contains(reached)) {
            eps.add(reached);
        }
        return eps;
    }

    private void onRegistryEvent(PeerEvent e) {
        if (e.kind() != PeerEvent.Kind.REMOVED) {
            return;
        }
        synchronized (this) {
            NodeId node = e.peer().nodeId();
            if (registry.get(node).isEmpty()) {
                contacts.remove(node);
                if (!closed) {
                    sink.remove(node);
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        unsubscribe.run();
        contacts.clear();
    }
}
