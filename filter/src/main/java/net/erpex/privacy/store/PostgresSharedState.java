package net.erpex.privacy.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import net.erpex.privacy.shared.Gcra;
import net.erpex.privacy.shared.MemorySharedState;
import net.erpex.privacy.shared.SharedState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SharedState} in the PostgreSQL store, shared by every node that writes there: a claim is one atomic
 * {@code INSERT … ON CONFLICT DO UPDATE … WHERE} the earlier claim has expired (table {@code erpex_claims}), a rate
 * bucket one atomic upsert of its theoretical arrival time ({@code erpex_rate_buckets}, see {@link Gcra}). Expired rows
 * are deleted by the store's daily retention run.
 *
 * <p>Revoked sessions are checked on every request, so never against the database: each node keeps them in memory
 * and re-reads the live ones every {@link #REFRESH} on a thread of its own, while the node that revokes applies it at
 * once. A revocation made on another node therefore takes effect here within {@link #REFRESH} (plus one query).
 *
 * <p>When the database does not answer (or {@link #POOL} connections are all busy for a second), the answer comes
 * from this node's memory, which holds every claim this node made or read: single use and rate limits then hold per
 * node until the database is back. Such answers are counted ({@code shared-state-degraded}), failures too
 * ({@code shared-state-failures}), the first of an outage is logged; after a failure the database is left alone for
 * {@link #RETRY_AFTER}, so that a dead database costs requests no connect timeouts. Statements time out after
 * {@value #QUERY_TIMEOUT_SECONDS} s.
 */
public final class PostgresSharedState implements SharedState {

    /** How often revocations made on other nodes are read. */
    public static final Duration REFRESH = Duration.ofSeconds(5);
    /** How long the database is left alone after a failure. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(10);
    /** Connections kept open for claims at most. */
    static final int POOL = 4;
    static final int QUERY_TIMEOUT_SECONDS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(PostgresSharedState.class);
    private static final String CLAIM = "INSERT INTO erpex_claims AS c (kind, key, expires_ms) VALUES (?, ?, ?)"
            + " ON CONFLICT (kind, key) DO UPDATE SET expires_ms = excluded.expires_ms WHERE c.expires_ms <= ?";
    private static final String TAKE = "INSERT INTO erpex_rate_buckets AS b (bucket, tat_us) VALUES (?, ?)"
            + " ON CONFLICT (bucket) DO UPDATE SET tat_us = GREATEST(b.tat_us, ?) + ?"
            + " WHERE GREATEST(b.tat_us, ?) + ? - ? <= ?";
    private static final String REVOKED = "SELECT key, expires_ms FROM erpex_claims WHERE kind = ? AND expires_ms > ?";

    private final ConnectionSource source;
    private final Clock clock;
    private final MemorySharedState memory;
    private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(POOL);
    private final Semaphore slots = new Semaphore(POOL);
    private final ScheduledExecutorService refresher;
    private final LongAdder failures = new LongAdder();
    private final LongAdder degraded = new LongAdder();
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile long leftAloneUntil = System.nanoTime();
    private volatile boolean migrated;
    private volatile boolean closed;

    private PostgresSharedState(ConnectionSource source, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.memory = MemorySharedState.inMemory(clock);
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "privacy-shared-state-refresh");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the state and its refresh thread; the first refresh runs at once. Never fails for the database. */
    public static PostgresSharedState start(ConnectionSource source, Clock clock) {
        PostgresSharedState state = new PostgresSharedState(source, clock);
        state.refresher.scheduleWithFixedDelay(state::refresh, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        return state;
    }

    @Override
    public boolean claim(Kind kind, String key, Instant expires) {
        if (memory.isClaimed(kind, key)) {
            return false; // claimed here or read from the database already: no round trip needed to say no
        }
        long now = clock.millis();
        Boolean won = withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
                ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                ps.setString(1, kind.label());
                ps.setString(2, key);
                ps.setLong(3, expires.toEpochMilli());
                ps.setLong(4, now);
                return ps.executeUpdate() == 1;
            }
        });
        if (won == null) {
            degraded.increment();
            return memory.claim(kind, key, expires);
        }
        if (won) {
            memory.remember(kind, key, expires);
        }
        return won;
    }

    @Override
    public boolean isClaimed(Kind kind, String key) {
        return memory.isClaimed(kind, key);
    }

    @Override
    public boolean tryTake(String bucket, int permits, Duration period) {
        if (!SharedState.validBucket(bucket)) {
            return false;
        }
        Gcra.Step step = Gcra.step(clock, permits, period);
        long now = step.now();
        long emission = step.emission();
        long limit = step.period();
        Boolean taken = withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(TAKE)) {
                ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                ps.setString(1, bucket);
                ps.setLong(2, now + emission);
                ps.setLong(3, now);
                ps.setLong(4, emission);
                ps.setLong(5, now);
                ps.setLong(6, emission);
                ps.setLong(7, now);
                ps.setLong(8, limit);
                return ps.executeUpdate() == 1;
            }
        });
        if (taken == null) {
            degraded.increment();
            return memory.tryTake(bucket, permits, period);
        }
        return taken;
    }

    @Override
    public Duration propagationDelay() {
        return REFRESH;
    }

    @Override
    public Map<String, Long> stats() {
        return Map.of("shared-state-failures", failures.sum(), "shared-state-degraded", degraded.sum());
    }

    /** Reads the live revocations of every node into this node's memory. */
    void refresh() {
        if (closed) {
            return;
        }
        long now = clock.millis();
        Integer read = withConnection(c -> {
            int n = 0;
            try (PreparedStatement ps = c.prepareStatement(REVOKED)) {
                ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                ps.setString(1, Kind.REVOKED_SESSION.label());
                ps.setLong(2, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        memory.remember(Kind.REVOKED_SESSION, rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)));
                        n++;
                    }
                }
            }
            return n;
        });
        if (read != null) {
            LOG.trace("{} live session revocations read", read);
        }
    }

    @Override
    public void close() {
        closed = true;
        refresher.shutdownNow();
        Connection c;
        while ((c = idle.poll()) != null) {
            closeQuietly(c);
        }
        memory.close();
    }

    /** Work on one connection. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** The work's result, or null when the database is being left alone, busy or failing (then counted). */
    private <T> T withConnection(Work<T> work) {
        if (closed || System.nanoTime() - leftAloneUntil < 0) {
            return null;
        }
        try {
            if (!slots.tryAcquire(1, TimeUnit.SECONDS)) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        Connection c = idle.poll();
        try {
            if (c == null) {
                c = source.open();
            }
            if (!migrated) {
                // The store migrates too; whichever connects first creates the tables, under an advisory lock.
                PgSchema.migrate(c);
                migrated = true;
            }
            T result = work.run(c);
            if (!idle.offer(c)) {
                closeQuietly(c);
            }
            if (down.compareAndSet(true, false)) {
                LOG.info("PostgreSQL at {} answers again: single use, rate limits and revocations are shared by all"
                        + " nodes again", source);
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            if (c != null) {
                closeQuietly(c);
            }
            failures.increment();
            leftAloneUntil = System.nanoTime() + RETRY_AFTER.toNanos();
            if (down.compareAndSet(false, true)) {
                LOG.warn("PostgreSQL at {} failed for the shared state ({}): until it answers, single use, rate limits"
                        + " and revocations hold on each node separately (counted as shared-state-degraded)", source,
                        e.getMessage());
            } else {
                LOG.debug("shared state: PostgreSQL failed again", e);
            }
            return null;
        } finally {
            slots.release();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // the connection is being dropped anyway
        }
    }
}
