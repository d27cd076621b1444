package net.erpex.privacy.store;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import net.erpex.privacy.security.Redaction;

/**
 * Opens connections to the PostgreSQL store: through the driver with a URL, or through a container's
 * {@link DataSource}. There is no pool: the recorder thread keeps one connection, and the data-subject tools open
 * short-lived ones.
 */
public abstract class ConnectionSource {

    /** The artifact a site adds for a jdbc: store. */
    public static final String DRIVER_ARTIFACT = "org.postgresql:postgresql";
    private static final String DRIVER_CLASS = "org.postgresql.Driver";

    /** Opens a new connection. */
    public abstract Connection open() throws SQLException;

    /** Where connections go, without secrets, for logs. */
    public abstract String describe();

    @Override
    public String toString() {
        return describe();
    }

    /**
     * Connections from the PostgreSQL driver, loaded by name so that the filter needs it only when used. Unless the
     * URL says otherwise, a connection attempt gives up after 5 s, a login after 10 s and a read after 30 s, so that
     * a network cut is noticed in seconds and the records go to the spool.
     *
     * @throws IllegalStateException when the driver is not on the class path, naming the artifact to add
     */
    public static ConnectionSource driver(String url, String user, String password) {
        Objects.requireNonNull(url, "url");
        Driver driver;
        try {
            ClassLoader loader = ConnectionSource.class.getClassLoader();
            driver = (Driver) Class.forName(DRIVER_CLASS, true, loader).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the PostgreSQL JDBC driver (" + DRIVER_CLASS + ") is not on the class"
                    + " path: add the artifact " + DRIVER_ARTIFACT + " to the application (WEB-INF/lib)", e);
        }
        Properties props = new Properties();
        props.setProperty("connectTimeout", "5");
        // The whole login too: a network that drops packets after the TCP handshake must not hold a connection
        // attempt (a visitor's my-data request, the shared state's refresh) for the 30 s of the read timeout.
        props.setProperty("loginTimeout", "10");
        props.setProperty("socketTimeout", "30");
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("ApplicationName", "erpex-privacy-filter");
        if (user != null && !user.isEmpty()) {
            props.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            props.setProperty("password", password);
        }
        String shown = Redaction.url(url);
        // What the driver's own messages might echo: the password, and the URL's secret parameters (sslpassword=...).
        List<String> secrets = new ArrayList<>(Redaction.urlSecrets(url));
        if (password != null && !password.isEmpty()) {
            secrets.add(password);
        }
        return new ConnectionSource() {
            @Override
            public Connection open() throws SQLException {
                Connection c;
                try {
                    // URL parameters override these properties in the PostgreSQL driver.
                    c = driver.connect(url, props);
                } catch (SQLException | RuntimeException e) {
                    throw redacted(e, secrets);
                }
                if (c == null) {
                    throw new SQLException("the PostgreSQL driver does not accept the URL " + shown, "08001");
                }
                return c;
            }

            @Override
            public String describe() {
                return shown;
            }
        };
    }

    /**
     * The driver's exception as the filter passes it on: same SQLState and error code, its message and every cause
     * scrubbed of the secrets, and the original not referenced, since its message and {@code toString()} are what a
     * log shows.
     */
    static SQLException redacted(Exception e, List<String> secrets) {
        String message = Redaction.scrub(e instanceof SQLException ? e.getMessage() : e.toString(), secrets);
        SQLException safe = e instanceof SQLException sql
                ? new SQLException(message, sql.getSQLState(), sql.getErrorCode())
                : new SQLException(message, "08001");
        safe.setStackTrace(e.getStackTrace());
        if (e.getCause() != null) {
            safe.initCause(Redaction.copy(e.getCause(), secrets));
        }
        return safe;
    }

    /**
     * Connections from a container {@link DataSource} found by JNDI ({@code java:comp/env/jdbc/visits}).
     *
     * @throws IllegalStateException when the name is not bound to a DataSource
     */
    public static ConnectionSource jndi(String name) {
        Object found;
        try {
            found = new InitialContext().lookup(name);
        } catch (NamingException e) {
            throw new IllegalStateException("no DataSource is bound to the JNDI name " + name + ": " + e.getMessage(), e);
        }
        if (!(found instanceof DataSource ds)) {
            throw new IllegalStateException("the JNDI name " + name + " is bound to "
                    + (found == null ? "nothing" : found.getClass().getName()) + ", not a javax.sql.DataSource");
        }
        return of(ds, "jndi:" + name);
    }

    /** Connections from a DataSource; for code users and tests. */
    public static ConnectionSource of(DataSource ds, String description) {
        Objects.requireNonNull(ds, "ds");
        return new ConnectionSource() {
            @Override
            public Connection open() throws SQLException {
                return ds.getConnection();
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }
}
