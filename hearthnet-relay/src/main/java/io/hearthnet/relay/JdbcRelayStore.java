package io.hearthnet.relay;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RelayStore} over one JDBC connection, in plain SQL (two tables, no vendor features
 * beyond {@code CREATE TABLE IF NOT EXISTS}). {@link #sqlite(Path, boolean)} opens the embedded
 * default: SQLite in WAL mode. Writes are serialised on the connection; each call is one
 * transaction. Thread-safe.
 */
public final class JdbcRelayStore implements RelayStore {
    /** The database file {@link RelayHub} uses under its data dir. */
    public static final String SQLITE_FILE = "relay/relay.db";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcRelayStore.class);
    private static final int SCHEMA_VERSION = 1;

    private final Connection connection;
    private final PreparedStatement updateMember;
    private final PreparedStatement insertMember;
    private final PreparedStatement deleteMember;
    private final PreparedStatement deleteMail;
    private final PreparedStatement insertEnvelope;
    private final PreparedStatement deleteEnvelope;
    private final AutoCloseable maintenance;
    private boolean closed;

    /**
     * Uses {@code connection} (auto-commit is turned off), creating the tables when missing. The
     * store owns the connection and closes it.
     */
    public JdbcRelayStore(Connection connection) {
        this(connection, null);
    }

    private JdbcRelayStore(Connection connection, AutoCloseable maintenance) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.maintenance = maintenance;
        try {
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                s.executeUpdate("CREATE TABLE IF NOT EXISTS relay_meta (name VARCHAR(64) PRIMARY KEY, val VARCHAR(256) NOT NULL)");
                s.executeUpdate("CREATE TABLE IF NOT EXISTS relay_members (node_id VARCHAR(64) PRIMARY KEY,"
                        + " community VARCHAR(128) NOT NULL, joined_at BIGINT NOT NULL, manifest TEXT)");
                s.executeUpdate("CREATE TABLE IF NOT EXISTS relay_envelopes (seq BIGINT PRIMARY KEY,"
                        + " recipient VARCHAR(64) NOT NULL, envelope_id VARCHAR(128) NOT NULL, sender VARCHAR(64) NOT NULL,"
                        + " queued_at BIGINT NOT NULL, body BLOB NOT NULL)");
                s.executeUpdate("CREATE INDEX IF NOT EXISTS relay_envelopes_recipient ON relay_envelopes (recipient)");
            }
            checkSchemaVersion();
            connection.commit();
            updateMember = connection.prepareStatement(
                    "UPDATE relay_members SET community = ?, joined_at = ?, manifest = ? WHERE node_id = ?");
            insertMember = connection.prepareStatement(
                    "INSERT INTO relay_members (community, joined_at, manifest, node_id) VALUES (?, ?, ?, ?)");
            deleteMember = connection.prepareStatement("DELETE FROM relay_members WHERE node_id = ?");
            deleteMail = connection.prepareStatement("DELETE FROM relay_envelopes WHERE recipient = ?");
            insertEnvelope = connection.prepareStatement("INSERT INTO relay_envelopes"
                    + " (seq, recipient, envelope_id, sender, queued_at, body) VALUES (?, ?, ?, ?, ?, ?)");
            deleteEnvelope = connection.prepareStatement("DELETE FROM relay_envelopes WHERE seq = ?");
        } catch (SQLException e) {
            closeQuietly();
            throw failure("cannot prepare the relay store", e);
        }
    }

    /**
     * Opens (creating it when missing) the SQLite database {@code file} in WAL mode.
     * {@code synchronous=NORMAL} keeps every committed write across a killed process;
     * {@code fsyncEveryWrite} ({@code synchronous=FULL}) also keeps it across power loss, at the
     * cost of an fsync per write. Checkpoints (which fsync) run on a background thread instead of
     * inside whichever write happens to fill the WAL, so writes do not stall behind them.
     */
    public static JdbcRelayStore sqlite(Path file, boolean fsyncEveryWrite) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new HearthNetException(ErrorCode.INTERNAL_ERROR, "cannot create the directory of " + file + ": " + e, e);
        }
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
                    String mode = rs.next() ? rs.getString(1) : "?";
                    if (!"wal".equalsIgnoreCase(mode)) {
                        c.close();
                        throw new HearthNetException(ErrorCode.INTERNAL_ERROR, "SQLite refused WAL mode for " + file + " (got " + mode + ")");
                    }
                }
                s.execute("PRAGMA synchronous=" + (fsyncEveryWrite ? "FULL" : "NORMAL"));
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("PRAGMA wal_autocheckpoint=0");
            }
            SqliteCheckpointer checkpointer;
            try {
                checkpointer = SqliteCheckpointer.start(file);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return new JdbcRelayStore(c, checkpointer);
        } catch (SQLException e) {
            throw failure("cannot open the relay database " + file, e);
        }
    }

    private void checkSchemaVersion() throws SQLException {
        try (PreparedStatement q = connection.prepareStatement("SELECT val FROM relay_meta WHERE name = 'schema_version'");
             ResultSet rs = q.executeQuery()) {
            if (rs.next()) {
                String found = rs.getString(1);
                if (!Integer.toString(SCHEMA_VERSION).equals(found)) {
                    throw new HearthNetException(ErrorCode.INTERNAL_ERROR, "relay store has schema version " + found
                            + ", this hub reads version " + SCHEMA_VERSION);
                }
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO relay_meta (name, val) VALUES ('schema_version', ?)")) {
            insert.setString(1, Integer.toString(SCHEMA_VERSION));
            insert.executeUpdate();
        }
    }

    @Override
    public synchronized Snapshot load() {
        requireOpen();
        List<Member> members = new ArrayList<>();
        List<Envelope> envelopes = new ArrayList<>();
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT node_id, community, joined_at, manifest FROM relay_members")) {
                while (rs.next()) {
                    members.add(new Member(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                            Optional.ofNullable(rs.getString(4))));
                }
            }
            try (ResultSet rs = s.executeQuery(
                    "SELECT seq, recipient, envelope_id, sender, queued_at, body FROM relay_envelopes ORDER BY seq")) {
                while (rs.next()) {
                    envelopes.add(new Envelope(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Instant.ofEpochMilli(rs.getLong(5)), rs.getBytes(6)));
                }
            }
            connection.commit();
        } catch (SQLException e) {
            rollback();
            throw failure("cannot read the relay store", e);
        }
        return new Snapshot(members, envelopes);
    }

    @Override
    public synchronized void putMember(Member member) {
        requireOpen();
        try {
            if (bindMember(updateMember, member).executeUpdate() == 0) {
                bindMember(insertMember, member).executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            rollback();
            throw failure("cannot store member " + member.nodeId(), e);
        }
    }

    private static PreparedStatement bindMember(PreparedStatement statement, Member member) throws SQLException {
        statement.setString(1, member.community());
        statement.setLong(2, member.joinedAt().toEpochMilli());
        statement.setString(3, member.manifest().orElse(null));
        statement.setString(4, member.nodeId());
        return statement;
    }

    @Override
    public synchronized void removeMember(String nodeId) {
        requireOpen();
        try {
            deleteMail.setString(1, nodeId);
            deleteMail.executeUpdate();
            deleteMember.setString(1, nodeId);
            deleteMember.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            rollback();
            throw failure("cannot remove member " + nodeId, e);
        }
    }

    @Override
    public synchronized void enqueue(Collection<Envelope> envelopes) {
        requireOpen();
        if (envelopes.isEmpty()) {
            return;
        }
        try {
            for (Envelope e : envelopes) {
                insertEnvelope.setLong(1, e.seq());
                insertEnvelope.setString(2, e.recipient());
                insertEnvelope.setString(3, e.envelopeId());
                insertEnvelope.setString(4, e.sender());
                insertEnvelope.setLong(5, e.queuedAt().toEpochMilli());
                insertEnvelope.setBytes(6, e.body());
                if (envelopes.size() == 1) {
                    insertEnvelope.executeUpdate();
                } else {
                    insertEnvelope.addBatch();
                }
            }
            if (envelopes.size() > 1) {
                insertEnvelope.executeBatch();
            }
            connection.commit();
        } catch (SQLException e) {
            rollback();
            throw failure("cannot queue " + envelopes.size() + " envelope(s)", e);
        }
    }

    @Override
    public synchronized void delete(Collection<Long> seqs) {
        requireOpen();
        if (seqs.isEmpty()) {
            return;
        }
        try {
            for (long seq : seqs) {
                deleteEnvelope.setLong(1, seq);
                deleteEnvelope.addBatch();
            }
            deleteEnvelope.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            rollback();
            throw failure("cannot delete " + seqs.size() + " delivered envelope(s)", e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (maintenance != null) {
            try {
                maintenance.close();
            } catch (Exception e) {
                LOG.warn("stopping the relay store's maintenance failed", e);
            }
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the relay store failed", e);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new HearthNetException(ErrorCode.INTERNAL_ERROR, "the relay store is closed");
        }
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.error("rolling back a failed relay store write failed too", e);
        }
    }

    private static HearthNetException failure(String what, SQLException e) {
        return new HearthNetException(ErrorCode.INTERNAL_ERROR, what + ": " + e.getMessage(), e);
    }
}
