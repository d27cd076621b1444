package net.erpex.privacy.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import net.erpex.privacy.visit.JsonLines;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Writes a batch with {@code COPY}: one round trip for the rows instead of parameters by the thousand.
 *
 * <p>A batch written for the first time, all of one stream (the common case), is copied straight into its table: its
 * ids were never sent, so none can be there already, and the rows are written once. Any other batch (one replayed
 * from the spool, whose commit may have reached the database before its answer was lost, or one mixing streams) goes
 * through a temporary table, then one {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING} per stream: an id already
 * stored, with its time, is skipped, so a batch retried or replayed duplicates nothing. The primary key holds either
 * way: should a first write meet a row it did not expect, the copy fails whole ({@link #UNIQUE_VIOLATION}) and the
 * caller writes the batch again the second way. The temporary table is the session's own and empties itself at every
 * commit.
 *
 * <p>Only loaded with a PostgreSQL store: the driver's copy API must be reachable from the connection (see
 * {@link #of}); when it is not, the store inserts with parameters instead.
 */
final class PgCopy {

    static final String LOAD_TABLE = "erpex_load";
    private static final String CREATE = "CREATE TEMP TABLE IF NOT EXISTS " + LOAD_TABLE + " (stream text NOT NULL,"
            + " id uuid NOT NULL, ts timestamptz NOT NULL, session text NOT NULL, ip text NOT NULL,"
            + " consent_id text NOT NULL, record text NOT NULL) ON COMMIT DELETE ROWS";
    private static final String COPY = "COPY " + LOAD_TABLE
            + " (stream, id, ts, session, ip, consent_id, record) FROM STDIN";
    private static final String COLUMNS = "id, ts, session, ip, consent_id, record";

    /** "unique violation": a straight copy met an id already stored; the batch goes through the load table. */
    static final String UNIQUE_VIOLATION = "23505";

    /** "undefined table": the load table is gone (see {@link #forgetTable}). */
    static final String UNDEFINED_TABLE = "42P01";

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final CopyManager copy;
    /**
     * Whether this session has made the load table: it is made once, not before every batch (a round trip and a
     * catalog look-up each time), and made again when a batch finds it missing.
     */
    private boolean tableMade;
    private byte[] buf = new byte[1 << 16];
    private int len;

    private PgCopy(CopyManager copy) {
        this.copy = copy;
    }

    /**
     * A copier for {@code c}, or {@code null} when its driver's copy API is out of reach: a pool whose connections do
     * not unwrap, or a container driver this application's class loader does not see.
     */
    static PgCopy of(Connection c) {
        try {
            return new PgCopy(c.unwrap(PGConnection.class).getCopyAPI());
        } catch (SQLException | LinkageError | ClassCastException e) {
            return null;
        }
    }

    /**
     * Inserts the rows in the caller's transaction.
     *
     * @param fresh whether the rows were never sent before, so that they may be copied straight into their table
     */
    void insert(Connection c, List<PgRecords.Row> rows, boolean fresh) throws SQLException {
        String only = fresh ? singleStream(rows) : null;
        if (only != null) {
            len = 0;
            for (PgRecords.Row row : rows) {
                fields(row);
            }
            copyIn("COPY " + PgSchema.table(only) + " (" + COLUMNS + ") FROM STDIN");
            return;
        }
        len = 0;
        Set<String> streams = new LinkedHashSet<>();
        for (PgRecords.Row row : rows) {
            streams.add(row.stream());
            field(row.stream(), '\t');
            fields(row);
        }
        try (Statement s = c.createStatement()) {
            if (!tableMade) {
                s.execute(CREATE);
                tableMade = true;
            }
            copyIn(COPY);
            for (String stream : streams) {
                // Stream names are checked to be lower-case letters, digits and dashes: safe in SQL text.
                s.executeUpdate("INSERT INTO " + PgSchema.table(stream) + " (" + COLUMNS + ")"
                        + " SELECT id, ts, session, ip, consent_id, record::" + PgSchema.RECORD_TYPE
                        + " FROM " + LOAD_TABLE
                        + " WHERE stream = '" + stream + "' ON CONFLICT DO NOTHING");
            }
        }
    }

    /** The stream every row is of, or null when they are of several (or none). */
    private static String singleStream(List<PgRecords.Row> rows) {
        String stream = rows.isEmpty() ? null : rows.get(0).stream();
        for (PgRecords.Row row : rows) {
            if (!row.stream().equals(stream)) {
                return null;
            }
        }
        return stream;
    }

    /** A row's columns after the stream, as one line of COPY's text format. */
    private void fields(PgRecords.Row row) {
        // The id and the time are written as bytes straight into the buffer: they are ASCII, nothing to escape.
        uuid(row.id());
        ensure(49); // the time's 48 bytes at most, and the tab
        len = JsonLines.formatInstant(row.time(), buf, len);
        buf[len++] = '\t';
        field(row.session(), '\t');
        field(row.ip(), '\t');
        field(row.consentId(), '\t');
        field(row.jsonBuffer(), row.jsonOffset(), row.jsonLength());
    }

    /** Sends the buffer as one COPY: the driver writes it to the socket at once, not through its 8 KiB buffer. */
    private void copyIn(String sql) throws SQLException {
        CopyIn in = copy.copyIn(sql);
        try {
            in.writeToCopy(buf, 0, len);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    /**
     * The load table may be gone: the transaction that made it was rolled back, or a pooler gave this transaction
     * another server session. The next batch makes it again.
     */
    void forgetTable() {
        tableMade = false;
    }

    /**
     * The record's JSON, already UTF-8, as the last value of a line: its escapes' backslashes doubled for COPY's
     * text format (JSON text holds no raw tab, newline or carriage return; escaped anyway, should one come from
     * elsewhere).
     */
    private void field(byte[] json, int offset, int length) {
        ensure(length * 2 + 1);
        byte[] b = buf;
        int p = len;
        int from = offset;
        int to = offset + length;
        // Copied in runs between the bytes to escape: a record's JSON has a few backslashes at most.
        for (int i = offset; i < to; i++) {
            byte c = json[i];
            if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
                System.arraycopy(json, from, b, p, i - from);
                p += i - from;
                b[p++] = '\\';
                b[p++] = (byte) switch (c) {
                    case '\t' -> 't';
                    case '\n' -> 'n';
                    case '\r' -> 'r';
                    default -> '\\';
                };
                from = i + 1;
            }
        }
        System.arraycopy(json, from, b, p, to - from);
        p += to - from;
        b[p++] = '\n';
        len = p;
    }

    /** A UUID in its canonical lower-case form, and the tab after it. */
    private void uuid(UUID id) {
        ensure(37);
        long msb = id.getMostSignificantBits();
        long lsb = id.getLeastSignificantBits();
        hex(msb >>> 32, 8);
        buf[len++] = '-';
        hex(msb >>> 16, 4);
        buf[len++] = '-';
        hex(msb, 4);
        buf[len++] = '-';
        hex(lsb >>> 48, 4);
        buf[len++] = '-';
        hex(lsb, 12);
        buf[len++] = '\t';
    }

    /** The low {@code digits} hex digits of {@code value}, most significant first. */
    private void hex(long value, int digits) {
        long v = value;
        for (int i = len + digits - 1; i >= len; i--) {
            buf[i] = HEX[(int) (v & 0xF)];
            v >>>= 4;
        }
        len += digits;
    }

    /** A value in COPY's text format: backslash, tab, newline and carriage return escaped; UTF-8. */
    private void field(String value, char end) {
        ensure(value.length() * 6 + 1);
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch < 0x80) {
                switch (ch) {
                    case '\\' -> escape('\\');
                    case '\t' -> escape('t');
                    case '\n' -> escape('n');
                    case '\r' -> escape('r');
                    default -> buf[len++] = (byte) ch;
                }
            } else if (ch < 0x800) {
                buf[len++] = (byte) (0xC0 | ch >> 6);
                buf[len++] = (byte) (0x80 | ch & 0x3F);
            } else if (Character.isHighSurrogate(ch) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = Character.toCodePoint(ch, value.charAt(++i));
                buf[len++] = (byte) (0xF0 | cp >> 18);
                buf[len++] = (byte) (0x80 | cp >> 12 & 0x3F);
                buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buf[len++] = (byte) (0x80 | cp & 0x3F);
            } else {
                char c = Character.isSurrogate(ch) ? '\uFFFD' : ch;
                buf[len++] = (byte) (0xE0 | c >> 12);
                buf[len++] = (byte) (0x80 | c >> 6 & 0x3F);
                buf[len++] = (byte) (0x80 | c & 0x3F);
            }
        }
        buf[len++] = (byte) end;
    }

    private void escape(char code) {
        buf[len++] = '\\';
        buf[len++] = (byte) code;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
