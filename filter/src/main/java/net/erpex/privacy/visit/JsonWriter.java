package net.erpex.privacy.visit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Writes JSON as UTF-8 bytes straight from the records' fields into one growing buffer, which the sinks reuse from
 * batch to batch: no tree, no generator per record, no intermediate strings. Commas are placed for the caller.
 *
 * <p>Strings are written so that every record stays one valid line of UTF-8 whatever a visitor sent: {@code "} and
 * {@code \} and the control characters are escaped as Jackson escapes them ({@code \n}, {@code \t}, {@code \r},
 * {@code \b}, {@code \f}, else {@code \}{@code u00XX}), so are the characters some line readers split lines on
 * (U+0085, U+2028, U+2029) and the two halves of a character beyond the Basic Multilingual Plane, and an unpaired
 * surrogate becomes U+FFFD. Everything else is written as UTF-8. The bytes are those of the Jackson generator the
 * files were written with before, so old and new lines compare equal.
 *
 * <p>Not thread-safe: each sink keeps its own.
 */
public final class JsonWriter {

    private static final int MAX_DEPTH = 63;

    private byte[] buf;
    private int len;
    /** Bit d set: the container at depth d already holds a value, so the next one needs a comma. */
    private long filled;
    private int depth;

    /** A writer with a buffer of {@code capacity} bytes, grown as needed. */
    public JsonWriter(int capacity) {
        this.buf = new byte[Math.max(64, capacity)];
    }

    /** Bytes written so far. */
    public int length() {
        return len;
    }

    /** The buffer; valid up to {@link #length()}. */
    public byte[] buffer() {
        return buf;
    }

    /** Forgets what was written, keeping the buffer. */
    public void reset() {
        len = 0;
        depth = 0;
        filled = 0;
    }

    /** Cuts what was written back to {@code length} bytes, at the top level (after a record that failed half-way). */
    public void truncate(int length) {
        len = length;
        depth = 0;
        filled = 0;
    }

    /** Whether every object and array begun has ended. */
    public boolean atTopLevel() {
        return depth == 0;
    }

    /** An ASCII separator between top-level values on one line, such as a tab; never inside a value. */
    public JsonWriter separator(char ascii) {
        if (depth != 0 || ascii >= 0x80 || ascii == '\n') {
            throw new IllegalStateException("a separator goes between top-level values and is ASCII, not a newline");
        }
        ensure(1);
        buf[len++] = (byte) ascii;
        filled &= ~1L;
        return this;
    }

    /** Ends a line: a {@code '\n'} at the top level. */
    public void newline() {
        ensure(1);
        buf[len++] = '\n';
        filled &= ~1L;
    }

    public JsonWriter startObject() {
        return open('{');
    }

    public JsonWriter endObject() {
        return close('}');
    }

    public JsonWriter startArray() {
        return open('[');
    }

    public JsonWriter endArray() {
        return close(']');
    }

    /** A field name inside an object; its value follows. */
    public JsonWriter name(String name) {
        separate();
        quoted(name);
        ensure(1);
        buf[len++] = ':';
        // The value that follows is not a new element: no comma before it.
        filled &= ~(1L << depth);
        return this;
    }

    /**
     * A member name written by {@link #name(Name)}: the same bytes as {@link #name(String)} writes, quoted and escaped
     * once when the name is made, not each time it is written. For the names a record writes on every line.
     */
    public static final class Name {
        private final byte[] quoted;

        private Name(byte[] quoted) {
            this.quoted = quoted;
        }

        /** The name {@code name}, ready to write. */
        public static Name of(String name) {
            // What name(String) writes at the top level, where no comma comes first: the same bytes by construction.
            JsonWriter w = new JsonWriter(name.length() * 6 + 3);
            w.name(name);
            return new Name(Arrays.copyOf(w.buf, w.len));
        }
    }

    /** {@link #name(String)} for a name made ahead. */
    public JsonWriter name(Name name) {
        separate();
        byte[] q = name.quoted;
        ensure(q.length);
        System.arraycopy(q, 0, buf, len, q.length);
        len += q.length;
        filled &= ~(1L << depth);
        return this;
    }

    /** {@link #field(String, String)} for a name made ahead. */
    public JsonWriter field(Name name, String text) {
        return name(name).value(text);
    }

    /** {@link #field(String, long)} for a name made ahead. */
    public JsonWriter field(Name name, long number) {
        return name(name).value(number);
    }

    /** {@link #field(String, Instant)} for a name made ahead. */
    public JsonWriter field(Name name, Instant instant) {
        return name(name).value(instant);
    }

    public JsonWriter value(String text) {
        separate();
        if (text == null) {
            ascii("null");
        } else {
            quoted(text);
        }
        return this;
    }

    public JsonWriter value(long number) {
        separate();
        ascii(Long.toString(number));
        return this;
    }

    public JsonWriter value(boolean bool) {
        separate();
        ascii(bool ? "true" : "false");
        return this;
    }

    /** An instant as a string, ISO-8601 in UTC with exactly three fraction digits. */
    public JsonWriter value(Instant instant) {
        separate();
        ensure(48);
        buf[len++] = '"';
        len = UtcMillis.write(instant, buf, len);
        buf[len++] = '"';
        return this;
    }

    /** A value that is already JSON (a record kept as its serialised text), written unchanged. */
    public JsonWriter rawValue(String json) {
        separate();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        return this;
    }

    public JsonWriter field(String name, String text) {
        return name(name).value(text);
    }

    public JsonWriter field(String name, long number) {
        return name(name).value(number);
    }

    public JsonWriter field(String name, boolean bool) {
        return name(name).value(bool);
    }

    public JsonWriter field(String name, Instant instant) {
        return name(name).value(instant);
    }

    /** What was written, as a string; for tests and the few callers that need text. */
    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    private JsonWriter open(char bracket) {
        separate();
        if (depth == MAX_DEPTH) {
            throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
        }
        ensure(1);
        buf[len++] = (byte) bracket;
        depth++;
        filled &= ~(1L << depth);
        return this;
    }

    private JsonWriter close(char bracket) {
        if (depth == 0) {
            throw new IllegalStateException("'" + bracket + "' without an open object or array");
        }
        ensure(1);
        buf[len++] = (byte) bracket;
        depth--;
        return this;
    }

    /** A comma before every element of a container but its first. */
    private void separate() {
        long bit = 1L << depth;
        if ((filled & bit) != 0 && depth > 0) {
            ensure(1);
            buf[len++] = ',';
        }
        filled |= bit;
    }

    private void ascii(String text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) text.charAt(i);
        }
    }

    private void quoted(String text) {
        // Worst case: six bytes per char (an escape), plus the quotes.
        ensure(text.length() * 6 + 2);
        len = JsonStrings.quoted(text, buf, len);
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
