package io.hearthnet.services.market;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import io.hearthnet.services.eventlog.Event;
import io.hearthnet.services.eventlog.Projection;
import io.hearthnet.services.eventlog.Ulid;
import io.hearthnet.services.support.Inputs;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The marketplace's tables: live posts and their tags, every (poster, client id) key ever used, and
 * the posts expired by their author or a trusted member. Swept posts leave {@code market_posts};
 * the log keeps their events.
 */
final class MarketProjection implements Projection {
    static final String POST = "market.post";
    static final String EXPIRE = "market.expire";

    private static final Logger LOG = LoggerFactory.getLogger(MarketProjection.class);
    private static final String COLUMNS = "post_id, lamport, author, posted_by, client_id, title, description, category,"
            + " tags, created_ms, expires_ms";

    private final ExpiryRule rule;

    MarketProjection(ExpiryRule rule) {
        this.rule = rule;
    }

    @Override
    public int version() {
        return 2; // 2: client ids are keyed per accepting node too (author, posted_by, client_id)
    }

    @Override
    public void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS market_posts (post_id TEXT PRIMARY KEY, lamport INTEGER NOT NULL,"
                    + " author TEXT NOT NULL, posted_by TEXT NOT NULL, client_id TEXT NOT NULL, title TEXT NOT NULL,"
                    + " description TEXT NOT NULL, category TEXT NOT NULL, tags TEXT NOT NULL,"
                    + " created_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS market_posts_order ON market_posts(lamport, post_id)");
            s.execute("CREATE INDEX IF NOT EXISTS market_posts_expiry ON market_posts(expires_ms)");
            s.execute("CREATE TABLE IF NOT EXISTS market_post_tags (post_id TEXT NOT NULL"
                    + " REFERENCES market_posts(post_id) ON DELETE CASCADE, tag TEXT NOT NULL, PRIMARY KEY (post_id, tag))");
            s.execute("CREATE INDEX IF NOT EXISTS market_post_tags_tag ON market_post_tags(tag)");
            s.execute("CREATE TABLE IF NOT EXISTS market_keys (author TEXT NOT NULL, posted_by TEXT NOT NULL,"
                    + " client_id TEXT NOT NULL, post_id TEXT NOT NULL, PRIMARY KEY (author, posted_by, client_id))");
            s.execute("CREATE TABLE IF NOT EXISTS market_expired (post_id TEXT PRIMARY KEY, expired_by TEXT NOT NULL,"
                    + " lamport INTEGER NOT NULL)");
        }
    }

    @Override
    public void drop(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS market_post_tags");
            s.execute("DROP TABLE IF EXISTS market_posts");
            s.execute("DROP TABLE IF EXISTS market_keys");
            s.execute("DROP TABLE IF EXISTS market_expired");
        }
    }

    @Override
    public void apply(Connection c, Event e) throws SQLException {
        switch (e.eventType()) {
            case POST -> applyPost(c, e);
            case EXPIRE -> applyExpire(c, e);
            default -> LOG.debug("market log: ignoring event type {}", e.eventType());
        }
    }

    private void applyPost(Connection c, Event e) throws SQLException {
        Post post;
        try {
            post = Post.fromEvent(e);
        } catch (HearthNetException ex) {
            LOG.warn("market log: ignoring malformed post {} by {}: {}", e.eventId(), e.author().shortForm(), ex.getMessage());
            return;
        }
        // Keyed per accepting node: posted_by is only that node's word, so another node's event
        // must never displace (or be mistaken for) the post a node accepted.
        Optional<Ulid> taken = keyed(c, post.author(), post.postedBy(), post.clientId());
        if (taken.isPresent()) {
            Optional<Post> holder = find(c, taken.get());
            boolean earlier = holder.isPresent() && (post.lamport() < holder.get().lamport()
                    || post.lamport() == holder.get().lamport() && post.postId().compareTo(holder.get().postId()) < 0);
            if (!earlier) {
                LOG.warn("market log: ignoring post {}: {} already used client_id '{}' for {}", post.postId(),
                        post.postedBy().shortForm(), post.clientId(), taken.get());
                return;
            }
            LOG.warn("market log: post {} replaces {}: both use client_id '{}' of {}, the earlier one wins",
                    post.postId(), taken.get(), post.clientId(), post.postedBy().shortForm());
            remove(c, taken.get());
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT OR REPLACE INTO market_keys(author, posted_by, client_id, post_id) VALUES (?, ?, ?, ?)")) {
            s.setString(1, post.author().value());
            s.setString(2, post.postedBy().value());
            s.setString(3, post.clientId());
            s.setString(4, post.postId().value());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO market_posts(" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, post.postId().value());
            s.setLong(2, post.lamport());
            s.setString(3, post.author().value());
            s.setString(4, post.postedBy().value());
            s.setString(5, post.clientId());
            s.setString(6, post.title());
            s.setString(7, post.description());
            s.setString(8, post.category());
            s.setString(9, Json.write(Json.mapper().valueToTree(post.tags())));
            s.setLong(10, post.createdAt().toEpochMilli());
            s.setLong(11, post.expiresAt().toEpochMilli());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO market_post_tags(post_id, tag) VALUES (?, ?)")) {
            for (String tag : post.tags()) {
                s.setString(1, post.postId().value());
                s.setString(2, tag);
                s.executeUpdate();
            }
        }
    }

    private void applyExpire(Connection c, Event e) throws SQLException {
        Ulid postId;
        NodeId expiredBy;
        try {
            ObjectNode data = e.data();
            Inputs.onlyFields(data, Set.of("post_id", "expired_by"));
            postId = Ulid.parse(Inputs.text(data, "post_id", 26, 26));
            expiredBy = Inputs.nodeId(data, "expired_by");
        } catch (HearthNetException ex) {
            LOG.warn("market log: ignoring malformed expiry {} by {}: {}", e.eventId(), e.author().shortForm(), ex.getMessage());
            return;
        }
        Optional<Post> post = find(c, postId);
        if (post.isEmpty()) {
            LOG.debug("market log: expiry {} names post {} that is not live here", e.eventId(), postId);
            return;
        }
        if (!rule.allows(post.get(), e.author(), expiredBy)) {
            LOG.warn("market log: ignoring expiry {} of post {}: {} (signed by {}) may not expire it", e.eventId(), postId,
                    expiredBy.shortForm(), e.author().shortForm());
            return;
        }
        remove(c, postId);
        try (PreparedStatement s = c.prepareStatement(
                "INSERT OR IGNORE INTO market_expired(post_id, expired_by, lamport) VALUES (?, ?, ?)")) {
            s.setString(1, postId.value());
            s.setString(2, expiredBy.value());
            s.setLong(3, e.lamport());
            s.executeUpdate();
        }
    }

    /** The live post with this id. */
    static Optional<Post> find(Connection c, Ulid postId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM market_posts WHERE post_id = ?")) {
            s.setString(1, postId.value());
            List<Post> found = posts(s);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    /** The post id a poster's client id was used for at the node {@code author}, live or not. */
    static Optional<Ulid> keyed(Connection c, NodeId author, NodeId postedBy, String clientId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT post_id FROM market_keys WHERE author = ? AND posted_by = ? AND client_id = ?")) {
            s.setString(1, author.value());
            s.setString(2, postedBy.value());
            s.setString(3, clientId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(Ulid.parse(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** Whether the post was expired by its author or a trusted member. */
    static boolean wasExpired(Connection c, Ulid postId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM market_expired WHERE post_id = ?")) {
            s.setString(1, postId.value());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Live posts at {@code now}, filtered, in replay order.
     *
     * @param tags posts must carry every one of them
     */
    static List<Post> list(Connection c, Instant now, Optional<String> category, List<String> tags, long sinceLamport,
                           int limit, boolean newestFirst) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM market_posts p WHERE expires_ms > ? AND lamport > ?");
        category.ifPresent(x -> sql.append(" AND category = ?"));
        if (!tags.isEmpty()) {
            sql.append(" AND (SELECT COUNT(*) FROM market_post_tags t WHERE t.post_id = p.post_id AND t.tag IN (")
                    .append("?, ".repeat(tags.size() - 1)).append("?)) = ?");
        }
        sql.append(newestFirst ? " ORDER BY lamport DESC, post_id DESC" : " ORDER BY lamport, post_id").append(" LIMIT ?");
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            s.setLong(i++, now.toEpochMilli());
            s.setLong(i++, sinceLamport);
            if (category.isPresent()) {
                s.setString(i++, category.get());
            }
            for (String tag : tags) {
                s.setString(i++, tag);
            }
            if (!tags.isEmpty()) {
                s.setInt(i++, tags.size());
            }
            s.setInt(i, limit);
            return posts(s);
        }
    }

    /** Deletes posts whose lifetime has ended; returns how many. */
    static int sweep(Connection c, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM market_posts WHERE expires_ms <= ?")) {
            s.setLong(1, now.toEpochMilli());
            return s.executeUpdate();
        }
    }

    /** How many posts are in the table, live or past their lifetime but not yet swept. */
    static int stored(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM market_posts")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static void remove(Connection c, Ulid postId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM market_posts WHERE post_id = ?")) {
            s.setString(1, postId.value());
            s.executeUpdate();
        }
    }

    private static List<Post> posts(PreparedStatement s) throws SQLException {
        List<Post> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                List<String> tags = new ArrayList<>();
                Json.parse(rs.getString(9)).forEach(t -> tags.add(t.asText()));
                out.add(new Post(Ulid.parse(rs.getString(1)), rs.getLong(2), NodeId.parse(rs.getString(3)),
                        NodeId.parse(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        List.copyOf(tags), Instant.ofEpochMilli(rs.getLong(10)), Instant.ofEpochMilli(rs.getLong(11))));
            }
        }
        return out;
    }
}
