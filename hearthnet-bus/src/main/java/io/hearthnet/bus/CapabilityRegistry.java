package io.hearthnet.bus;

import io.hearthnet.api.Capability;
import io.hearthnet.api.Endpoint;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.manifest.ManifestCapability;
import io.hearthnet.api.manifest.NodeManifest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every capability instance the bus knows: local ones with their handlers, and remote ones from
 * peers' manifests, keyed by (node, name, version). Lookups are lock-free; changes are serialised
 * and announced to subscribers after they are made. Thread-safe.
 */
public final class CapabilityRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(CapabilityRegistry.class);
    private static final CapabilityEntry[] NONE = new CapabilityEntry[0];

    private final NodeId self;
    private final BusConfig config;
    private final Clock clock;
    private final SchemaValidator schemas;
    private final Map<EntryKey, CapabilityEntry> entries = new ConcurrentHashMap<>();
    private final Map<String, CapabilityEntry[]> byName = new ConcurrentHashMap<>();
    private final List<Consumer<RegistryEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Object writeLock = new Object();
    private final Map<NodeId, PeerRoutes> routes = new HashMap<>();

    CapabilityRegistry(NodeId self, BusConfig config, Clock clock, SchemaValidator schemas) {
        this.self = self;
        this.config = config;
        this.clock = clock;
        this.schemas = schemas;
    }

    /**
     * Registers a capability this node offers. Its schemas must be valid JSON Schemas
     * ({@code schema_invalid}); the name was checked when the descriptor was built. Registering
     * an unchanged descriptor again is a no-op; a changed one replaces the old (an update).
     */
    public CapabilityEntry registerLocal(Capability capability) {
        SchemaValidator.Compiled compiled = schemas.compile(capability.descriptor());
        List<RegistryEvent> events = new ArrayList<>(1);
        CapabilityEntry result;
        synchronized (writeLock) {
            var d = capability.descriptor();
            EntryKey key = new EntryKey(self, d.name(), d.version());
            CapabilityEntry existing = entries.get(key);
            if (existing != null && existing.isLocal()
                    && existing.localCapability().orElseThrow().descriptor().equals(d)
                    && existing.localCapability().orElseThrow().handler() == capability.handler()) {
                return existing;
            }
            result = CapabilityEntry.local(self, capability, compiled, new Health(config), clock.millis());
            put(result);
            events.add(new RegistryEvent(existing == null ? RegistryEvent.Kind.ADDED : RegistryEvent.Kind.UPDATED, result));
        }
        publish(events);
        return result;
    }

    /** Removes a local capability; returns whether it was registered. */
    public boolean deregisterLocal(String name, Version version) {
        CapabilityEntry removed;
        synchronized (writeLock) {
            removed = remove(new EntryKey(self, name, version));
        }
        if (removed != null) {
            publish(List.of(new RegistryEvent(RegistryEvent.Kind.REMOVED, removed)));
        }
        return removed != null;
    }

    /**
     * Brings a peer's remote entries in line with its (verified) manifest and refreshes their
     * last-seen time. Endpoints default to the manifest's own when {@code endpoints} is empty.
     */
    public RegistryDiff updateFromManifest(NodeManifest manifest, List<Endpoint> endpoints) {
        return updateFromManifest(manifest, endpoints, PeerRoutes.APP);
    }

    /**
     * As {@link #updateFromManifest(NodeManifest, List)}, for what {@code source} knows of the peer:
     * the entries are reached at the endpoints of every source that knows it (see
     * {@link PeerRoutes}), and a manifest older than one already applied only adds its endpoints.
     */
    RegistryDiff updateFromManifest(NodeManifest manifest, List<Endpoint> endpoints, String source) {
        NodeId node = manifest.nodeId();
        if (node.equals(self)) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "a node cannot add itself as a peer");
        }
        List<Endpoint> given = endpoints.isEmpty() ? manifest.endpoints() : endpoints;
        long now = clock.millis();
        List<CapabilityEntry> added = new ArrayList<>();
        List<CapabilityEntry> removed = new ArrayList<>();
        List<CapabilityEntry> updated = new ArrayList<>();
        synchronized (writeLock) {
            PeerRoutes peer = routes.computeIfAbsent(node, n -> new PeerRoutes());
            boolean newest = peer.put(source, given, manifest.issuedAt());
            List<Endpoint> eps = peer.merged();
            if (newest) {
                apply(manifest, eps, now, added, removed, updated);
            } else {
                for (CapabilityEntry e : entriesOf(node)) {
                    if (!e.endpoints().equals(eps)) {
                        e.reachAt(eps);
                        updated.add(e);
                    }
                    e.touch(now);
                }
            }
        }
        List<RegistryEvent> events = new ArrayList<>();
        added.forEach(e -> events.add(new RegistryEvent(RegistryEvent.Kind.ADDED, e)));
        removed.forEach(e -> events.add(new RegistryEvent(RegistryEvent.Kind.REMOVED, e)));
        updated.forEach(e -> events.add(new RegistryEvent(RegistryEvent.Kind.UPDATED, e)));
        publish(events);
        return new RegistryDiff(added, removed, updated);
    }

    /** Under the write lock: the peer's entries become what {@code manifest} offers, reached at {@code eps}. */
    private void apply(NodeManifest manifest, List<Endpoint> eps, long now, List<CapabilityEntry> added,
                       List<CapabilityEntry> removed, List<CapabilityEntry> updated) {
        NodeId node = manifest.nodeId();
        Map<EntryKey, ManifestCapability> offered = new HashMap<>();
        for (ManifestCapability c : manifest.capabilities()) {
            offered.put(new EntryKey(node, c.name(), c.version()), c);
        }
        for (CapabilityEntry e : entriesOf(node)) {
            if (!offered.containsKey(e.key())) {
                remove(e.key());
                removed.add(e);
            }
        }
        for (Map.Entry<EntryKey, ManifestCapability> o : offered.entrySet()) {
            CapabilityEntry existing = entries.get(o.getKey());
            if (existing == null) {
                CapabilityEntry e = CapabilityEntry.remote(node, o.getValue(), eps, new Health(config), now);
                e.advertisedLoad(manifest.load());
                put(e);
                added.add(e);
            } else {
                boolean changed = !existing.summary().equals(o.getValue()) || !existing.endpoints().equals(eps);
                existing.update(o.getValue(), eps, manifest.load(), now);
                if (changed) {
                    reindex(existing.name());
                    updated.add(existing);
                }
            }
        }
    }

    /** Marks every entry of {@code node} as seen now (the peer is alive). */
    public void touchPeer(NodeId node) {
        long now = clock.millis();
        entriesOf(node).forEach(e -> e.touch(now));
    }

    /** Removes every entry of a peer, whoever told the bus of it; returns how many there were. */
    public int removePeer(NodeId node) {
        List<CapabilityEntry> removed = new ArrayList<>();
        synchronized (writeLock) {
            removeAll(node, removed);
        }
        publish(removed.stream().map(e -> new RegistryEvent(RegistryEvent.Kind.REMOVED, e)).toList());
        return removed.size();
    }

    /** Under the write lock: forgets the peer and removes its remote entries into {@code removed}. */
    private void removeAll(NodeId node, List<CapabilityEntry> removed) {
        routes.remove(node);
        for (CapabilityEntry e : entriesOf(node)) {
            if (!e.isLocal()) {
                remove(e.key());
                removed.add(e);
            }
        }
    }

    /**
     * {@code source} no longer knows the peer: its endpoints leave the peer's entries, and the entries
     * go only when no source knows the peer any more. Returns how many entries were removed.
     */
    int removePeer(NodeId node, String source) {
        List<CapabilityEntry> updated = new ArrayList<>();
        List<CapabilityEntry> removed = new ArrayList<>();
        synchronized (writeLock) {
            PeerRoutes peer = routes.get(node);
            if (peer == null || !peer.remove(source)) {
                return 0;
            }
            if (peer.isEmpty()) {
                removeAll(node, removed);
            } else {
                List<Endpoint> eps = peer.merged();
                for (CapabilityEntry e : entriesOf(node)) {
                    if (!e.endpoints().equals(eps)) {
                        e.reachAt(eps);
                        updated.add(e);
                    }
                }
            }
        }
        List<RegistryEvent> events = new ArrayList<>();
        removed.forEach(e -> events.add(new RegistryEvent(RegistryEvent.Kind.REMOVED, e)));
        updated.forEach(e -> events.add(new RegistryEvent(RegistryEvent.Kind.UPDATED, e)));
        publish(events);
        return removed.size();
    }

    /** Every entry of {@code name} whose version satisfies {@code requested}, local and remote. */
    public List<CapabilityEntry> find(String name, Version requested) {
        List<CapabilityEntry> found = new ArrayList<>();
        for (CapabilityEntry e : byName.getOrDefault(name, NONE)) {
            if (e.version().satisfies(requested)) {
                found.add(e);
            }
        }
        return found;
    }

    /**
     * The entries of {@code name} as an array shared with the router, ordered by node id and, within
     * a node, newest version first; do not modify.
     */
    CapabilityEntry[] named(String name) {
        return byName.getOrDefault(name, NONE);
    }

    /** One entry, if present. */
    public Optional<CapabilityEntry> entry(NodeId node, String name, Version version) {
        return Optional.ofNullable(entries.get(new EntryKey(node, name, version)));
    }

    /** Every local entry. */
    public List<CapabilityEntry> local() {
        return entries.values().stream().filter(CapabilityEntry::isLocal).toList();
    }

    /** Every remote entry. */
    public List<CapabilityEntry> remote() {
        return entries.values().stream().filter(e -> !e.isLocal()).toList();
    }

    /** Every entry. */
    public List<CapabilityEntry> all() {
        return List.copyOf(entries.values());
    }

    /** The nodes that have remote entries. */
    public List<NodeId> peers() {
        return entries.values().stream().filter(e -> !e.isLocal()).map(CapabilityEntry::node).distinct().sorted().toList();
    }

    /**
     * Calls {@code listener} with every later change, on the thread that made it. Returns a handle
     * that unsubscribes when run.
     */
    public Runnable subscribe(Consumer<RegistryEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private List<CapabilityEntry> entriesOf(NodeId node) {
        return entries.values().stream().filter(e -> e.node().equals(node)).toList();
    }

    private void put(CapabilityEntry entry) {
        entries.put(entry.key(), entry);
        reindex(entry.name());
    }

    private CapabilityEntry remove(EntryKey key) {
        CapabilityEntry removed = entries.remove(key);
        if (removed != null) {
            reindex(key.name());
        }
        return removed;
    }

    private void reindex(String name) {
        CapabilityEntry[] list = entries.values().stream()
                .filter(e -> e.name().equals(name))
                .sorted((a, b) -> a.node().compareTo(b.node()) != 0 ? a.node().compareTo(b.node())
                        : b.version().compareTo(a.version()))
                .toArray(CapabilityEntry[]::new);
        if (list.length == 0) {
            byName.remove(name);
        } else {
            byName.put(name, list);
        }
    }

    private void publish(List<RegistryEvent> events) {
        for (RegistryEvent event : events) {
            for (Consumer<RegistryEvent> listener : listeners) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("registry listener failed on {} {}", event.kind(), event.entry(), e);
                }
            }
        }
    }
}
