package io.hearthnet.bus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Capability;
import io.hearthnet.api.Endpoint;
import io.hearthnet.api.ParamsPredicate;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.manifest.ManifestCapability;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The bus's record of one capability instance: a local one with its handler, or a remote one
 * learned from a peer's manifest with the endpoints to reach it. Carries the live routing state
 * (calls in flight, health, last refresh). Read-only to applications.
 */
public final class CapabilityEntry {
    private final EntryKey key;
    private final Capability local;
    private final SchemaValidator.Compiled schemas;
    private final Health health;
    private static final AtomicIntegerFieldUpdater<CapabilityEntry> IN_FLIGHT =
            AtomicIntegerFieldUpdater.newUpdater(CapabilityEntry.class, "inFlight");
    // Hot routing fields live on the entry itself (no extra objects to chase across 1 000 candidates).
    private final int major;
    private final int minor;
    private final boolean isLocal;
    private volatile int inFlight;
    private volatile int maxConcurrent;
    private volatile ManifestCapability summary;
    private volatile ObjectNode offeredParams;
    private volatile List<Endpoint> endpoints;
    private volatile Map<Endpoint, Long> unreachableUntil = Map.of();
    private volatile long lastSeenMillis;
    private volatile double advertisedLoad;
    private volatile long lastPicked;
    private volatile long lastPickedMillis;

    private CapabilityEntry(EntryKey key, Capability local, SchemaValidator.Compiled schemas, ManifestCapability summary,
                            List<Endpoint> endpoints, Health health, long nowMillis) {
        this.key = key;
        this.local = local;
        this.isLocal = local != null;
        this.major = key.version().major();
        this.minor = key.version().minor();
        this.maxConcurrent = summary.maxConcurrent();
        this.schemas = schemas;
        this.summary = summary;
        this.offeredParams = summary.params();
        this.endpoints = endpoints;
        this.health = health;
        this.lastSeenMillis = nowMillis;
        this.lastPickedMillis = nowMillis;
    }

    static CapabilityEntry local(NodeId self, Capability capability, SchemaValidator.Compiled schemas,
                                 Health health, long nowMillis) {
        var d = capability.descriptor();
        return new CapabilityEntry(new EntryKey(self, d.name(), d.version()), capability, schemas,
                ManifestCapability.of(d), List.of(), health, nowMillis);
    }

    static CapabilityEntry remote(NodeId node, ManifestCapability summary, List<Endpoint> endpoints,
                                  Health health, long nowMillis) {
        return new CapabilityEntry(new EntryKey(node, summary.name(), summary.version()), null, null,
                summary, List.copyOf(endpoints), health, nowMillis);
    }

    /** Which node offers which capability at which version. */
    public EntryKey key() {
        return key;
    }

    /** The offering node. */
    public NodeId node() {
        return key.node();
    }

    /** The capability name. */
    public String name() {
        return key.name();
    }

    /** The offered version. */
    public Version version() {
        return key.version();
    }

    /** Whether this node offers it. */
    public boolean isLocal() {
        return isLocal;
    }

    /** What the offer says about itself (for local entries, derived from the descriptor). */
    public ManifestCapability summary() {
        return summary;
    }

    /** The local capability (descriptor, handler, params predicate); empty for remote entries. */
    public Optional<Capability> localCapability() {
        return Optional.ofNullable(local);
    }

    /** Where a remote entry is reached; empty for local entries. */
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** Calls this node currently has running against the entry. */
    public int inFlight() {
        return inFlight;
    }

    /** Calls served at once. */
    public int maxConcurrent() {
        return maxConcurrent;
    }

    /** Load between 0 and 1: our calls in flight over capacity, or what the peer advertised if higher. */
    public double load() {
        double own = (double) inFlight / maxConcurrent;
        return Math.min(1.0, Math.max(own, advertisedLoad));
    }

    /** Success rate over the health window (1 with no samples). */
    public double successRate() {
        return health.successRate();
    }

    /** Median latency in ms, or -1 when unknown. */
    public double p50Millis() {
        return health.p50Millis();
    }

    /** 99th percentile latency in ms, or -1 when unknown. */
    public double p99Millis() {
        return health.p99Millis();
    }

    /** When the entry was last refreshed by its peer (for local entries: registered). */
    public Instant lastSeen() {
        return Instant.ofEpochMilli(lastSeenMillis);
    }

    /** Whether the entry is quarantined at {@code now}. */
    public boolean isQuarantined(Instant now) {
        return health.isQuarantined(now.toEpochMilli());
    }

    @Override
    public String toString() {
        return (isLocal() ? "local " : "remote ") + key;
    }

    /** Compiled schemas of a local entry; null for remote ones. */
    SchemaValidator.Compiled schemas() {
        return schemas;
    }

    Health health() {
        return health;
    }

    long lastSeenMillis() {
        return lastSeenMillis;
    }

    void touch(long nowMillis) {
        this.lastSeenMillis = nowMillis;
    }

    void update(ManifestCapability newSummary, List<Endpoint> newEndpoints, double load, long nowMillis) {
        this.summary = newSummary;
        this.maxConcurrent = newSummary.maxConcurrent();
        this.offeredParams = newSummary.params();
        this.endpoints = List.copyOf(newEndpoints);
        this.advertisedLoad = load;
        this.lastSeenMillis = nowMillis;
    }

    /** Endpoints that answered {@code partition}, with the clock millis until which they are tried last. */
    Map<Endpoint, Long> unreachable() {
        return unreachableUntil;
    }

    synchronized void markUnreachable(Endpoint endpoint, long untilMillis) {
        Map<Endpoint, Long> next = new HashMap<>();
        unreachableUntil.forEach((ep, until) -> {
            if (endpoints.contains(ep)) {
                next.put(ep, until);
            }
        });
        next.put(endpoint, untilMillis);
        unreachableUntil = Map.copyOf(next);
    }

    void markReachable(Endpoint endpoint) {
        if (unreachableUntil.containsKey(endpoint)) {
            synchronized (this) {
                Map<Endpoint, Long> next = new HashMap<>(unreachableUntil);
                next.remove(endpoint);
                unreachableUntil = Map.copyOf(next);
            }
        }
    }

    /** Reaches the entry at {@code newEndpoints} from now on; the rest stays as it is. */
    void reachAt(List<Endpoint> newEndpoints) {
        this.endpoints = List.copyOf(newEndpoints);
    }

        void advertisedLoad(double load) {
        this.advertisedLoad = load;
    }

    ParamsPredicate paramsPredicate() {
        return local != null ? local.paramsCompatible() : ParamsPredicate.EQUAL_VALUES;
    }

    /** The offered params, shared: callers must not modify them. */
    ObjectNode offeredParamsView() {
        return offeredParams;
    }

    /** Whether this offer's version can serve {@code requested} (the contract's rule, without allocation). */
    boolean satisfies(Version requested) {
        return major == requested.major() && minor >= requested.minor();
    }

    boolean tryAcquire() {
        int max = maxConcurrent;
        while (true) {
            int current = inFlight;
            if (current >= max) {
                return false;
            }
            if (IN_FLIGHT.compareAndSet(this, current, current + 1)) {
                return true;
            }
        }
    }

    void release() {
        IN_FLIGHT.decrementAndGet(this);
    }

    long lastPicked() {
        return lastPicked;
    }

    long lastPickedMillis() {
        return lastPickedMillis;
    }

    void picked(long sequence, long nowMillis) {
        this.lastPicked = sequence;
        this.lastPickedMillis = nowMillis;
    }
}
