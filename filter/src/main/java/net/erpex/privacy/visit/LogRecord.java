package net.erpex.privacy.visit;

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
     * The hash of the session the record belongs to ({@code ""} if none): the key a visitor's access and erasure
     * requests find their records by. Never the session id itself.
     */
    default String session() {
        return "";
    }

    /** The client address as stored (full, truncated or hashed per {@code visits.ip}), or {@code ""}. */
    default String ip() {
        return "";
    }

    /** The consent id of a consent record; {@code ""} for records that are not about consent. */
    default String consentId() {
        return "";
    }

    /**
     * Whether the record lacks detail it would have had with time to spare: the raw, capped User-Agent instead of
     * its analysis. Counted as {@code records-degraded}.
     */
    default boolean degraded() {
        return false;
    }

    /**
     * Writes the record as exactly one JSON object. The writer escapes line separators and replaces unpaired
     * surrogates itself, so implementations write their values as they are.
     */
    void writeJson(JsonWriter w) throws IOException;
}
