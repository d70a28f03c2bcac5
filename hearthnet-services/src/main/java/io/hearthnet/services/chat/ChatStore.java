package io.hearthnet.services.chat;

import io.hearthnet.api.identity.NodeId;
import io.hearthnet.api.json.Json;
import io.hearthnet.services.eventlog.Event;
import io.hearthnet.services.eventlog.Ulid;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The chat service's own state next to its log (not rebuilt from it): the outbox of this node's
 * events waiting for their recipient, the events held for other nodes, and how each sent message
 * was handed over.
 */
final class ChatStore {
    /** An event waiting for its recipient. */
    record Pending(Event event, NodeId recipient) {}

    private ChatStore() {}

    static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS chat_outbox (event_id TEXT PRIMARY KEY, recipient TEXT NOT NULL,"
                    + " body TEXT NOT NULL, queued_ms INTEGER NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS chat_outbox_recipient ON chat_outbox(recipient, queued_ms)");
            // Same expression as outboxSize's WHERE clause, so counting by kind reads the index, not every body.
            s.execute("CREATE INDEX IF NOT EXISTS chat_outbox_type ON chat_outbox(json_extract(body, '$.event_type'))");
            s.execute("CREATE TABLE IF NOT EXISTS chat_held (event_id TEXT PRIMARY KEY, recipient TEXT NOT NULL,"
                    + " body TEXT NOT NULL, held_ms INTEGER NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS chat_held_recipient ON chat_held(recipient, held_ms)");
            s.execute("CREATE TABLE IF NOT EXISTS chat_sent (message_id TEXT PRIMARY KEY, delivery TEXT NOT NULL)");
        }
    }

    static void enqueue(Connection c, Event e, NodeId recipient, long nowMs) throws SQLException {
        insert(c, "chat_outbox", "queued_ms", e, recipient, nowMs);
    }

    static boolean hold(Connection c, Event e, NodeId recipient, long nowMs) throws SQLException {
        return insert(c, "chat_held", "held_ms", e, recipient, nowMs);
    }

    static void dequeue(Connection c, Ulid eventId) throws SQLException {
        delete(c, "chat_outbox", eventId);
    }

    static void release(Connection c, Ulid eventId) throws SQLException {
        delete(c, "chat_held", eventId);
    }

    /** Drops held events taken in before {@code cutoffMs}; returns how many. */
    static int dropHeldBefore(Connection c, long cutoffMs) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM chat_held WHERE held_ms < ?")) {
            s.setLong(1, cutoffMs);
            return s.executeUpdate();
        }
    }

    static List<Pending> outbox(Connection c, int limit) throws SQLException {
        return pending(c, "SELECT body, recipient FROM chat_outbox ORDER BY queued_ms, event_id LIMIT ?", null, limit);
    }

    static List<Pending> outboxFor(Connection c, NodeId recipient, int limit) throws SQLException {
        return pending(c, "SELECT body, recipient FROM chat_outbox WHERE recipient = ? ORDER BY queued_ms, event_id LIMIT ?",
                recipient, limit);
    }

    static List<Pending> heldFor(Connection c, NodeId recipient, int limit) throws SQLException {
        return pending(c, "SELECT body, recipient FROM chat_held WHERE recipient = ? ORDER BY held_ms, event_id LIMIT ?",
                recipient, limit);
    }

    static List<NodeId> heldRecipients(Connection c, int limit) throws SQLException {
        List<NodeId> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT recipient FROM chat_held LIMIT ?")) {
            s.setInt(1, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(NodeId.parse(rs.getString(1)));
                }
            }
        }
        return out;
    }

    /** How many events of {@code eventType} (this node's messages, or its receipts) wait in the outbox. */
    static int outboxSize(Connection c, String eventType) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM chat_outbox WHERE json_extract(body, '$.event_type') = ?")) {
            s.setString(1, eventType);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    static int heldSize(Connection c) throws SQLException {
        return count(c, "SELECT COUNT(*) FROM chat_held", null);
    }

    static int heldFor(Connection c, NodeId recipient) throws SQLException {
        return count(c, "SELECT COUNT(*) FROM chat_held WHERE recipient = ?", recipient);
    }

    static void setDelivery(Connection c, Ulid messageId, Delivery delivery) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT OR REPLACE INTO chat_sent(message_id, delivery) VALUES (?, ?)")) {
            s.setString(1, messageId.value());
            s.setString(2, delivery.wireName());
            s.executeUpdate();
        }
    }

    private static boolean insert(Connection c, String table, String timeColumn, Event e, NodeId recipient, long nowMs)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT OR IGNORE INTO " + table + "(event_id, recipient, body, "
                + timeColumn + ") VALUES (?, ?, ?, ?)")) {
            s.setString(1, e.eventId().value());
            s.setString(2, recipient.value());
            s.setString(3, Json.write(e.toJson()));
            s.setLong(4, nowMs);
            return s.executeUpdate() == 1;
        }
    }

    private static void delete(Connection c, String table, Ulid eventId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE event_id = ?")) {
            s.setString(1, eventId.value());
            s.executeUpdate();
        }
    }

    private static List<Pending> pending(Connection c, String sql, NodeId recipient, int limit) throws SQLException {
        List<Pending> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (recipient != null) {
                s.setString(i++, recipient.value());
            }
            s.setInt(i, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Event e = Event.fromJson(Json.parse(rs.getString(1).getBytes(StandardCharsets.UTF_8)));
                    out.add(new Pending(e, NodeId.parse(rs.getString(2))));
                }
            }
        }
        return out;
    }

    private static int count(Connection c, String sql, NodeId recipient) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (recipient != null) {
                s.setString(1, recipient.value());
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }
}
