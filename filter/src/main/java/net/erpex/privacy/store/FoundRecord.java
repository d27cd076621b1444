package net.erpex.privacy.store;

import java.time.Instant;
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
}
