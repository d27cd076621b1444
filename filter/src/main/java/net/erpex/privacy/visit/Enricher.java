package net.erpex.privacy.visit;

/**
 * Turns a {@link RawEvent} into a {@link LogRecord} (GeoIP lookup, user-agent parse, referrer summary). Supplied by
 * the filter. The detailed enrichment runs on the recorder's enrichment thread under a time budget; the one without
 * detail on the recorder thread itself, so it must cost little whatever the input.
 */
@FunctionalInterface
public interface Enricher {

    /**
     * Enriches one event.
     *
     * @param event    the event the request thread submitted
     * @param detailed {@code false} when the recorder is falling behind (its queue is more than half full), the
     *                 detailed enrichment overran its budget or failed, or the recorder is closing late: skip the
     *                 user-agent analysis, whose cost depends on the input: keep an answer already known, else the
     *                 raw, capped user agent
     * @return the record to write, never {@code null}
     */
    LogRecord enrich(RawEvent event, boolean detailed);
}
