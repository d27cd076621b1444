package net.erpex.privacy.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.erpex.privacy.visit.JsonWriter;

/**
 * Decides whether a JSON line belongs to a data subject, cheaply: a line is parsed only if its bytes contain one of the
 * query's key values as a JSON string (quoted and escaped exactly as the writer writes it), which almost no other
 * line does; the parsed keys then decide.
 */
final class LineMatcher {

    /** A line that matched, with its text and keys. */
    record Match(String line, RecordKeys keys) {
    }

    private final SubjectQuery query;
    private final byte[][] needles;

    LineMatcher(SubjectQuery query) {
        this.query = query;
        List<byte[]> all = new ArrayList<>();
        query.sessions().forEach(value -> all.add(quoted(value)));
        query.consentIds().forEach(value -> all.add(quoted(value)));
        if (!query.ip().isEmpty()) {
            all.add(quoted(query.ip()));
        }
        this.needles = all.toArray(byte[][]::new);
    }

    private static byte[] quoted(String value) {
        JsonWriter w = new JsonWriter(value.length() + 16);
        w.value(value);
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The line's match, or {@code null} when it is not the subject's (or not a record). */
    Match match(byte[] bytes, int start, int end) {
        for (byte[] needle : needles) {
            if (LineScanner.contains(bytes, start, end, needle)) {
                String line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
                RecordKeys keys = RecordKeys.parse(line);
                return keys != null && keys.matches(query) ? new Match(line, keys) : null;
            }
        }
        return null;
    }
}
