package net.erpex.privacy.store;

import java.time.Instant;
import java.util.Objects;
import net.erpex.privacy.visit.JsonWriter;
import net.erpex.privacy.visit.LogRecord;

/**
 * A record read back from the spool: its key values and its JSON exactly as it was first serialised, written again
 * unchanged.
 */
record StoredRecord(String stream, String id, Instant time, String session, String ip, String consentId, String json)
        implements LogRecord {

    StoredRecord {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        session = session == null ? "" : session;
        ip = ip == null ? "" : ip;
        consentId = consentId == null ? "" : consentId;
        Objects.requireNonNull(json, "json");
    }

    @Override
    public void writeJson(JsonWriter w) {
        w.rawValue(json);
    }

    FoundRecord found() {
        return new FoundRecord(stream, id, time, json);
    }
}
