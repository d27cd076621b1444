package net.erpex.privacy.store;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A stored record found for a data subject: the record's JSON as the store keeps it.
 *
 * @param stream {@code visits}, {@code consents}, ...
 * @param id     the record's id
 * @param time   the record's time
 * @param json   one JSON object
 */
public record FoundRecord(String stream, String id, Instant time, String json) {

    public FoundRecord {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(json, "json");
    }

    /**
     * Writes records as fields of the JSON object {@code g} is in: one array per stream, named after it, in the order
     * of {@code streams} first and then as the records come.
     */
    public static void writeByStream(JsonGenerator g, List<String> streams, List<FoundRecord> records)
            throws IOException {
        Map<String, List<FoundRecord>> byStream = new LinkedHashMap<>();
        for (String stream : streams) {
            byStream.put(stream, new ArrayList<>());
        }
        for (FoundRecord r : records) {
            byStream.computeIfAbsent(r.stream(), s -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<FoundRecord>> stream : byStream.entrySet()) {
            g.writeArrayFieldStart(stream.getKey());
            for (FoundRecord r : stream.getValue()) {
                g.writeRawValue(r.json());
            }
            g.writeEndArray();
        }
    }
}
