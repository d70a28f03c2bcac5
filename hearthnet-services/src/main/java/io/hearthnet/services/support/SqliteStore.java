package io.hearthnet.services.support;

import io.hearthnet.api.ErrorCode;
import io.hearthnet.api.HearthNetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * One SQLite database file in WAL mode with {@code synchronous=FULL} (an acknowledged write
 * survives a crash), used through one connection and one transaction at a time.
 *
 * <p>Every failure is logged with its cause and thrown as {@code internal_error} naming the file and
 * what was being done; nothing falls back to memory. The most recent write failure is kept for the
 * owning service's health until a write succeeds again.
 */
public final class SqliteStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);

    private final Path file;
    private final Connection connection;
    private final AtomicReference<String> lastFailure = new AtomicReference<>();

    private SqliteStore(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens (creating when missing) the database at {@code file}.
     *
     * @param busyTimeout how long a write waits for another holder of the database lock
     * @throws HearthNetException {@code internal_error} when the file cannot be opened in WAL mode
     */
    public static SqliteStore open(Path file, Duration busyTimeout) {
        Objects.requireNonNull(file, "file");
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw failure("cannot open store " + absolute, "the path is a directory, not a database file", null);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        config.enforceForeignKeys(true);
        Connection c = null;
        try {
            c = config.createConnection("jdbc:sqlite:" + absolute);
            try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA journal_mode")) {
                String mode = rs.next() ? rs.getString(1) : "unknown";
                if (!"wal".equalsIgnoreCase(mode)) {
                    throw new SQLException("the database is in journal mode '" + mode + "', not WAL");
                }
            }
            c.setAutoCommit(false);
            return new SqliteStore(absolute, c);
        } catch (SQLException e) {
            closeQuietly(c, absolute);
            throw failure("cannot open store " + absolute, describe(e), e);
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
     * A {@link HearthNetException} thrown by the work passes through unchanged; an SQL failure
     * becomes {@code internal_error} (logged with its cause) that says {@code what} failed.
     */
    public synchronized <T> T inTransaction(String what, SqlWork<T> work) {
        try {
            T result = work.run(connection);
            connection.commit();
            lastFailure.set(null);
            return result;
        } catch (SQLException e) {
            rollback(what);
            String reason = describe(e);
            lastFailure.set(what + ": " + reason);
            throw failure(what + " failed in " + file, reason, e);
        } catch (RuntimeException e) {
            rollback(what);
            throw e;
        }
    }

    /** The most recent write failure, or {@code null} once a later transaction succeeded. */
    public String lastFailure() {
        return lastFailure.get();
    }

    @Override
    public synchronized void close() {
        closeQuietly(connection, file);
    }

    private void rollback(String what) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.error("rolling back '{}' in {} failed", what, file, e);
        }
    }

    private static void closeQuietly(Connection c, Path file) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            LOG.error("closing store {} failed", file, e);
        }
    }

    private static String describe(SQLException e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static HearthNetException failure(String what, String reason, Exception cause) {
        LOG.error("{}: {}", what, reason, cause);
        return new HearthNetException(ErrorCode.INTERNAL_ERROR, what + ": " + reason, cause);
    }
}
