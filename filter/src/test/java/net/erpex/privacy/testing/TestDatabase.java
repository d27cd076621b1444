package net.erpex.privacy.testing;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * A schema of its own in the shared {@code test} database ({@code erpex_it_<random>}), created on construction and
 * dropped with everything in it on {@link #close()}. Other people's tests use the same server: nothing outside the
 * schema is touched.
 */
public final class TestDatabase implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 5432;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String schema;

    public TestDatabase() throws SQLException {
        byte[] suffix = new byte[6];
        RANDOM.nextBytes(suffix);
        schema = "erpex_it_" + HexFormat.of().formatHex(suffix);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
    }

    public String schema() {
        return schema;
    }

    /** The JDBC URL of this schema on the real server. */
    public String url() {
        return url(HOST, PORT);
    }

    /** The JDBC URL of this schema through another address (a TCP proxy in front of the server). */
    public String url(String host, int port) {
        return "jdbc:postgresql://" + host + ":" + port + "/test?user=postgres&currentSchema=" + schema;
    }

    /** A connection with this schema as the current one. */
    public Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/test?user=postgres");
        if (schema != null) {
            try (Statement s = c.createStatement()) {
                s.execute("SET search_path TO " + schema);
            }
        }
        return c;
    }

    /** Runs a query that answers one number. */
    public long count(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
