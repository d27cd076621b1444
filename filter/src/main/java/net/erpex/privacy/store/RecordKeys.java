package net.erpex.privacy.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The key values of a record's JSON line ({@code id}, {@code ts}, {@code session}, {@code ip}, {@code consentId}, and
 * {@code stream} in a spool line's envelope),
 * read with a streaming parser that skips everything else. A line that is not a JSON object gives {@code null}.
 */
record RecordKeys(String stream, String id, Instant ts, String session, String ip, String consentId) {

    private static final JsonFactory FACTORY = new JsonFactory();

    static RecordKeys parse(String line) {
        String stream = "";
        String id = "";
        Instant ts = null;
        String session = "";
        String ip = "";
        String consentId = "";
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                String text = value == JsonToken.VALUE_STRING ? p.getText() : "";
                switch (name) {
                    case "stream" -> stream = text;
                    case "id" -> id = text;
                    case "ts" -> ts = instant(text);
                    case "session" -> session = text;
                    case "ip" -> ip = text;
                    case "consentId" -> consentId = text;
                    default -> { }
                }
            }
        } catch (IOException e) {
            return null;
        }
        return new RecordKeys(stream, id, ts, session, ip, consentId);
    }

    boolean matches(SubjectQuery query) {
        return query.matches(session, consentId, ip, ts);
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
