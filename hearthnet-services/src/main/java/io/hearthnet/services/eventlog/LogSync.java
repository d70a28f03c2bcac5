package io.hearthnet.services.eventlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.Call;
import io.hearthnet.api.CallOptions;
import io.hearthnet.api.Capability;
import io.hearthnet.api.CapabilityDescriptor;
import io.hearthnet.api.CapabilityHandler;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.TrustLevel;
import io.hearthnet.api.Version;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import io.hearthnet.api.spi.PeerEvent;
import io.hearthnet.api.spi.ServiceContext;
import io.hearthnet.api.spi.TrustPolicy;
import io.hearthnet.services.support.Durations;
import io.hearthnet.services.support.Inputs;
import io.hearthnet.services.support.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replicates one service's {@link EventLog} between nodes through three bus capabilities, so it
 * works over every transport (in-memory, HTTP, relay):
 * <ul>
 *   <li>{@code <ns>.log.head@1.0}: this log's heads (highest Lamport time per author);</li>
 *   <li>{@code <ns>.log.pull@1.0}: given the caller's heads, the events it lacks, in replay order,
 *       a bounded page at a time;</li>
 *   <li>{@code <ns>.log.announce@1.0}: "my heads changed"; the receiver pulls if it lacks anything.</li>
 * </ul>
 * A node pulls from a peer when the peer appears, when the peer announces, and periodically; it
 * announces to every peer after its own appends and after storing events it pulled (so news travels
 * across several hops). Every received event is checked before it is stored: the envelope's shape,
 * the community, the author's signature, the author's membership (and not revoked), and that it
 * continues the author's events this node has. Background work runs on one bounded worker.
 */
public final class LogSync implements AutoCloseable {
    /** Version of the three replication capabilities. */
    public static final Version VERSION = Version.of(1, 0);
    /** Most events one pull returns. */
    public static final int MAX_PAGE = 500;
    /** Budget of canonical JSON bytes per pull page (below the HTTP transport's 1 MiB body limit). */
    public static final int PAGE_BYTES = 512 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(LogSync.class);
    private static final int MAX_PAGES_PER_SYNC = 200;
    private static final int MAX_TRACKED_PEERS = 1_024;

    private final EventLog log;
    private final ServiceContext context;
    private final String namespace;
    private final TrustPolicy membership;
    private final Duration interval;
    private final int pageSize;
    private final Map<NodeId, Boolean> syncing = new ConcurrentHashMap<>();
    private final AtomicBoolean announcePending = new AtomicBoolean();
    private volatile Worker worker;
    private volatile ScheduledFuture<?> periodic;
    private volatile Runnable unsubscribePeers;
    private volatile Runnable unsubscribeAppends;

    private LogSync(Builder b) {
        this.log = b.log;
        this.context = b.context;
        this.namespace = b.namespace;
        this.membership = b.membership != null ? b.membership : new OpenMembership(b.context.communityId());
        this.interval = b.interval;
        this.pageSize = b.pageSize;
    }

    /** Starts a replication of {@code log} under the capability namespace {@code namespace} (e.g. {@code market}). */
    public static Builder builder(EventLog log, ServiceContext context, String namespace) {
        return new Builder(log, context, namespace);
    }

    /** The three replication capabilities, to be registered by the owning service. */
    public List<Capability> capabilities() {
        return List.of(
                Capability.of(descriptor("head", "This log's heads: the highest Lamport time per author.",
                        SyncSchemas.HEAD_REQUEST, SyncSchemas.HEAD_RESPONSE), CapabilityHandler.unary(this::head)),
                Capability.of(descriptor("pull", "The events the caller lacks, given its heads, in replay order.",
                        SyncSchemas.PULL_REQUEST, SyncSchemas.PULL_RESPONSE), CapabilityHandler.unary(this::pull)),
                Capability.of(descriptor("announce", "The caller's log changed; pull from it if anything is missing.",
                        SyncSchemas.ANNOUNCE_REQUEST, SyncSchemas.ANNOUNCE_RESPONSE), CapabilityHandler.unary(this::announced)));
    }

    /** Starts listening for peers and appends, and the periodic pass. Idempotent. */
    public synchronized void start() {
        if (worker != null) {
            return;
        }
        worker = new Worker(namespace + "-log-sync", 256);
        try {
            unsubscribePeers = context.onPeer(this::onPeer);
            unsubscribeAppends = log.onAppended(e -> announceToPeers());
            long millis = interval.toMillis();
            periodic = context.scheduler().scheduleWithFixedDelay(this::syncAllSoon, millis, millis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            close(); // undoes what was done; the rest is null
            throw e;
        }
        context.peers().forEach(this::requestSync);
    }

    /** Stops the background work. Idempotent. */
    @Override
    public synchronized void close() {
        if (worker == null) {
            return;
        }
        if (periodic != null) {
            periodic.cancel(false);
        }
        if (unsubscribePeers != null) {
            unsubscribePeers.run();
        }
        if (unsubscribeAppends != null) {
            unsubscribeAppends.run();
        }
        periodic = null;
        unsubscribePeers = null;
        unsubscribeAppends = null;
        worker.close();
        worker = null;
        syncing.clear();
        announcePending.set(false);
    }

    /**
     * Pulls everything {@code peer} has that this log lacks, page by page, checking each event.
     * Returns how many events were stored.
     *
     * @throws HearthNetException when the peer cannot be called (the caller decides whether to log)
     */
    public int syncWith(NodeId peer) {
        int total = 0;
        for (int page = 0; page < MAX_PAGES_PER_SYNC; page++) {
            Map<NodeId, Long> have = log.heads();
            ObjectNode input = Json.object();
            input.set("have", headsJson(have));
            input.put("limit", pageSize);
            ObjectNode reply = context.caller().call(name("pull"), VERSION, input,
                    CallOptions.builder().targetNode(peer).build());
            List<Event> accepted = acceptable(peer, reply, new HashMap<>(have));
            List<Event> stored = log.ingest(accepted);
            total += stored.size();
            if (!reply.path("more").asBoolean(false) || accepted.isEmpty()) {
                break;
            }
        }
        if (total > 0) {
            LOG.debug("{} log: stored {} events from {}", namespace, total, peer.shortForm());
            announceToPeers();
        }
        return total;
    }

    /** Whether {@code author} is a member, not revoked, of this log's community. */
    public boolean isMember(NodeId author) {
        return !membership.isRevoked(author) && membership.levelOf(author, log.communityId()).atLeast(TrustLevel.MEMBER);
    }

    /** Queues a pull from {@code peer}; if one is running, it runs once more when done. */
    public void requestSync(NodeId peer) {
        Worker w = worker;
        if (w == null || peer.equals(context.nodeId())) {
            return;
        }
        // One atomic step: a pull that is just finishing either sees the request or has already gone.
        boolean[] queued = {false};
        syncing.compute(peer, (k, again) -> {
            queued[0] = again == null;
            return again == null ? Boolean.FALSE : Boolean.TRUE;
        });
        if (!queued[0]) {
            return;
        }
        if (syncing.size() > MAX_TRACKED_PEERS) {
            syncing.remove(peer);
            LOG.warn("{} log: too many peers syncing at once; {} waits for the next pass", namespace, peer.shortForm());
            return;
        }
        if (!w.submit("pull from " + peer.shortForm(), () -> runSync(peer))) {
            syncing.remove(peer);
        }
    }

    private void runSync(NodeId peer) {
        try {
            while (true) {
                try {
                    syncWith(peer);
                } catch (HearthNetException e) {
                    logCallFailure("pull from " + peer.shortForm(), e);
                }
                if (worker == null || Thread.currentThread().isInterrupted()) {
                    syncing.remove(peer);
                    return;
                }
                if (syncing.remove(peer, Boolean.FALSE) || !syncing.replace(peer, Boolean.TRUE, Boolean.FALSE)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            syncing.remove(peer);
            throw e;
        }
    }

    private List<Event> acceptable(NodeId peer, ObjectNode reply, Map<NodeId, Long> have) {
        JsonNode events = reply.path("events");
        if (!events.isArray()) {
            throw new HearthNetException(ErrorCode.BAD_REQUEST, peer.shortForm() + " answered a pull without events");
        }
        List<Event> accepted = new ArrayList<>();
        Set<NodeId> refusedAuthors = new HashSet<>();
        for (JsonNode json : events) {
            Event e;
            try {
                e = Event.fromJson(json);
            } catch (HearthNetException ex) {
                LOG.warn("{} log: {} sent a malformed event, stopping this page: {}", namespace, peer.shortForm(), ex.getMessage());
                break;
            }
            if (refusedAuthors.contains(e.author())) {
                continue;
            }
            String problem = problem(e, have);
            if (problem != null) {
                refusedAuthors.add(e.author());
                LOG.warn("{} log: refused event {} by {} from {}: {}", namespace, e.eventId(), e.author().shortForm(),
                        peer.shortForm(), problem);
                continue;
            }
            have.put(e.author(), e.lamport());
            accepted.add(e);
        }
        return accepted;
    }

    private String problem(Event e, Map<NodeId, Long> have) {
        if (!e.communityId().equals(log.communityId())) {
            return "it belongs to community '" + e.communityId() + "'";
        }
        if (!isMember(e.author())) {
            return "its author is not a member of '" + log.communityId() + "'";
        }
        try {
            e.verify();
        } catch (HearthNetException ex) {
            return "bad signature: " + ex.getMessage();
        }
        long known = have.getOrDefault(e.author(), 0L);
        if (e.lamport() <= known) {
            return "it does not continue its author's events (lamport " + e.lamport() + " after " + known + ")";
        }
        return log.intakeProblem(e, known);
    }

    private ObjectNode head(Call call) {
        Inputs.onlyFields(call.input(), Set.of());
        ObjectNode out = Json.object();
        out.put("community_id", log.communityId());
        out.put("lamport", log.lamport());
        out.put("count", log.count());
        out.set("heads", headsJson(log.heads()));
        return out;
    }

    private ObjectNode pull(Call call) {
        ObjectNode input = call.input();
        Inputs.onlyFields(input, Set.of("have", "limit"));
        Map<NodeId, Long> have = parseHeads(Inputs.object(input, "have"), "have");
        int limit = (int) Inputs.integer(input, "limit", 1, MAX_PAGE, Math.min(pageSize, MAX_PAGE));
        List<Event> page = log.missing(have, limit, PAGE_BYTES);
        ArrayNode events = Json.array();
        page.forEach(e -> events.add(e.toJson()));
        ObjectNode out = Json.object();
        out.set("events", events);
        out.put("more", !page.isEmpty() && !log.missing(withPage(have, page), 1, PAGE_BYTES).isEmpty());
        return out;
    }

    private static Map<NodeId, Long> withPage(Map<NodeId, Long> have, List<Event> page) {
        Map<NodeId, Long> after = new HashMap<>(have);
        page.forEach(e -> after.merge(e.author(), e.lamport(), Math::max));
        return after;
    }

    private ObjectNode announced(Call call) {
        Inputs.onlyFields(call.input(), Set.of("heads"));
        Map<NodeId, Long> theirs = parseHeads(Inputs.object(call.input(), "heads"), "heads");
        boolean behind = false;
        if (!call.caller().equals(context.nodeId())) {
            Map<NodeId, Long> mine = log.heads();
            behind = theirs.entrySet().stream().anyMatch(h -> h.getValue() > mine.getOrDefault(h.getKey(), 0L));
            if (behind) {
                requestSync(call.caller());
            }
        }
        ObjectNode out = Json.object();
        out.put("pulling", behind);
        return out;
    }

    private void onPeer(PeerEvent event) {
        if (event.kind() == PeerEvent.Kind.APPEARED) {
            requestSync(event.node());
        } else {
            syncing.remove(event.node(), Boolean.FALSE);
        }
    }

    private void syncAllSoon() {
        context.peers().forEach(this::requestSync);
    }

    /** Queues one announcement to every peer; announcements asked for while one is queued merge into it. */
    private void announceToPeers() {
        Worker w = worker;
        if (w == null || !announcePending.compareAndSet(false, true)) {
            return;
        }
        if (!w.submit("announce", () -> {
            announcePending.set(false);
            ObjectNode input = Json.object();
            input.set("heads", headsJson(log.heads()));
            for (NodeId peer : context.peers()) {
                try {
                    context.caller().call(name("announce"), VERSION, input.deepCopy(),
                            CallOptions.builder().targetNode(peer).build());
                } catch (HearthNetException e) {
                    logCallFailure("announce to " + peer.shortForm(), e);
                }
            }
        })) {
            announcePending.set(false);
        }
    }

    private void logCallFailure(String what, HearthNetException e) {
        boolean stopping = worker == null || Thread.currentThread().isInterrupted()
                || e.getCause() instanceof InterruptedException;
        if (stopping || e.code() == ErrorCode.NOT_FOUND || e.code() == ErrorCode.PARTITION) {
            LOG.debug("{} log: {} failed: {}", namespace, what, e.getMessage());
        } else {
            LOG.warn("{} log: {} failed", namespace, what, e);
        }
    }

    private static ObjectNode headsJson(Map<NodeId, Long> heads) {
        ObjectNode o = Json.object();
        heads.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(h -> o.put(h.getKey().value(), h.getValue()));
        return o;
    }

    private static Map<NodeId, Long> parseHeads(ObjectNode json, String field) {
        if (json.size() > 10_000) {
            throw Inputs.bad("'" + field + "' may name at most 10000 authors");
        }
        Map<NodeId, Long> heads = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : json.properties()) {
            NodeId node;
            try {
                node = NodeId.parse(entry.getKey());
            } catch (HearthNetException e) {
                throw Inputs.bad("'" + field + "' key: " + e.getMessage());
            }
            JsonNode v = entry.getValue();
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0 || v.longValue() > LamportClock.MAX) {
                throw Inputs.bad("'" + field + "' values must be Lamport times (whole numbers 0 to " + LamportClock.MAX + ")");
            }
            heads.put(node, v.longValue());
        }
        return heads;
    }

    private CapabilityDescriptor descriptor(String verb, String description, ObjectNode request, ObjectNode response) {
        return CapabilityDescriptor.builder(name(verb), VERSION)
                .description(description)
                .requestSchema(request)
                .responseSchema(response)
                .idempotent(true)
                .trustRequired(TrustLevel.MEMBER)
                .maxConcurrent(4)
                .build();
    }

    private String name(String verb) {
        return namespace + ".log." + verb;
    }

    /** Configures a {@link LogSync}. */
    public static final class Builder {
        private final EventLog log;
        private final ServiceContext context;
        private final String namespace;
        private TrustPolicy membership;
        private Duration interval = Duration.ofSeconds(30);
        private int pageSize = 200;

        private Builder(EventLog log, ServiceContext context, String namespace) {
            this.log = Objects.requireNonNull(log, "log");
            this.context = Objects.requireNonNull(context, "context");
            if (namespace == null || !namespace.matches("[a-z][a-z0-9_]{0,31}")) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "namespace must be one lower-case segment, got " + namespace);
            }
            this.namespace = namespace;
        }

        /** Who counts as a member whose events are stored; default {@link OpenMembership}. */
        public Builder membership(TrustPolicy membership) {
            this.membership = Objects.requireNonNull(membership, "membership");
            return this;
        }

        /** How often every peer is pulled from, on top of peer appearances and announcements; default 30 s. */
        public Builder interval(Duration interval) {
            this.interval = Durations.positive(interval, "sync interval");
            return this;
        }

        /** Events asked for per pull, 1 to {@value LogSync#MAX_PAGE}; default 200. */
        public Builder pageSize(int pageSize) {
            if (pageSize < 1 || pageSize > MAX_PAGE) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "page size must be between 1 and " + MAX_PAGE);
            }
            this.pageSize = pageSize;
            return this;
        }

        /** The replication, not yet started. */
        public LogSync build() {
            return new LogSync(this);
        }
    }
}
