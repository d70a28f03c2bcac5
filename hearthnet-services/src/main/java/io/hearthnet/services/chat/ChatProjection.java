package io.hearthnet.services.chat;

import io.hearthnet.api.HearthNetException;
import io.hearthnet.api.identity.NodeId;
import io.hearthnet.services.eventlog.Event;
import io.hearthnet.services.eventlog.Projection;
import io.hearthnet.services.eventlog.Ulid;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's conversations, from its chat log: every message it sent or received, with the status
 * its receipts give (a receipt counts only when the message's recipient signed it).
 */
final class ChatProjection implements Projection {
    private static final Logger LOG = LoggerFactory.getLogger(ChatProjection.class);
    private static final String COLUMNS = "m.message_id, m.client_id, m.sender, m.recipient, m.text, m.sent_at, m.lamport,"
            + " m.outgoing, m.status, s.delivery";

    private final NodeId self;

    ChatProjection(NodeId self) {
        this.self = self;
    }

    @Override
    public int version() {
        return 1;
    }

    /** Creates the conversation table, and the service's state tables it joins (which a rebuild keeps). */
    @Override
    public void create(Connection c) throws SQLException {
        ChatStore.create(c);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS chat_messages (message_id TEXT PRIMARY KEY, client_id TEXT NOT NULL,"
                    + " sender TEXT NOT NULL, recipient TEXT NOT NULL, peer TEXT NOT NULL, outgoing INTEGER NOT NULL,"
                    + " text TEXT NOT NULL, sent_at TEXT NOT NULL, lamport INTEGER NOT NULL, status INTEGER NOT NULL,"
                    + " my_receipt TEXT, UNIQUE (sender, client_id))");
            s.execute("CREATE INDEX IF NOT EXISTS chat_messages_peer ON chat_messages(peer, lamport, message_id)");
            s.execute("CREATE INDEX IF NOT EXISTS chat_messages_order ON chat_messages(lamport, message_id)");
        }
    }

    @Override
    public void drop(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS chat_messages");
        }
    }

    @Override
    public void apply(Connection c, Event e) throws SQLException {
        try {
            switch (e.eventType()) {
                case MessageData.TYPE -> applyMessage(c, e, MessageData.read(e.data()));
                case ReceiptData.TYPE -> applyReceipt(c, e, ReceiptData.read(e.data()));
                default -> LOG.debug("chat log: ignoring event type {}", e.eventType());
            }
        } catch (HearthNetException ex) {
            LOG.warn("chat log: ignoring malformed {} {} by {}: {}", e.eventType(), e.eventId(), e.author().shortForm(),
                    ex.getMessage());
        }
    }

    private void applyMessage(Connection c, Event e, MessageData m) throws SQLException {
        boolean outgoing = e.author().equals(self);
        if (!outgoing && !m.to().equals(self)) {
            LOG.warn("chat log: ignoring message {} between {} and {}: not this node's", e.eventId(),
                    e.author().shortForm(), m.to().shortForm());
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT OR IGNORE INTO chat_messages(message_id, client_id, sender,"
                + " recipient, peer, outgoing, text, sent_at, lamport, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, e.eventId().value());
            s.setString(2, m.clientId());
            s.setString(3, e.author().value());
            s.setString(4, m.to().value());
            s.setString(5, outgoing ? m.to().value() : e.author().value());
            s.setInt(6, outgoing ? 1 : 0);
            s.setString(7, m.text());
            s.setString(8, e.wallClock());
            s.setLong(9, e.lamport());
            s.setInt(10, Status.PENDING.ordinal());
            if (s.executeUpdate() == 0) {
                LOG.warn("chat log: ignoring message {}: {} already used client_id '{}'", e.eventId(),
                        e.author().shortForm(), m.clientId());
            }
        }
    }

    private void applyReceipt(Connection c, Event e, ReceiptData r) throws SQLException {
        Optional<ChatMessage> message = find(c, r.messageId());
        if (message.isEmpty()) {
            LOG.warn("chat log: receipt {} names unknown message {}", e.eventId(), r.messageId());
            return;
        }
        if (!e.author().equals(message.get().to())) {
            LOG.warn("chat log: ignoring receipt {}: {} is not the recipient of {}", e.eventId(), e.author().shortForm(),
                    r.messageId());
            return;
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE chat_messages SET status = MAX(status, ?),"
                + " my_receipt = CASE WHEN ? AND my_receipt IS NULL THEN ? ELSE my_receipt END WHERE message_id = ?")) {
            s.setInt(1, r.kind().ordinal());
            s.setBoolean(2, e.author().equals(self) && r.kind() == Status.DELIVERED);
            s.setString(3, e.eventId().value());
            s.setString(4, r.messageId().value());
            s.executeUpdate();
        }
    }

    /** A message of this node's conversations. */
    static Optional<ChatMessage> find(Connection c, Ulid messageId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM chat_messages m"
                + " LEFT JOIN chat_sent s ON s.message_id = m.message_id WHERE m.message_id = ?")) {
            s.setString(1, messageId.value());
            List<ChatMessage> found = messages(s);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    /** The message {@code sender} sent with {@code clientId}. */
    static Optional<ChatMessage> bySender(Connection c, NodeId sender, String clientId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM chat_messages m"
                + " LEFT JOIN chat_sent s ON s.message_id = m.message_id WHERE m.sender = ? AND m.client_id = ?")) {
            s.setString(1, sender.value());
            s.setString(2, clientId);
            List<ChatMessage> found = messages(s);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    /** The delivered-receipt this node signed for an incoming message, if any. */
    static Optional<Ulid> myReceipt(Connection c, Ulid messageId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT my_receipt FROM chat_messages WHERE message_id = ?")) {
            s.setString(1, messageId.value());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getString(1) != null ? Optional.of(Ulid.parse(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** Messages in replay order, of the conversation with {@code peer} or of all conversations. */
    static List<ChatMessage> history(Connection c, Optional<NodeId> peer, long sinceLamport, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM chat_messages m"
                + " LEFT JOIN chat_sent s ON s.message_id = m.message_id WHERE m.lamport > ?"
                + (peer.isPresent() ? " AND m.peer = ?" : "") + " ORDER BY m.lamport, m.message_id LIMIT ?")) {
            int i = 1;
            s.setLong(i++, sinceLamport);
            if (peer.isPresent()) {
                s.setString(i++, peer.get().value());
            }
            s.setInt(i, limit);
            return messages(s);
        }
    }

    private static List<ChatMessage> messages(PreparedStatement s) throws SQLException {
        List<ChatMessage> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                boolean outgoing = rs.getInt(8) == 1;
                String delivery = rs.getString(10);
                out.add(new ChatMessage(Ulid.parse(rs.getString(1)), rs.getString(2), NodeId.parse(rs.getString(3)),
                        NodeId.parse(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getLong(7), outgoing,
                        Status.values()[rs.getInt(9)],
                        outgoing ? Optional.of(delivery == null ? Delivery.QUEUED : Delivery.fromWireName(delivery))
                                : Optional.empty()));
            }
        }
        return out;
    }
}
