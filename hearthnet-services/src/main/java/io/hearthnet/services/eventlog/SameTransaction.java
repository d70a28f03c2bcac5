package io.hearthnet.services.eventlog;

import java.sql.Connection;
import java.sql.SQLException;

/** Work a service does in the transaction that appends an event, e.g. queueing it for delivery. */
@FunctionalInterface
public interface SameTransaction {
    /** Does the work; throwing rolls the append back. */
    void run(Connection c, Event appended) throws SQLException;
}
