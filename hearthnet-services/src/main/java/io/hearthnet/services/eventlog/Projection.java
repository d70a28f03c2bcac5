package io.hearthnet.services.eventlog;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A service's queryable view of its log, kept in tables of the same database and updated in the
 * same transaction that stores each event. It must be rebuildable from the log alone: when
 * {@link #version()} changes, the log drops the tables ({@link #drop}) and replays every event.
 */
public interface Projection {
    /** A projection with no tables. */
    Projection NONE = new Projection() {
        @Override
        public int version() {
            return 0;
        }

        @Override
        public void create(Connection c) {}

        @Override
        public void drop(Connection c) {}

        @Override
        public void apply(Connection c, Event event) {}
    };

    /** The version of the table layout and rules; a change rebuilds the projection. */
    int version();

    /** Creates the tables if they do not exist. */
    void create(Connection c) throws SQLException;

    /** Drops the tables. */
    void drop(Connection c) throws SQLException;

    /**
     * Takes in one newly stored event, in the transaction that stores it. This node's own events
     * were validated by the service before they were appended; events from other nodes passed the
     * signature and membership checks, but their data may still be nonsense, which the projection
     * must ignore (with a log line) rather than fail on: the log keeps what a member signed.
     */
    void apply(Connection c, Event event) throws SQLException;
}
