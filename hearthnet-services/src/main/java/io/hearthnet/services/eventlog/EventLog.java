package io.hearthnet.services.eventlog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.identity.NodeKeyPair;
import io.hearthnet.api.json.CanonicalJson;
import io.hearthnet.api.json.Json;
import io.hearthnet.services.support.Durations;
import io.hearthnet.services.support.SqlWork;
import io.hearthnet.services.support.SqliteStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only log of signed {@link Event}s in one SQLite file (WAL mode, {@code synchronous=FULL}),
 * with the service's {@link Projection} updated in the same transaction as each event.
 *
 * <p>{@link #append} makes, signs and stores an event of this node (Lamport: send increments);
 * {@link #ingest} stores verified events of other nodes (receive takes max + 1). Events are read in
 * replay order: Lamport time, then event id. The events table refuses updates and deletes.
 * A write that fails is logged with its cause and thrown as {@code internal_error}: nothing is kept
 * in memory instead.
 */
public final class EventLog implements AutoCloseable {
    /** Default wait for a database locked by another writer. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);
    /** How far past this log's Lamport clock a received event may be (2^32). */
    public static final long MAX_LAMPORT_LEAP = 1L << 32;

    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    private static final Comparator<Event> REPLAY_ORDER =
            Comparator.comparingLong(Event::lamport).thenComparing(Event::eventId);

    private final SqliteStore store;
    private final NodeKeyPair keys;
    private final String communityId;
    private final Clock clock;
    private final Projection projection;
    private final UlidGenerator ulids;
    private final LamportClock lamport;
    private final List<Consumer<Event>> appendListeners = new CopyOnWriteArrayList<>();

    private EventLog(Builder b, SqliteStore store, long highestLamport) {
        this.store = store;
        this.keys = b.keys;
        this.communityId = b.communityId;
        this.clock = b.clock;
        this.projection = b.projection;
        this.ulids = b.ulids != null ? b.ulids : new UlidGenerator(b.clock);
        this.lamport = new LamportClock(highestLamport);
    }

    /** Starts opening the log at {@code file}, signing with {@code keys}, for {@code communityId}. */
    public static Builder builder(Path file, NodeKeyPair keys, String communityId) {
        return new Builder(file, keys, communityId);
    }

    /** The database file. */
    public Path file() {
        return store.file();
    }

    /** The community whose events this log holds. */
    public String communityId() {
        return communityId;
    }

    /** The node that signs this log's own events. */
    public NodeId self() {
        return keys.nodeId();
    }

    /** The highest Lamport time made or seen. */
    public long lamport() {
        return lamport.current();
    }

    /**
     * Why an event from elsewhere cannot be taken in, or null when it can: its wall clock is out of
     * range ({@link Event#wallClockProblem}), or its Lamport time is more than
     * {@link #MAX_LAMPORT_LEAP} past {@code authorHead}, the highest time of its author already
     * held. Real histories never leap that far; one event at the clock's maximum would otherwise
     * stop every later append here for good, and measuring from the author's own head means a
     * stream of fresh keys cannot ratchet the clock up either.
     */
    public String intakeProblem(Event e, long authorHead) {
        String wall = e.wallClockProblem();
        if (wall != null) {
            return wall;
        }
        return e.lamport() - authorHead > MAX_LAMPORT_LEAP
                ? "its lamport " + e.lamport() + " is more than 2^32 ahead of its author's last " + authorHead : null;
    }

    /** The highest Lamport time of {@code author}'s events held here; 0 for none. */
    public long head(NodeId author) {
        return read("reading the head of " + author.shortForm(), c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT MAX(lamport) FROM events WHERE author = ?")) {
                s.setString(1, author.value());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    /** The most recent write failure, or {@code null} once a later write succeeded. */
    public String lastFailure() {
        return store.lastFailure();
    }

    /** Calls {@code listener} after each event this node appends is committed. */
    public Runnable onAppended(Consumer<Event> listener) {
        appendListeners.add(listener);
        return () -> appendListeners.remove(listener);
    }

    /** Makes, signs and stores an event of this node; see {@link #append(String, ObjectNode, SameTransaction)}. */
    public Event append(String eventType, ObjectNode data) {
        return append(eventType, data, (c, e) -> {});
    }

    /**
     * Makes, signs and stores an event of this node, applies it to the projection and runs
     * {@code also} in the same transaction.
     *
     * @throws HearthNetException {@code bad_request} for an invalid type or an oversized event,
     *         {@code internal_error} when the write fails (logged with its cause)
     */
    public Event append(String eventType, ObjectNode data, SameTransaction also) {
        Objects.requireNonNull(data, "data");
        Event appended = store.inTransaction("appending a " + eventType + " event", c -> {
            Event e = Event.create(keys, ulids.next(), lamport.tick(), clock.instant(), communityId, eventType, data);
            insert(c, e);
            projection.apply(c, e);
            also.run(c, e);
            return e;
        });
        for (Consumer<Event> l : appendListeners) {
            try {
                l.accept(appended);
            } catch (RuntimeException e) {
                LOG.warn("an append listener of {} failed", store.file(), e);
            }
        }
        return appended;
    }

    /**
     * Stores events of other nodes that the caller has verified (signature, membership, community),
     * in one transaction, skipping ones already stored. Returns the events newly stored.
     *
     * @throws HearthNetException {@code bad_request} for an event of another community,
     *         {@code internal_error} when the write fails (nothing of the batch is stored)
     */
    public List<Event> ingest(List<Event> events) {
        for (Event e : events) {
            if (!e.communityId().equals(communityId)) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "event " + e.eventId() + " belongs to community '"
                        + e.communityId() + "', this log to '" + communityId + "'");
            }

        }
        if (events.isEmpty()) {
            return List.of();
        }
        Map<NodeId, Long> heads = new HashMap<>();
        for (Event e : events) {
            long head = heads.containsKey(e.author()) ? heads.get(e.author()) : head(e.author());
            String problem = intakeProblem(e, head);
            if (problem != null) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "event " + e.eventId() + " is refused: " + problem);
            }
            heads.put(e.author(), Math.max(head, e.lamport()));
        }
        return store.inTransaction("storing " + events.size() + " received events", c -> {
            List<Event> stored = new ArrayList<>();
            for (Event e : events) {
                Optional<NodeId> existing = authorOf(c, e.eventId());
                if (existing.isPresent()) {
                    if (!existing.get().equals(e.author())) {
                        LOG.warn("event id {} from {} is already taken by {}; kept the first", e.eventId(),
                                e.author().shortForm(), existing.get().shortForm());
                    }
                    continue;
                }
                insert(c, e);
                projection.apply(c, e);
                lamport.receive(e.lamport());
                stored.add(e);
            }
            return stored;
        });
    }

    /** The events a query selects, in replay order. */
    public List<Event> query(EventQuery q) {
        return read("querying events", c -> {
            String sql = "SELECT body FROM events WHERE lamport > ?"
                    + (q.eventType().isPresent() ? " AND event_type = ?" : "")
                    + " ORDER BY lamport, event_id LIMIT ?";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int i = 1;
                s.setLong(i++, q.sinceLamport());
                if (q.eventType().isPresent()) {
                    s.setString(i++, q.eventType().get());
                }
                s.setInt(i, q.limit());
                return events(s);
            }
        });
    }

    /** The event with this id, if stored. */
    public Optional<Event> get(Ulid eventId) {
        return read("reading an event", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT body FROM events WHERE event_id = ?")) {
                s.setString(1, eventId.value());
                List<Event> found = events(s);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    /** How many events the log holds. */
    public long count() {
        return read("counting events", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM events")) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** For each author, the highest Lamport time of its events here: the log's head. */
    public Map<NodeId, Long> heads() {
        return read("reading heads", c -> {
            Map<NodeId, Long> heads = new HashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT author, MAX(lamport) FROM events GROUP BY author")) {
                while (rs.next()) {
                    heads.put(NodeId.parse(rs.getString(1)), rs.getLong(2));
                }
            }
            return heads;
        });
    }

    /**
     * The events someone whose heads are {@code have} lacks, in replay order: at most {@code limit}
     * of them and, beyond the first, at most {@code maxBytes} of canonical JSON. Because every log
     * holds a prefix of each author's events, "later than your head for that author" is exactly
     * what is missing.
     */
    public List<Event> missing(Map<NodeId, Long> have, int limit, int maxBytes) {
        Map<NodeId, Long> mine = heads();
        return read("selecting missing events", c -> {
            List<Event> candidates = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT body FROM events WHERE author = ? AND lamport > ? ORDER BY lamport, event_id LIMIT ?")) {
                for (Map.Entry<NodeId, Long> head : mine.entrySet()) {
                    long from = have.getOrDefault(head.getKey(), 0L);
                    if (head.getValue() > from) {
                        s.setString(1, head.getKey().value());
                        s.setLong(2, from);
                        s.setInt(3, limit);
                        candidates.addAll(events(s));
                    }
                }
            }
            candidates.sort(REPLAY_ORDER);
            List<Event> page = new ArrayList<>();
            long bytes = 0;
            for (Event e : candidates) {
                int size = CanonicalJson.bytes(e.toJson()).length;
                if (page.size() >= limit || (!page.isEmpty() && bytes + size > maxBytes)) {
                    break;
                }
                page.add(e);
                bytes += size;
            }
            return page;
        });
    }

    /** Reads the projection (or anything else in the database) in a transaction of its own. */
    public <T> T read(String what, SqlWork<T> work) {
        return store.inTransaction(what, work);
    }

    /**
     * Changes a service's own state tables (not events, which are append-only). Failures are
     * logged and thrown as {@code internal_error}.
     */
    public <T> T write(String what, SqlWork<T> work) {
        return store.inTransaction(what, work);
    }

    @Override
    public void close() {
        store.close();
    }

    private static void insert(Connection c, Event e) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO events(event_id, lamport, author, event_type, body) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, e.eventId().value());
            s.setLong(2, e.lamport());
            s.setString(3, e.author().value());
            s.setString(4, e.eventType());
            s.setString(5, Json.write(e.toJson()));
            s.executeUpdate();
        }
    }

    private static Optional<NodeId> authorOf(Connection c, Ulid id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT author FROM events WHERE event_id = ?")) {
            s.setString(1, id.value());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(NodeId.parse(rs.getString(1))) : Optional.empty();
            }
        }
    }

    private static List<Event> events(PreparedStatement s) throws SQLException {
        List<Event> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(Event.fromJson(Json.parse(rs.getString(1).getBytes(StandardCharsets.UTF_8))));
            }
        }
        return out;
    }

    private static void createSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " event_id TEXT NOT NULL UNIQUE, lamport INTEGER NOT NULL, author TEXT NOT NULL,"
                    + " event_type TEXT NOT NULL, body TEXT NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS events_replay ON events(lamport, event_id)");
            s.execute("CREATE INDEX IF NOT EXISTS events_type ON events(event_type, lamport, event_id)");
            s.execute("CREATE INDEX IF NOT EXISTS events_author ON events(author, lamport)");
            s.execute("CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events"
                    + " BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END");
            s.execute("CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events"
                    + " BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END");
            s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        }
    }

    private static Optional<String> meta(Connection c, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static void setMeta(Connection c, String key, String value) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)")) {
            s.setString(1, key);
            s.setString(2, value);
            s.executeUpdate();
        }
    }

    /** Creates the schema, checks the community, rebuilds a stale projection; returns the highest Lamport time. */
    private static long prepare(Connection c, String communityId, Projection projection, Path file) throws SQLException {
        createSchema(c);
        Optional<String> community = meta(c, "community_id");
        if (community.isPresent() && !community.get().equals(communityId)) {
            LOG.error("the event log {} belongs to community '{}', not '{}'", file, community.get(), communityId);
            throw new HearthNetException(ErrorCode.INTERNAL_ERROR, "the event log " + file + " belongs to community '"
                    + community.get() + "', not '" + communityId + "'");
        }
        setMeta(c, "community_id", communityId);
        String version = Integer.toString(projection.version());
        if (!meta(c, "projection_version").map(version::equals).orElse(false)) {
            projection.drop(c);
            projection.create(c);
            int replayed = replayInto(c, projection);
            setMeta(c, "projection_version", version);
            if (replayed > 0) {
                LOG.info("rebuilt the projection of {} from {} events", file, replayed);
            }
        } else {
            projection.create(c);
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(lamport), 0) FROM events")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static int replayInto(Connection c, Projection projection) throws SQLException {
        int replayed = 0;
        long lastLamport = -1;
        String lastId = "";
        try (PreparedStatement s = c.prepareStatement("SELECT body FROM events WHERE (lamport, event_id) > (?, ?)"
                + " ORDER BY lamport, event_id LIMIT 500")) {
            while (true) {
                s.setLong(1, lastLamport);
                s.setString(2, lastId);
                List<Event> page = events(s);
                if (page.isEmpty()) {
                    return replayed;
                }
                for (Event e : page) {
                    projection.apply(c, e);
                }
                replayed += page.size();
                Event last = page.get(page.size() - 1);
                lastLamport = last.lamport();
                lastId = last.eventId().value();
            }
        }
    }

    /** Opens an {@link EventLog}. */
    public static final class Builder {
        private final Path file;
        private final NodeKeyPair keys;
        private final String communityId;
        private Clock clock = Clock.systemUTC();
        private Projection projection = Projection.NONE;
        private Duration busyTimeout = DEFAULT_BUSY_TIMEOUT;
        private UlidGenerator ulids;

        private Builder(Path file, NodeKeyPair keys, String communityId) {
            this.file = Objects.requireNonNull(file, "file");
            this.keys = Objects.requireNonNull(keys, "keys");
            if (communityId == null || communityId.isEmpty() || communityId.length() > Event.MAX_COMMUNITY_LENGTH) {
                throw new HearthNetException(ErrorCode.BAD_REQUEST, "community id must be 1 to "
                        + Event.MAX_COMMUNITY_LENGTH + " characters");
            }
            this.communityId = communityId;
        }

        /** The clock for wall-clock times and event ids; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The service's projection; default none. */
        public Builder projection(Projection projection) {
            this.projection = Objects.requireNonNull(projection, "projection");
            return this;
        }

        /** How long a write waits for a lock held by another connection; default 5 s. */
        public Builder busyTimeout(Duration timeout) {
            this.busyTimeout = Durations.notNegative(timeout, "busy timeout");
            return this;
        }

        /** The event id generator; default one on the clock with a secure random source. */
        public Builder ulids(UlidGenerator ulids) {
            this.ulids = Objects.requireNonNull(ulids, "ulids");
            return this;
        }

        /**
         * Opens the log, creating it when missing, and rebuilds the projection if its version changed.
         *
         * @throws HearthNetException {@code internal_error} (logged) when the file cannot be opened
         *         or belongs to another community
         */
        public EventLog open() {
            SqliteStore store = SqliteStore.open(file, busyTimeout);
            try {
                long highest = store.inTransaction("preparing the event log", c -> prepare(c, communityId, projection, file));
                return new EventLog(this, store, highest);
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        }
    }
}
