package net.erpex.privacy.visit;

/**
 * Turns a {@link RawEvent} into a {@link LogRecord} (GeoIP lookup, user-agent parse, referrer summary). Supplied by
 * the filter. The detailed enrichment runs on the recorder's enrichment thread under a time budget; the one without
 * detail, and {@link #enrichKnown}, on the recorder thread itself, so they must cost little whatever the input.
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

    /**
     * The detailed record of {@code event} when it can be made without any step whose cost depends on the input (the
     * browser was analysed before and its answer is cached), else {@code null}. Called on the recorder thread before
     * a batch goes to the enrichment thread: a record enriched here does not cross to another thread and back. The
     * answer must equal what {@link #enrich enrich(event, true)} would give.
     *
     * @param event the event the request thread submitted
     * @return the record, or {@code null} to have it enriched in detail under the time budget
     */
    default LogRecord enrichKnown(RawEvent event) {
        return null;
    }
}
