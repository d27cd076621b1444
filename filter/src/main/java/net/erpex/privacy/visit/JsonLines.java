package net.erpex.privacy.visit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Serialises {@link LogRecord}s as JSON lines that stay one line whatever the values contain (see
 * {@link JsonWriter}): one object per record, fields in the record's order, strings escaped as Jackson escapes them
 * plus the Unicode line separators, unpaired surrogates replaced by U+FFFD.
 */
public final class JsonLines {

    private JsonLines() {
    }

    /**
     * Writes an instant as {@link #formatInstant(Instant)} does, as ASCII bytes at {@code at} in {@code out}, which
     * must have 48 bytes of room there; returns the position after it.
     */
    public static int formatInstant(Instant instant, byte[] out, int at) {
        return UtcMillis.write(instant, out, at);
    }

    /** ISO-8601 in UTC with exactly three fraction digits, e.g. {@code 2026-11-25T06:30:00.123Z}. */
    public static String formatInstant(Instant instant) {
        byte[] text = new byte[48];
        int length = UtcMillis.write(instant, text, 0);
        return new String(text, 0, length, StandardCharsets.US_ASCII);
    }

    /** The record as one JSON object without a line break. */
    public static String toJson(LogRecord record) throws IOException {
        JsonWriter w = new JsonWriter(512);
        append(record, w);
        return w.toString();
    }

    /** The record as one JSON object followed by {@code '\n'}, in UTF-8. */
    static byte[] toLine(LogRecord record) throws IOException {
        JsonWriter w = new JsonWriter(512);
        append(record, w);
        w.newline();
        return Arrays.copyOf(w.buffer(), w.length());
    }

    /**
     * Appends the record as one JSON object (no line break) to {@code w}; on failure {@code w} is cut back to where
     * it was, so a batch never holds half a record.
     *
     * @throws IOException when the record fails or leaves an object or array unfinished
     */
    public static void append(LogRecord record, JsonWriter w) throws IOException {
        int start = w.length();
        try {
            record.writeJson(w);
            if (!w.atTopLevel()) {
                throw new IOException("record " + record.id() + " of stream " + record.stream()
                        + " wrote an unfinished JSON value");
            }
        } catch (IOException | RuntimeException e) {
            w.truncate(start);
            throw e;
        }
    }
}
