package net.erpex.privacy.store;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
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
    public void writeJson(JsonGenerator g) throws IOException {
        g.writeRawValue(json);
    }

    FoundRecord found() {
        return new FoundRecord(stream, id, time, json);
    }
}
