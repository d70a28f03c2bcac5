package io.hearthnet.discovery;

import io.hearthnet.api.Endpoint;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.manifest.NodeManifest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verified peers discovery knows, keyed by node id. Bounded: when full, a new peer evicts the
 * one verified longest ago. Times come from the injected clock. Thread-safe; subscribers are called
 * after each change, on the thread that made it, outside the registry's lock.
 */
public final class PeerRegistry {
    /** Default number of peers kept. */
    public static final int DEFAULT_CAPACITY = 1_024;

    private static final Logger LOG = LoggerFactory.getLogger(PeerRegistry.class);

    private final Clock clock;
    private final int capacity;
    /** In order of last verification, oldest first. */
    private final LinkedHashMap<NodeId, Peer> peers = new LinkedHashMap<>();
    private final List<Consumer<PeerEvent>> listeners = new CopyOnWriteArrayList<>();

    /** A registry of at most {@link #DEFAULT_CAPACITY} peers. */
    public PeerRegistry(Clock clock) {
        this(clock, DEFAULT_CAPACITY);
    }

    /** A registry of at most {@code capacity} peers. */
    public PeerRegistry(Clock clock, int capacity) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (capacity < 1) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "peer registry capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Records a verified manifest of a peer reached at {@code endpoints}, stamped now. Returns
     * whether the peer is new.
     */
    public boolean upsert(NodeManifest manifest, List<Endpoint> endpoints) {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(endpoints, "endpoints");
        Instant now = clock.instant();
        List<PeerEvent> events = new ArrayList<>(2);
        boolean added;
        synchronized (peers) {
            Peer old = peers.remove(manifest.nodeId());
            added = old == null;
            Peer peer = new Peer(manifest, endpoints, added ? now : old.firstSeen(), now);
            peers.put(manifest.nodeId(), peer);
            if (added) {
                events.add(new PeerEvent(PeerEvent.Kind.ADDED, peer));
            } else if (!old.manifest().equals(manifest) || !old.endpoints().equals(peer.endpoints())) {
                events.add(new PeerEvent(PeerEvent.Kind.UPDATED, peer));
            }
            if (peers.size() > capacity) {
                Iterator<Peer> oldest = peers.values().iterator();
                Peer evicted = oldest.next();
                oldest.remove();
                events.add(new PeerEvent(PeerEvent.Kind.REMOVED, evicted));
                LOG.warn("peer registry is full ({} peers): evicted {}, verified longest ago", capacity,
                        evicted.nodeId().shortForm());
            }
        }
        publish(events);
        return added;
    }

    /** Forgets a peer; returns it if it was known. */
    public Optional<Peer> remove(NodeId node) {
        Peer removed;
        synchronized (peers) {
            removed = peers.remove(node);
        }
        if (removed != null) {
            publish(List.of(new PeerEvent(PeerEvent.Kind.REMOVED, removed)));
        }
        return Optional.ofNullable(removed);
    }

    /** One peer, if known. */
    public Optional<Peer> get(NodeId node) {
        synchronized (peers) {
            return Optional.ofNullable(peers.get(node));
        }
    }

    /** Every peer, verified longest ago first. */
    public List<Peer> all() {
        synchronized (peers) {
            return List.copyOf(peers.values());
        }
    }

    /** The peers of one community. */
    public List<Peer> byCommunity(String communityId) {
        synchronized (peers) {
            return peers.values().stream().filter(p -> p.communityId().equals(communityId)).toList();
        }
    }

    /** How many peers are known. */
    public int size() {
        synchronized (peers) {
            return peers.size();
        }
    }

    /** The most peers kept. */
    public int capacity() {
        return capacity;
    }

    /** Removes every peer last verified more than {@code maxAge} ago; returns them. */
    public List<Peer> pruneOlderThan(Duration maxAge) {
        if (maxAge == null || maxAge.isNegative()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, "maximum peer age must be zero or positive, got " + maxAge);
        }
        Instant cutoff = clock.instant().minus(maxAge);
        List<Peer> pruned = new ArrayList<>();
        synchronized (peers) {
            Iterator<Peer> it = peers.values().iterator();
            while (it.hasNext()) {
                Peer p = it.next();
                if (p.lastSeen().isBefore(cutoff)) {
                    it.remove();
                    pruned.add(p);
                }
            }
        }
        publish(pruned.stream().map(p -> new PeerEvent(PeerEvent.Kind.REMOVED, p)).toList());
        return pruned;
    }

    /** Removes every peer, announcing each. */
    public void clear() {
        List<Peer> removed;
        synchronized (peers) {
            removed = List.copyOf(peers.values());
            peers.clear();
        }
        publish(removed.stream().map(p -> new PeerEvent(PeerEvent.Kind.REMOVED, p)).toList());
    }

    /** Calls {@code listener} with every later change. Returns a handle that unsubscribes when run. */
    public Runnable subscribe(Consumer<PeerEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void publish(List<PeerEvent> events) {
        for (PeerEvent e : events) {
            for (Consumer<PeerEvent> l : listeners) {
                try {
                    l.accept(e);
                } catch (RuntimeException ex) {
                    LOG.warn("a peer registry listener failed on {} of {}", e.kind(), e.peer().nodeId().shortForm(), ex);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "PeerRegistry[" + size() + "/" + capacity + "]";
    }
}
