package io.hearthnet.services.support;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work against an open SQLite connection, run inside one transaction.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface SqlWork<T> {
    /** Does the work. */
    T run(Connection connection) throws SQLException;
}
