package net.erpex.privacy.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables of the PostgreSQL store, in the connection's current schema: creates and migrates them (versioned,
 * idempotent, one node at a time under an advisory lock), creates day partitions, and drops the partitions whose
 * whole day is older than the retention.
 *
 * <p>Each stream has a table {@code erpex_<stream>} partitioned by range of {@code ts}, one partition per UTC day
 * ({@code erpex_<stream>_pYYYYMMDD}) and no default partition, so that retention drops whole partitions. The key is
 * {@code (id, ts)}: a unique key of a partitioned table must contain the partition key, and a record's id always
 * comes with the same time, so a replayed record is recognised wherever it is. Advisory lock keys are derived from
 * the schema name, so that sites (and tests) in separate schemas of one database do not wait for each other.
 */
final class PgSchema {

    /** The newest schema version this code knows. */
    static final int VERSION = 4;

    /**
     * The type of the record column from version 4: {@code json}, which PostgreSQL checks for valid JSON and keeps as
     * the text it was given. The store only ever writes a record whole and reads it back whole (export, erasure); it
     * never queries inside one, which is what {@code jsonb}'s parsed form is for. Parsing every row into {@code jsonb}
     * was half of the database's time per row: 200,000 visit rows took 3.3 to 4.1 s to {@code COPY} into a
     * {@code jsonb} table and 2.2 s into a {@code json} one (PostgreSQL 15, same indexes). The operators
     * ({@code record->>'path'}) work on both.
     */
    static final String RECORD_TYPE = "json";

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Pattern UPPER_BOUND = Pattern.compile("TO \\('([^']+)'\\)");
    private static final DateTimeFormatter BOUND = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss[.SSSSSS][.SSS]X");

    private PgSchema() {
    }

    /** The table of a stream: {@code erpex_visits}, {@code erpex_consents}. */
    static String table(String stream) {
        return "erpex_" + stream.replace('-', '_');
    }

    /** Creates or upgrades the schema; safe when several nodes start at once. Commits. */
    static void migrate(Connection c) throws SQLException {
        migrate(c, VERSION);
    }

    /**
     * Creates or upgrades the schema up to {@code target} (tests build an older schema with it). Version 1: the visit
     * and consent tables. Version 2: {@code erpex_claims} and {@code erpex_rate_buckets}, the state shared by the
     * nodes (see {@code PostgresSharedState}), with the expiry column the retention run deletes by. Version 3: the
     * cheaper indexes of {@link #indexes}, rebuilt over the rows already stored (on a large database the first start
     * of version 3 takes that long, other nodes spooling meanwhile). Version 4: the record column is {@code json}
     * rather than {@code jsonb} (see {@link #RECORD_TYPE}); the tables already there are converted, which rewrites
     * them, so on a large database the first start of version 4 takes a while too. A node still on an older version
     * keeps writing meanwhile and afterwards: PostgreSQL assigns its {@code jsonb} to the {@code json} column.
     */
    static void migrate(Connection c, int target) throws SQLException {
        inTransaction(c, s -> {
            lock(c, "migrate");
            s.execute("CREATE TABLE IF NOT EXISTS erpex_schema_version (version integer PRIMARY KEY,"
                    + " applied_at timestamptz NOT NULL DEFAULT now(), description text NOT NULL)");
            int current;
            try (ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM erpex_schema_version")) {
                rs.next();
                current = rs.getInt(1);
            }
            if (current > VERSION) {
                throw new SQLException("the database schema is at version " + current + ", newer than this filter's "
                        + VERSION + ": upgrade the filter on this node", "55000");
            }
            if (current < 1 && target >= 1) {
                s.execute("CREATE TABLE erpex_streams (stream text PRIMARY KEY, table_name text NOT NULL UNIQUE)");
                s.execute("CREATE TABLE erpex_maintenance (task text PRIMARY KEY, last_day date NOT NULL,"
                        + " done_at timestamptz NOT NULL)");
                createStreamTable(s, "visits", 1);
                createStreamTable(s, "consents", 1);
                s.execute("INSERT INTO erpex_schema_version (version, description) VALUES (1, 'visit and consent"
                        + " tables partitioned by day')");
            }
            if (current < 2 && target >= 2) {
                s.execute("CREATE TABLE erpex_claims (kind text NOT NULL, key text NOT NULL, expires_ms bigint NOT NULL,"
                        + " PRIMARY KEY (kind, key))");
                s.execute("CREATE INDEX erpex_claims_expires ON erpex_claims (expires_ms)");
                s.execute("CREATE TABLE erpex_rate_buckets (bucket text PRIMARY KEY, tat_us bigint NOT NULL)");
                s.execute("CREATE INDEX erpex_rate_buckets_tat ON erpex_rate_buckets (tat_us)");
                s.execute("INSERT INTO erpex_schema_version (version, description) VALUES (2, 'claims and rate"
                        + " buckets shared by the nodes')");
            }
            if (current < 3 && target >= 3) {
                for (String stream : streams(c)) {
                    // On the partitioned table: PostgreSQL drops and builds the index of every partition with it.
                    String t = table(stream);
                    for (String old : List.of("_session", "_consent_id", "_ip_ts")) {
                        s.execute("DROP INDEX IF EXISTS " + t + old);
                    }
                    for (String index : indexes(t, 3)) {
                        s.execute(index);
                    }
                }
                s.execute("INSERT INTO erpex_schema_version (version, description) VALUES (3, 'hash indexes on"
                        + " session and ip, consent id index only over rows that have one')");
            }
            if (current < 4 && target >= 4) {
                for (String stream : streams(c)) {
                    String t = table(stream);
                    if (!RECORD_TYPE.equals(recordType(c, t))) {
                        s.execute("ALTER TABLE " + t + " ALTER COLUMN record TYPE " + RECORD_TYPE + " USING record::"
                                + RECORD_TYPE);
                    }
                }
                s.execute("INSERT INTO erpex_schema_version (version, description) VALUES (4, 'records stored as"
                        + " json text, not parsed into jsonb')");
            }
            return null;
        });
    }

    /** Creates the table of a stream the schema does not know yet (idempotent). Commits. */
    static void ensureStream(Connection c, String stream) throws SQLException {
        inTransaction(c, s -> {
            lock(c, "partitions");
            createStreamTable(s, stream, VERSION);
            return null;
        });
    }

    /** The table of a stream and its indexes as schema version {@code version} has them. */
    private static void createStreamTable(Statement s, String stream, int version) throws SQLException {
        String t = table(stream);
        s.execute("CREATE TABLE IF NOT EXISTS " + t + " (id uuid NOT NULL, ts timestamptz NOT NULL,"
                + " session text NOT NULL DEFAULT '', ip text NOT NULL DEFAULT '',"
                + " consent_id text NOT NULL DEFAULT '', record " + (version >= 4 ? RECORD_TYPE : "jsonb")
                + " NOT NULL, PRIMARY KEY (id, ts)) PARTITION BY RANGE (ts)");
        for (String index : indexes(t, version)) {
            s.execute(index);
        }
        s.execute("INSERT INTO erpex_streams (stream, table_name) VALUES ('" + stream + "', '" + t + "')"
                + " ON CONFLICT DO NOTHING");
    }

    /**
     * The indexes the data-subject queries use, as schema version {@code version} has them. Up to version 2, b-trees
     * on {@code session}, {@code consent_id} and {@code (ip, ts)}. From version 3, hash indexes on {@code session}
     * and {@code ip}, and the b-tree on {@code consent_id} only over the rows that have one: the queries only ask
     * for equality (the day partitions already narrow the time of an address query), a hash index adds a row without
     * comparing strings down a tree, and a visit has no consent id, so indexing its empty string was pure cost.
     * Together they took the insert of a batch from about 2.3 s to 1.3 s per 100,000 rows.
     */
    private static List<String> indexes(String t, int version) {
        if (version >= 3) {
            return List.of("CREATE INDEX IF NOT EXISTS " + t + "_session_hash ON " + t + " USING hash (session)",
                    "CREATE INDEX IF NOT EXISTS " + t + "_consent_id_set ON " + t + " (consent_id)"
                            + " WHERE consent_id <> ''",
                    "CREATE INDEX IF NOT EXISTS " + t + "_ip_hash ON " + t + " USING hash (ip)");
        }
        return List.of("CREATE INDEX IF NOT EXISTS " + t + "_session ON " + t + " (session)",
                "CREATE INDEX IF NOT EXISTS " + t + "_consent_id ON " + t + " (consent_id)",
                "CREATE INDEX IF NOT EXISTS " + t + "_ip_ts ON " + t + " (ip, ts)");
    }

    /** The declared type of a table's record column ({@code json} or {@code jsonb}). */
    static String recordType(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                + " WHERE a.attrelid = to_regclass(?) AND a.attname = 'record' AND NOT a.attisdropped")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The streams the schema has tables for. */
    static List<String> streams(Connection c) throws SQLException {
        List<String> streams = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT stream FROM erpex_streams ORDER BY stream")) {
            while (rs.next()) {
                streams.add(rs.getString(1));
            }
        }
        return streams;
    }

    /** The partition of a stream's day, created if missing (under a lock: concurrent creation fails). Commits. */
    static String ensurePartition(Connection c, String stream, LocalDate day) throws SQLException {
        String t = table(stream);
        String name = t + "_p" + DAY.format(day);
        inTransaction(c, s -> {
            lock(c, "partitions");
            s.execute("CREATE TABLE IF NOT EXISTS " + name + " PARTITION OF " + t + " FOR VALUES FROM ('" + day
                    + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')");
            return null;
        });
        return name;
    }

    /**
     * Drops each partition whose upper bound is not after {@code now - retention}, at most once per UTC day across
     * all nodes: under {@code pg_try_advisory_xact_lock} (a node that does not get it leaves the work to the one
     * that has it) and recorded in {@code erpex_maintenance}. Commits.
     *
     * @return the partitions dropped, or {@code null} when another node has done or is doing today's run
     */
    static List<String> applyRetention(Connection c, Instant now, Map<String, Duration> retention)
            throws SQLException {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return inTransaction(c, s -> {
            if (!tryLock(c, "retention") || doneOn(c, today)) {
                return null;
            }
            List<String> dropped = new ArrayList<>();
            for (String stream : streams(c)) {
                Duration keep = retention.get(stream);
                if (keep == null) {
                    continue;
                }
                Instant cutoff = now.minus(keep);
                for (Map.Entry<String, Instant> p : partitions(c, table(stream)).entrySet()) {
                    if (!p.getValue().isAfter(cutoff)) {
                        s.execute("DROP TABLE IF EXISTS " + p.getKey());
                        dropped.add(p.getKey());
                    }
                }
            }
            // The shared state's rows live until their own expiry: the same daily run deletes those past it.
            try (PreparedStatement claims = c.prepareStatement("DELETE FROM erpex_claims WHERE expires_ms <= ?");
                 PreparedStatement buckets = c.prepareStatement("DELETE FROM erpex_rate_buckets WHERE tat_us <= ?")) {
                claims.setLong(1, now.toEpochMilli());
                claims.executeUpdate();
                buckets.setLong(1, now.toEpochMilli() * 1000);
                buckets.executeUpdate();
            }
            try (PreparedStatement done = c.prepareStatement("INSERT INTO erpex_maintenance (task, last_day, done_at)"
                    + " VALUES ('retention', ?, now()) ON CONFLICT (task) DO UPDATE SET last_day = excluded.last_day,"
                    + " done_at = excluded.done_at")) {
                done.setObject(1, today);
                done.executeUpdate();
            }
            return dropped;
        });
    }

    /** Work done in one transaction on a statement of its connection. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Statement s) throws SQLException;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    private static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            T result = work.run(s);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static boolean doneOn(Connection c, LocalDate today) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT last_day FROM erpex_maintenance WHERE task = 'retention'"
                     + " FOR UPDATE")) {
            return rs.next() && !rs.getObject(1, LocalDate.class).isBefore(today);
        }
    }

    /** The partitions of a table by their exclusive upper bound. */
    static Map<String, Instant> partitions(Connection c, String table) throws SQLException {
        Map<String, Instant> bounds = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relname, pg_get_expr(c.relpartbound, c.oid)"
                + " FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass(?)"
                + " ORDER BY c.relname")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Matcher m = UPPER_BOUND.matcher(rs.getString(2));
                    if (m.find()) {
                        bounds.put(rs.getString(1), OffsetDateTime.parse(m.group(1), BOUND).toInstant());
                    }
                }
            }
        }
        return bounds;
    }

    private static void lock(Connection c, String what) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(" + lockKey(what)
                + "))")) {
            ps.execute();
        }
    }

    private static boolean tryLock(Connection c, String what) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtext(" + lockKey(what)
                + "))"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** A key per schema: {@code coalesce} makes a missing schema fail loudly instead of locking nothing. */
    private static String lockKey(String what) {
        return "coalesce(current_schema(), 'no schema in search_path') || '/erpex/" + what + "'";
    }
}
