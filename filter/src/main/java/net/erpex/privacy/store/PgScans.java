package net.erpex.privacy.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The data-subject thread's own connection to PostgreSQL, for a visitor's access and erasure requests: opened when
 * first needed, dropped on a failure (the next request opens a new one), never shared with the recorder's.
 */
final class PgScans implements AutoCloseable {

    private final ConnectionSource source;
    private Connection connection;

    PgScans(ConnectionSource source) {
        this.source = source;
    }

    /** Every matching record in the tables. */
    synchronized List<FoundRecord> find(SubjectQuery query) throws IOException {
        try {
            return PgRecords.find(connection(), query);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Deletes every matching record from the tables, in one transaction. @return the ids deleted, by stream */
    synchronized Map<String, Set<String>> erase(SubjectQuery query) throws IOException {
        try {
            Connection c = connection();
            c.setAutoCommit(false);
            try {
                Map<String, Set<String>> ids = PgRecords.erase(c, query);
                c.commit();
                return ids;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private Connection connection() throws IOException {
        if (connection == null) {
            try {
                Connection c = source.open();
                try (Statement s = c.createStatement()) {
                    s.execute("SET TIME ZONE 'UTC'");
                }
                connection = c;
            } catch (SQLException e) {
                throw new IOException("the PostgreSQL store does not answer: " + e.getMessage(), e);
            }
        }
        return connection;
    }

    private IOException failed(SQLException e) {
        close();
        return new IOException("the PostgreSQL store failed: " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            PgLink.closeQuietly(connection);
            connection = null;
        }
    }
}
