package net.erpex.privacy.visit;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;

/** One enriched record, ready for a {@link RecordSink}. */
public interface LogRecord {

    /**
     * The named stream the record belongs to ({@code visits}, {@code consents}, ...). Sinks use it to choose a file
     * or table, so it must be lower-case letters, digits and dashes.
     */
    String stream();

    /** The instant the record describes; file-based sinks file it under its UTC day. */
    Instant time();

    /** The record's unique identifier. */
    String id();

    /**
     * Writes the record as exactly one JSON object. The generator the sinks pass in already escapes line separators
     * and replaces unpaired surrogates, so implementations write their values as they are.
     */
    void writeJson(JsonGenerator g) throws IOException;
}
