package io.hearthnet.relay;

import io.hearthnet.api.concurrent.Workers;
import java.time.Duration;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a SQLite WAL into the database file from its own connection and thread every
 * {@link #PERIOD_MS} ms ({@code PRAGMA wal_checkpoint(PASSIVE)}: it never waits for, nor blocks, the
 * writer). The writer connection has auto-checkpointing off, so no write pays for a checkpoint's
 * fsyncs.
 */
final class SqliteCheckpointer implements AutoCloseable {
    static final long PERIOD_MS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(SqliteCheckpointer.class);

    private final Connection connection;
    private final ScheduledExecutorService thread;
    private boolean failing;

    private SqliteCheckpointer(Connection connection) {
        this.connection = connection;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, Workers.daemonThreads("hearthnet-relay-checkpoint"));
        t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = t;
    }

    static SqliteCheckpointer start(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=5000");
        }
        SqliteCheckpointer checkpointer = new SqliteCheckpointer(c);
        checkpointer.thread.scheduleWithFixedDelay(checkpointer::checkpoint, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        return checkpointer;
    }

    private void checkpoint() {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
            if (failing) {
                LOG.info("relay store checkpoints work again");
                failing = false;
            }
        } catch (SQLException e) {
            if (!failing) {
                LOG.error("relay store checkpoint failed; the WAL keeps growing until one succeeds", e);
                failing = true;
            }
        }
    }

    @Override
    public void close() throws SQLException {
        Workers.stop(thread, Duration.ofSeconds(5), "the relay store's checkpoint thread");
        connection.close();
    }
}
