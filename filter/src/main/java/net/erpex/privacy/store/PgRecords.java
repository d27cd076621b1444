package net.erpex.privacy.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import net.erpex.privacy.visit.JsonLines;
import net.erpex.privacy.visit.JsonWriter;
import net.erpex.privacy.visit.LogRecord;

/**
 * The rows of the PostgreSQL store: multi-row inserts that ignore a record id already present (a retried or replayed
 * batch duplicates nothing), and the data-subject look-ups and deletions. The caller owns the transaction.
 */
final class PgRecords {

    /** Rows per INSERT statement: well under the protocol's 32767 parameters, big enough to amortise a round trip. */
    static final int ROWS_PER_STATEMENT = 500;
    private static final Pattern STREAM = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private PgRecords() {
    }

    /**
     * One row, ready to bind or copy: its record's JSON in UTF-8 is {@code jsonLength} bytes at {@code jsonOffset} in
     * {@code jsonBuffer}, which the rows of one batch share; {@code time} is its key time.
     */
    record Row(String stream, UUID id, Instant time, String session, String ip, String consentId, byte[] jsonBuffer,
            int jsonOffset, int jsonLength) {

        /** The key time as the driver binds it. */
        OffsetDateTime ts() {
            return time.atOffset(ZoneOffset.UTC);
        }

        String jsonText() {
            return new String(jsonBuffer, jsonOffset, jsonLength, StandardCharsets.UTF_8);
        }
    }

    /**
     * Serialises records into rows, all straight into one UTF-8 buffer (the COPY buffer takes the bytes as they are;
     * an array per row was an eighth of the recorder's time in a profile). A record id that is not a UUID (ids are
     * made as UUIDs; this is for other {@link LogRecord}s) is mapped to a name-based UUID, the same every time, so
     * idempotency holds for it too.
     */
    static List<Row> rows(List<? extends LogRecord> records) throws IOException {
        int n = records.size();
        JsonWriter w = new JsonWriter(Math.max(1024, n * 640));
        int[] ends = new int[n];
        String checked = null;
        for (int i = 0; i < n; i++) {
            LogRecord r = records.get(i);
            // Checked once per run of records of one stream: they come in runs.
            if (r.stream() == null || !r.stream().equals(checked) && !STREAM.matcher(r.stream()).matches()) {
                throw new IOException("stream name '" + r.stream() + "' is not lower-case letters, digits and dashes");
            }
            checked = r.stream();
            int start = w.length();
            if (r instanceof StoredRecord stored) {
                w.rawValue(stored.json());
            } else {
                JsonLines.append(r, w);
            }
            replaceNul(w.buffer(), start, w.length());
            ends[i] = w.length();
        }
        // The buffer is final only now: it may have grown while the records were written.
        byte[] json = w.buffer();
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            LogRecord r = records.get(i);
            int start = i == 0 ? 0 : ends[i - 1];
            // The key's time is the record's time as its JSON line states it, to the millisecond: a record replayed
            // from the spool (which keeps only that) must meet the row its first, unacknowledged write left.
            rows.add(new Row(r.stream(), uuid(r.id()), r.time().truncatedTo(ChronoUnit.MILLIS), r.session(), r.ip(),
                    r.consentId(), json, start, ends[i] - start));
        }
        return rows;
    }

    /**
     * jsonb refuses the NUL character (a table of a schema before version 4 has a jsonb column, and a query may cast
     * a record to jsonb), which would block the batch (and everything after it) for ever: its escape
     * {@code \u0000} becomes {@code \uFFFD}, in place (the same six bytes). An escaped backslash followed by the
     * letters {@code u0000} is text, and is left alone.
     */
    static void replaceNul(byte[] json) {
        replaceNul(json, 0, json.length);
    }

    /** As {@link #replaceNul(byte[])}, in {@code json[from, to)}. */
    static void replaceNul(byte[] json, int from, int to) {
        for (int i = from; i < to - 1; i++) {
            if (json[i] != '\\') {
                continue;
            }
            if (json[i + 1] == 'u' && i + 5 < to && json[i + 2] == '0' && json[i + 3] == '0'
                    && json[i + 4] == '0' && json[i + 5] == '0') {
                json[i + 2] = 'F';
                json[i + 3] = 'F';
                json[i + 4] = 'F';
                json[i + 5] = 'D';
            }
            i++;
        }
    }

    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAUuid) {
            return UUID.nameUUIDFromBytes(("erpex-record:" + id).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Inserts the rows, skipping ids (with their time) already stored. */
    static void insert(Connection c, List<Row> rows) throws SQLException {
        Map<String, List<Row>> byStream = new LinkedHashMap<>();
        for (Row row : rows) {
            byStream.computeIfAbsent(row.stream, s -> new ArrayList<>()).add(row);
        }
        for (Map.Entry<String, List<Row>> entry : byStream.entrySet()) {
            List<Row> all = entry.getValue();
            for (int from = 0; from < all.size(); from += ROWS_PER_STATEMENT) {
                List<Row> chunk = all.subList(from, Math.min(all.size(), from + ROWS_PER_STATEMENT));
                try (PreparedStatement ps = c.prepareStatement(insertSql(PgSchema.table(entry.getKey()),
                        chunk.size()))) {
                    int i = 1;
                    for (Row row : chunk) {
                        ps.setObject(i++, row.id);
                        ps.setObject(i++, row.ts());
                        ps.setString(i++, row.session);
                        ps.setString(i++, row.ip);
                        ps.setString(i++, row.consentId);
                        ps.setString(i++, row.jsonText());
                    }
                    ps.executeUpdate();
                }
            }
        }
    }

    private static String insertSql(String table, int rows) {
        StringBuilder sql = new StringBuilder(80 + rows * 24).append("INSERT INTO ").append(table)
                .append(" (id, ts, session, ip, consent_id, record) VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?::" + PgSchema.RECORD_TYPE + ")");
        }
        return sql.append(" ON CONFLICT DO NOTHING").toString();
    }

    /** Every matching record of every stream, oldest first. */
    static List<FoundRecord> find(Connection c, SubjectQuery query) throws SQLException {
        List<FoundRecord> found = new ArrayList<>();
        for (String stream : PgSchema.streams(c)) {
            String sql = "SELECT id, ts, record::text FROM " + PgSchema.table(stream) + " WHERE " + where(query)
                    + " ORDER BY ts, id";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(c, ps, query);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(new FoundRecord(stream, rs.getString(1),
                                rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3)));
                    }
                }
            }
        }
        found.sort(java.util.Comparator.comparing(FoundRecord::time));
        return found;
    }

    /** Deletes every matching record. @return the ids deleted, by stream */
    static Map<String, Set<String>> erase(Connection c, SubjectQuery query) throws SQLException {
        Map<String, Set<String>> erased = new LinkedHashMap<>();
        for (String stream : PgSchema.streams(c)) {
            String sql = "DELETE FROM " + PgSchema.table(stream) + " WHERE " + where(query) + " RETURNING id";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(c, ps, query);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        erased.computeIfAbsent(stream, s -> new HashSet<>()).add(rs.getString(1));
                    }
                }
            }
        }
        return erased;
    }

    /** The condition of the data-subject queries; {@link #bind} fills it in. */
    static String where(SubjectQuery q) {
        List<String> any = new ArrayList<>();
        any.add("session = ANY(?)");
        // The empty-id test lets the planner use the index that holds only rows with a consent id (schema v3);
        // SubjectQuery never asks for an empty one.
        any.add("(consent_id = ANY(?) AND consent_id <> '')");
        if (!q.ip().isEmpty()) {
            any.add("(ip = ? AND ts >= ? AND ts < ?)");
        }
        return String.join(" OR ", any);
    }

    static void bind(Connection c, PreparedStatement ps, SubjectQuery q) throws SQLException {
        Array sessions = c.createArrayOf("text", q.sessions().toArray());
        Array consentIds = c.createArrayOf("text", q.consentIds().toArray());
        ps.setArray(1, sessions);
        ps.setArray(2, consentIds);
        if (!q.ip().isEmpty()) {
            ps.setString(3, q.ip());
            ps.setObject(4, clamp(q.from()));
            ps.setObject(5, clamp(q.to()));
        }
    }

    /** {@link Instant#MIN} and {@link Instant#MAX} stand for "unbounded"; PostgreSQL has its own limits. */
    private static OffsetDateTime clamp(Instant t) {
        Instant min = Instant.parse("1970-01-01T00:00:00Z");
        Instant max = Instant.parse("9999-12-31T00:00:00Z");
        Instant v = t.isBefore(min) ? min : t.isAfter(max) ? max : t;
        return v.atOffset(ZoneOffset.UTC);
    }
}
