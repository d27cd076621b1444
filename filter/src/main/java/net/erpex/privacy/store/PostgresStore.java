package net.erpex.privacy.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import net.erpex.privacy.visit.LogRecord;
import net.erpex.privacy.visit.RecordSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Visit and consent records in PostgreSQL, with nothing lost while the database is away.
 *
 * <p>Each batch is one transaction of multi-row inserts into day partitions ({@link PgSchema}), created on demand
 * for the records' days; a record id already stored is skipped, so a batch retried after an unclear failure (the
 * connection cut during COMMIT) duplicates nothing. When the database does not answer or a batch fails, the batch
 * goes to the {@link Spool}, and so do all later batches until the spool is empty again: records reach the database
 * in the order they were recorded. The spool is replayed in chunks after each write and while the recorder is idle,
 * reconnecting with a backoff of up to {@value #MAX_BACKOFF_MILLIS} ms; a restart replays what a previous run left.
 *
 * <p>One connection, used only by the recorder thread (there is no pool to configure or exhaust). Retention runs
 * when {@link #maintain} says it is due, as soon as the database answers, on one node per day.
 */
public final class PostgresStore implements RecordSink, DataSubjectStore {

    /** Counters, all since the store was opened. */
    public record Stats(int spooled, int peakSpooled, long nearFullWarnings, long replayed, long databaseFailures,
                        boolean databaseUp) {
    }

    static final long MAX_BACKOFF_MILLIS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(PostgresStore.class);
    private static final int SEGMENT_RECORDS = 10_000;
    private static final int REPLAY_CHUNK = 1_000;
    private static final long WRITE_REPLAY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long IDLE_REPLAY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long CLOSE_REPLAY_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** "no partition of relation found for row" */
    private static final String NO_PARTITION = "23514";
    private static final Set<String> FATAL_STATES = Set.of("28000", "28P01", "3D000", "3F000", "42501", "55000");

    private final ConnectionSource source;
    private final Spool spool;
    private final Map<String, Duration> retention;
    private final Clock clock;
    private final Set<String> partitions = new HashSet<>();
    private Connection connection;
    /** Used only by the data-subject thread. */
    private Connection scanConnection;
    private boolean migrated;
    private long nextAttemptNanos;
    private long backoffMillis = 100;
    private long lastWarnMillis = Long.MIN_VALUE;
    private long lastSpoolWarnMillis = Long.MIN_VALUE;
    private Instant retentionDue;
    private volatile int spooled;
    private volatile int peakSpooled;
    private volatile long nearFullWarnings;
    private volatile long replayed;
    private volatile long databaseFailures;

    private PostgresStore(ConnectionSource source, Spool spool, Map<String, Duration> retention, Clock clock) {
        this.source = source;
        this.spool = spool;
        this.retention = Map.copyOf(retention);
        this.clock = clock;
        this.spooled = spool.size();
        this.peakSpooled = spool.peak();
    }

    /**
     * Opens the store: the spool, then the database, whose schema is created or migrated now. A database that does
     * not answer is not an error (records are spooled until it does); one that refuses the credentials, lacks the
     * database or schema, or denies the privileges is.
     *
     * @param retention how long each stream is kept
     * @throws IOException naming the problem, for a configuration error or an unusable spool directory
     */
    public static PostgresStore open(ConnectionSource source, Path spoolDir, int spoolMax,
            Map<String, Duration> retention, Clock clock) throws IOException {
        Objects.requireNonNull(source, "source");
        Spool spool = new Spool(spoolDir, spoolMax, SEGMENT_RECORDS);
        PostgresStore store = new PostgresStore(source, spool, retention, clock);
        try {
            store.connect();
            LOG.info("visit records go to PostgreSQL at {}{}", source, spool.isEmpty() ? ""
                    : "; " + spool.size() + " records left in the spool " + spoolDir + " by an earlier run are replayed");
        } catch (SQLException e) {
            if (FATAL_STATES.contains(e.getSQLState())) {
                spool.close();
                throw new IOException("PostgreSQL at " + source + " refused: " + e.getMessage() + " (SQLState "
                        + e.getSQLState() + ")", e);
            }
            store.down(e, "connecting at start");
        }
        return store;
    }

    @Override
    public void write(List<LogRecord> batch) throws IOException {
        if (spool.isEmpty() && ready()) {
            try {
                insert(PgRecords.rows(batch));
                return;
            } catch (SQLException e) {
                down(e, "writing " + batch.size() + " records");
            }
        }
        spool.append(batch);
        noteSpool();
        replay(WRITE_REPLAY_NANOS);
    }

    @Override
    public void idle(Instant now) throws IOException {
        runRetentionIfDue();
        replay(IDLE_REPLAY_NANOS);
    }

    /** Makes retention due; it runs now if the database answers, else as soon as it does. */
    @Override
    public void maintain(Instant now) {
        retentionDue = now;
        runRetentionIfDue();
    }

    /**
     * On the data-subject thread, with a connection of its own (the recorder's stays the recorder's): the spool first,
     * then the tables, so that a record replayed from one to the other meanwhile is found in one of them.
     */
    @Override
    public List<FoundRecord> find(SubjectQuery query) throws IOException {
        Map<String, FoundRecord> found = new LinkedHashMap<>();
        for (FoundRecord r : spool.find(query)) {
            found.put(r.stream() + "/" + r.id(), r);
        }
        try {
            for (FoundRecord r : PgRecords.find(scanConnection(), query)) {
                found.putIfAbsent(r.stream() + "/" + r.id(), r);
            }
        } catch (SQLException e) {
            throw scanFailed(e);
        }
        List<FoundRecord> all = new ArrayList<>(found.values());
        all.sort(Comparator.comparing(FoundRecord::time));
        return all;
    }

    /**
     * On the data-subject thread: the spool first (a replay cannot take a record out of it meanwhile), then the tables,
     * where a record replayed before that now is.
     */
    @Override
    public Map<String, Integer> erase(SubjectQuery query) throws IOException {
        Map<String, Set<String>> ids = new LinkedHashMap<>(spool.erase(query));
        spooled = spool.size();
        try {
            Connection c = scanConnection();
            c.setAutoCommit(false);
            PgRecords.erase(c, query).forEach((stream, deleted) ->
                    ids.computeIfAbsent(stream, s -> new HashSet<>()).addAll(deleted));
            c.commit();
            c.setAutoCommit(true);
        } catch (SQLException e) {
            throw scanFailed(e);
        }
        Map<String, Integer> counts = new TreeMap<>();
        ids.forEach((stream, set) -> counts.put(stream, set.size()));
        return counts;
    }

    /** The data-subject thread's connection, opened when first needed and after a failure. */
    private Connection scanConnection() throws IOException {
        if (scanConnection == null) {
            try {
                Connection c = source.open();
                try (Statement s = c.createStatement()) {
                    s.execute("SET TIME ZONE 'UTC'");
                }
                scanConnection = c;
            } catch (SQLException e) {
                throw new IOException("the PostgreSQL store does not answer: " + e.getMessage(), e);
            }
        }
        return scanConnection;
    }

    private IOException scanFailed(SQLException e) {
        if (scanConnection != null) {
            closeQuietly(scanConnection);
            scanConnection = null;
        }
        return new IOException("the PostgreSQL store failed: " + e.getMessage(), e);
    }

    /** Current counters; readable from any thread. */
    public Stats stats() {
        return new Stats(spooled, peakSpooled, nearFullWarnings, replayed, databaseFailures, connection != null);
    }

    /**
     * Replays what it can of the spool (one connection attempt, whatever the backoff says, then up to 10 s), then
     * lets go of the connection. What is left stays in the spool for the next start.
     */
    @Override
    public void close() throws IOException {
        try {
            nextAttemptNanos = System.nanoTime();
            replay(CLOSE_REPLAY_NANOS);
            if (!spool.isEmpty()) {
                LOG.warn("{} visit and consent records stay in the spool {}; they are written to PostgreSQL when this"
                        + " application starts again with the database answering", spool.size(), spool);
            }
        } finally {
            disconnect();
            if (scanConnection != null) {
                closeQuietly(scanConnection);
            }
            spool.close();
        }
    }

    @Override
    public String toString() {
        return "PostgresStore[" + source + "]";
    }

    private void insert(List<PgRecords.Row> rows) throws SQLException {
        try {
            insertOnce(rows);
        } catch (SQLException e) {
            if (!NO_PARTITION.equals(e.getSQLState())) {
                throw e;
            }
            // Another node's retention dropped a partition this node had seen: create it again.
            connection.rollback();
            connection.setAutoCommit(true);
            partitions.clear();
            insertOnce(rows);
        }
    }

    private void insertOnce(List<PgRecords.Row> rows) throws SQLException {
        for (PgRecords.Row row : rows) {
            LocalDate day = LocalDate.ofInstant(row.ts().toInstant(), ZoneOffset.UTC);
            String key = row.stream() + "/" + day;
            if (!partitions.contains(key)) {
                PgSchema.ensureStream(connection, row.stream());
                PgSchema.ensurePartition(connection, row.stream(), day);
                partitions.add(key);
            }
        }
        connection.setAutoCommit(false);
        PgRecords.insert(connection, rows);
        connection.commit();
        connection.setAutoCommit(true);
    }

    private void replay(long budgetNanos) throws IOException {
        long deadline = System.nanoTime() + budgetNanos;
        while (!spool.isEmpty() && System.nanoTime() < deadline && ready()) {
            int taken;
            // Under the spool's lock from peek to remove: an erasure in between would be undone by the insert.
            synchronized (spool) {
                List<StoredRecord> chunk = spool.peek(REPLAY_CHUNK);
                try {
                    insert(PgRecords.rows(chunk));
                } catch (SQLException e) {
                    down(e, "replaying the spool");
                    return;
                }
                spool.remove(chunk);
                taken = chunk.size();
            }
            replayed += taken;
            spooled = spool.size();
            if (spool.isEmpty()) {
                LOG.info("the spool is replayed: every record is in PostgreSQL at {}", source);
            }
        }
    }

    private void runRetentionIfDue() {
        if (retentionDue == null || !ready()) {
            return;
        }
        Instant now = retentionDue;
        try {
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            for (String stream : retention.keySet()) {
                PgSchema.ensurePartition(connection, stream, today);
                PgSchema.ensurePartition(connection, stream, today.plusDays(1));
            }
            List<String> dropped = PgSchema.applyRetention(connection, now, retention);
            retentionDue = null;
            if (dropped == null) {
                LOG.debug("retention: another node has done today's run or is doing it");
            } else if (!dropped.isEmpty()) {
                partitions.clear();
                LOG.info("retention dropped {} partitions older than their retention: {}", dropped.size(), dropped);
            }
        } catch (SQLException e) {
            down(e, "applying retention");
        }
    }

    /** Whether the database can be used now: connected, or reconnected once the backoff has passed. */
    private boolean ready() {
        if (connection != null) {
            return true;
        }
        if (System.nanoTime() - nextAttemptNanos < 0) {
            return false;
        }
        try {
            connect();
            return true;
        } catch (SQLException e) {
            down(e, "reconnecting");
            return false;
        }
    }

    private void connect() throws SQLException {
        Connection c = source.open();
        try (Statement s = c.createStatement()) {
            s.execute("SET TIME ZONE 'UTC'");
            if (!migrated) {
                PgSchema.migrate(c);
                migrated = true;
            }
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
        boolean wasDown = databaseFailures > 0;
        connection = c;
        backoffMillis = 100;
        if (wasDown) {
            LOG.info("PostgreSQL at {} answers again{}", source, spool.isEmpty() ? ""
                    : "; replaying " + spool.size() + " spooled records");
        }
    }

    private void down(SQLException e, String what) {
        databaseFailures++;
        disconnect();
        nextAttemptNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMillis);
        backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
        long now = clock.millis();
        if (lastWarnMillis == Long.MIN_VALUE || now - lastWarnMillis >= 60_000) {
            lastWarnMillis = now;
            LOG.warn("PostgreSQL at {} failed while {} ({}, SQLState {}); records go to the spool {} and are written"
                    + " when it answers again", source, what, e.getMessage(), e.getSQLState(), spool);
        }
    }

    private void noteSpool() {
        spooled = spool.size();
        peakSpooled = Math.max(peakSpooled, spooled);
        if ((long) spooled * 5 >= (long) spool.max() * 4) {
            nearFullWarnings++;
            long now = clock.millis();
            if (lastSpoolWarnMillis == Long.MIN_VALUE || now - lastSpoolWarnMillis >= 60_000) {
                lastSpoolWarnMillis = now;
                LOG.warn("the spool {} holds {} of at most {} records (visits.spool-max): when it is full the recorder"
                        + " stops taking records and visits.overflow applies; is PostgreSQL at {} down?", spool,
                        spooled, spool.max(), source);
            }
        }
    }

    private void disconnect() {
        if (connection != null) {
            closeQuietly(connection);
            connection = null;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing a broken connection failed", e);
        }
    }
}
