package net.erpex.privacy.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * <p>Each batch is one transaction into day partitions ({@link PgSchema}), created on demand for the records' days:
 * {@code COPY} into a temporary table and one {@code INSERT ... ON CONFLICT DO NOTHING} per stream ({@link PgCopy}),
 * or multi-row inserts where the driver's copy API is out of reach. A record id already stored is skipped, so a batch
 * retried after an unclear failure (the connection cut during COMMIT) duplicates nothing. When the database does not
 * answer or a batch fails, the batch goes to the {@link Spool}, and so do all later batches until the spool is empty
 * again: records reach the database in the order they were recorded. The spool is replayed in chunks after each write
 * and while the recorder is idle, reconnecting in the background (the recorder never waits for a connection attempt)
 * with a backoff of up to {@value PgLink#MAX_BACKOFF_MILLIS} ms; a restart replays what a previous run left.
 *
 * <p>The recorder thread writes through one connection ({@link PgLink}; there is no pool to configure or exhaust), and
 * a visitor's access and erasure requests use one of their own ({@link PgScans}). Retention runs when
 * {@link #maintain} says it is due, as soon as the database answers, on one node per day.
 */
public final class PostgresStore implements RecordSink, DataSubjectStore {

    /** Counters, all since the store was opened. */
    public record Stats(int spooled, int peakSpooled, long nearFullWarnings, long replayed, long databaseFailures,
                        boolean databaseUp) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(PostgresStore.class);
    private static final int SEGMENT_RECORDS = 10_000;
    private static final int REPLAY_CHUNK = 1_000;
    private static final long WRITE_REPLAY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long IDLE_REPLAY_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Closing replays for this long at most: the container's stop timeout is short, and the spool keeps the rest. */
    private static final long CLOSE_REPLAY_NANOS = TimeUnit.SECONDS.toNanos(3);

    private final ConnectionSource source;
    private final Spool spool;
    private final PgLink link;
    private final PgScans scans;
    private final Map<String, Duration> retention;
    private final Clock clock;
    private long lastSpoolWarnMillis = Long.MIN_VALUE;
    private Instant retentionDue;
    private volatile int spooled;
    private volatile int peakSpooled;
    private volatile long nearFullWarnings;
    private volatile long replayed;

    private PostgresStore(ConnectionSource source, Spool spool, Map<String, Duration> retention, Clock clock) {
        this.source = source;
        this.spool = spool;
        this.link = new PgLink(source, clock, () -> "the spool " + spool);
        this.scans = new PgScans(source);
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
            store.link.connect();
            LOG.info("visit records go to PostgreSQL at {}{}", source, spool.isEmpty() ? ""
                    : "; " + spool.size() + " records left in the spool " + spoolDir + " by an earlier run are replayed");
        } catch (SQLException e) {
            if (PgLink.FATAL_STATES.contains(e.getSQLState())) {
                spool.close();
                throw new IOException("PostgreSQL at " + source + " refused: " + e.getMessage() + " (SQLState "
                        + e.getSQLState() + ")", e);
            }
            store.link.down(e, "connecting at start");
        }
        return store;
    }

    @Override
    public void write(List<LogRecord> batch) throws IOException {
        if (spool.isEmpty() && link.ready()) {
            try {
                // Fresh: these records were never sent, so they may be copied straight into their table.
                link.insert(PgRecords.rows(batch), true);
                return;
            } catch (SQLException e) {
                link.down(e, "writing " + batch.size() + " records");
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
     * On the data-subject thread: the spool first, then the tables, so that a record replayed from one to the other
     * meanwhile is found in one of them.
     */
    @Override
    public List<FoundRecord> find(SubjectQuery query) throws IOException {
        Map<String, FoundRecord> found = new LinkedHashMap<>();
        for (FoundRecord r : spool.find(query)) {
            found.put(r.stream() + "/" + r.id(), r);
        }
        for (FoundRecord r : scans.find(query)) {
            found.putIfAbsent(r.stream() + "/" + r.id(), r);
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
        scans.erase(query).forEach((stream, deleted) ->
                ids.computeIfAbsent(stream, s -> new HashSet<>()).addAll(deleted));
        Map<String, Integer> counts = new TreeMap<>();
        ids.forEach((stream, set) -> counts.put(stream, set.size()));
        return counts;
    }

    /** Current counters; readable from any thread. */
    public Stats stats() {
        return new Stats(spooled, peakSpooled, nearFullWarnings, replayed, link.failures(), link.connected());
    }

    /**
     * Replays what it can of the spool within 3 s (a connection attempt, whatever the backoff says, included), then
     * lets go of the connections. What is left stays in the spool, on disk, for the next start.
     */
    @Override
    public void close() throws IOException {
        try {
            long deadline = System.nanoTime() + CLOSE_REPLAY_NANOS;
            if (!spool.isEmpty() && link.awaitReady(deadline)) {
                replay(deadline - System.nanoTime());
            }
            if (!spool.isEmpty()) {
                LOG.warn("{} visit and consent records stay in the spool {}; they are written to PostgreSQL when this"
                        + " application starts again with the database answering", spool.size(), spool);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            link.close();
            scans.close();
            spool.close();
        }
    }

    @Override
    public String toString() {
        return "PostgresStore[" + source + "]";
    }

    private void replay(long budgetNanos) throws IOException {
        long deadline = System.nanoTime() + budgetNanos;
        while (!spool.isEmpty() && System.nanoTime() < deadline && link.ready()) {
            int taken;
            // Under the spool's lock from peek to remove: an erasure in between would be undone by the insert.
            synchronized (spool) {
                List<StoredRecord> chunk = spool.peek(REPLAY_CHUNK);
                try {
                    // Not fresh: a spooled batch's commit may have reached the database before its answer was lost.
                    link.insert(PgRecords.rows(chunk), false);
                } catch (SQLException e) {
                    link.down(e, "replaying the spool");
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
        if (retentionDue != null && link.ready() && link.applyRetention(retentionDue, retention)) {
            retentionDue = null;
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
}
