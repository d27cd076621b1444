package net.erpex.privacy.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder's one connection to PostgreSQL: opened (and the schema migrated) at start, given up on failure and
 * reopened after a backoff of 0.1 s doubling to {@value #MAX_BACKOFF_MILLIS} ms; batches written in one transaction
 * each (with {@link PgCopy} when the driver allows it, else multi-row inserts), into day partitions created on
 * demand; retention run through it. Used by the recorder thread only.
 *
 * <p>A reconnection runs on a thread of its own ({@value #CONNECT_THREAD}) and the recorder only looks whether it has
 * succeeded: a database whose address drops packets holds a connection attempt until the driver's login timeout,
 * and the recorder meanwhile goes on spooling, and stops when asked, instead of waiting for it. The one wait on the
 * network the recorder still has is a statement in flight, bounded by {@link #NETWORK_TIMEOUT_MILLIS}.
 */
final class PgLink {

    static final long MAX_BACKOFF_MILLIS = 5_000;
    /** "no partition of relation found for row" */
    static final String NO_PARTITION = "23514";
    /** Refused credentials, missing database or schema, denied privileges, a newer schema: configuration errors. */
    static final Set<String> FATAL_STATES = Set.of("28000", "28P01", "3D000", "3F000", "42501", "55000");

    /**
     * The longest one batch may wait on the network: a cut that drops packets (rather than refusing them) is noticed
     * in this time, not the driver's 30 s read timeout, and the batch goes to the spool, also while closing.
     */
    static final int NETWORK_TIMEOUT_MILLIS = 10_000;
    static final String CONNECT_THREAD = "erpex-visit-store-connect";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresStore.class);

    private final ConnectionSource source;
    private final Clock clock;
    /** Says where records go meanwhile, for the warning when the database fails. */
    private final Supplier<String> fallback;
    private final Set<String> partitions = new HashSet<>();
    private Connection connection;
    private PgCopy copy;
    /** A reconnection in progress, or null. */
    private CompletableFuture<Connection> attempt;
    private Thread attemptThread;
    private volatile boolean migrated;
    private long nextAttemptNanos;
    private long backoffMillis = 100;
    private long lastWarnMillis = Long.MIN_VALUE;
    private volatile long failures;

    PgLink(ConnectionSource source, Clock clock, Supplier<String> fallback) {
        this.source = source;
        this.clock = clock;
        this.fallback = fallback;
    }

    /** Database failures since the store was opened. */
    long failures() {
        return failures;
    }

    boolean connected() {
        return connection != null;
    }

    /** Connects now, on this thread, whatever the backoff says: at start, where a wrong configuration must fail. */
    void connect() throws SQLException {
        adopt(open());
    }

    /** A new connection, set up, with the schema migrated; any thread. */
    private Connection open() throws SQLException {
        Connection c = source.open();
        try (Statement s = c.createStatement()) {
            c.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS);
            s.execute("SET TIME ZONE 'UTC'");
            if (!migrated) {
                PgSchema.migrate(c);
                migrated = true;
            }
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
        return c;
    }

    private void adopt(Connection c) {
        boolean wasDown = failures > 0;
        connection = c;
        copy = PgCopy.of(c);
        backoffMillis = 100;
        if (wasDown) {
            LOG.info("PostgreSQL at {} answers again", source);
        }
    }

    /**
     * Whether the database can be used now. When it is not connected and the backoff has passed, starts a
     * reconnection in the background and answers false; a later call adopts the connection once it is made.
     */
    boolean ready() {
        if (connection != null) {
            return true;
        }
        if (attempt != null) {
            return attempt.isDone() && adoptAttempt();
        }
        if (System.nanoTime() - nextAttemptNanos >= 0) {
            startAttempt();
        }
        return false;
    }

    /**
     * Waits until {@code deadlineNanos} (of {@link System#nanoTime}) at most for a reconnection, starting one now
     * whatever the backoff says; for a last replay when closing.
     *
     * @return whether the database can be used now
     */
    boolean awaitReady(long deadlineNanos) throws InterruptedException {
        if (connection != null) {
            return true;
        }
        if (attempt == null) {
            startAttempt();
        }
        try {
            attempt.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // adoptAttempt tells the failure; a timeout leaves the attempt running for abandon() to end
        }
        return attempt.isDone() && adoptAttempt();
    }

    private void startAttempt() {
        CompletableFuture<Connection> next = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                next.complete(open());
            } catch (SQLException | RuntimeException e) {
                next.completeExceptionally(e);
            }
        }, CONNECT_THREAD);
        t.setDaemon(true);
        attempt = next;
        attemptThread = t;
        t.start();
    }

    /** Takes the finished attempt's connection, or notes its failure. */
    private boolean adoptAttempt() {
        CompletableFuture<Connection> done = attempt;
        attempt = null;
        attemptThread = null;
        try {
            adopt(done.join());
            return true;
        } catch (CompletionException e) {
            down(e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause().toString(), "08001",
                    e.getCause()), "reconnecting");
            return false;
        }
    }

    /** The database failed: the connection goes, the next attempt waits for the backoff; warns once a minute. */
    void down(SQLException e, String what) {
        failures++;
        disconnect();
        nextAttemptNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMillis);
        backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
        long now = clock.millis();
        if (lastWarnMillis == Long.MIN_VALUE || now - lastWarnMillis >= 60_000) {
            lastWarnMillis = now;
            LOG.warn("PostgreSQL at {} failed while {} ({}, SQLState {}); records go to {} and are written when it"
                    + " answers again", source, what, e.getMessage(), e.getSQLState(), fallback.get());
        }
    }

    /**
     * Writes the rows in one transaction; requires {@link #ready}.
     *
     * @param fresh whether the rows were never sent before (see {@link PgCopy#insert})
     */
    void insert(List<PgRecords.Row> rows, boolean fresh) throws SQLException {
        try {
            insertOnce(rows, fresh);
        } catch (SQLException e) {
            if (NO_PARTITION.equals(e.getSQLState())) {
                // Another node's retention dropped a partition this node had seen: create it again.
                partitions.clear();
            } else if (copy != null && PgCopy.UNDEFINED_TABLE.equals(e.getSQLState())) {
                copy.forgetTable();
            } else if (!(fresh && PgCopy.UNIQUE_VIOLATION.equals(e.getSQLState()))) {
                throw e;
            }
            connection.rollback();
            connection.setAutoCommit(true);
            // The load table's creation was rolled back with the batch, if it was in it.
            if (copy != null) {
                copy.forgetTable();
            }
            // Nothing of the failed attempt was committed; after a conflict, the batch goes the way that skips ids
            // already stored.
            insertOnce(rows, fresh && !PgCopy.UNIQUE_VIOLATION.equals(e.getSQLState()));
        }
    }

    private void insertOnce(List<PgRecords.Row> rows, boolean fresh) throws SQLException {
        String lastStream = null;
        long lastDay = Long.MIN_VALUE;
        for (PgRecords.Row row : rows) {
            long epochDay = Math.floorDiv(row.time().getEpochSecond(), 86_400);
            // Rows come in runs of one stream and day: the set is asked once per run, not once per row.
            if (epochDay == lastDay && row.stream().equals(lastStream)) {
                continue;
            }
            lastStream = row.stream();
            lastDay = epochDay;
            LocalDate day = LocalDate.ofEpochDay(epochDay);
            String key = row.stream() + "/" + day;
            if (!partitions.contains(key)) {
                PgSchema.ensureStream(connection, row.stream());
                PgSchema.ensurePartition(connection, row.stream(), day);
                partitions.add(key);
            }
        }
        connection.setAutoCommit(false);
        if (copy != null) {
            copy.insert(connection, rows, fresh);
        } else {
            PgRecords.insert(connection, rows);
        }
        connection.commit();
        connection.setAutoCommit(true);
    }

    /**
     * Creates today's and tomorrow's partitions and drops those older than their retention, on one node per day.
     *
     * @return whether the run is done (here or by another node); false when the database failed
     */
    boolean applyRetention(Instant now, Map<String, Duration> retention) {
        try {
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            for (String stream : retention.keySet()) {
                PgSchema.ensurePartition(connection, stream, today);
                PgSchema.ensurePartition(connection, stream, today.plusDays(1));
            }
            List<String> dropped = PgSchema.applyRetention(connection, now, retention);
            if (dropped == null) {
                LOG.debug("retention: another node has done today's run or is doing it");
            } else if (!dropped.isEmpty()) {
                partitions.clear();
                LOG.info("retention dropped {} partitions older than their retention: {}", dropped.size(), dropped);
            }
            return true;
        } catch (SQLException e) {
            down(e, "applying retention");
            return false;
        }
    }

    void disconnect() {
        if (connection != null) {
            closeQuietly(connection);
            connection = null;
            copy = null;
        }
    }

    /**
     * Lets go of the connection and of a reconnection still in progress, whose connection is closed as soon as it is
     * made; its thread is interrupted, which ends a wait for the driver's login timeout.
     */
    void close() {
        disconnect();
        if (attempt != null) {
            attempt.thenAccept(PgLink::closeQuietly);
            attemptThread.interrupt();
            attempt = null;
            attemptThread = null;
        }
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing a broken connection failed", e);
        }
    }

    @Override
    public String toString() {
        return source.toString();
    }
}
