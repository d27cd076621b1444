package net.erpex.privacy.visit;

/**
 * Turns a {@link RawEvent} into a {@link LogRecord} on the recorder's thread (GeoIP lookup, user-agent parse,
 * referrer summary). Supplied by the filter.
 */
@FunctionalInterface
public interface Enricher {

    /**
     * Enriches one event.
     *
     * @param event    the event the request thread submitted
     * @param detailed {@code false} when the recorder is falling behind (its queue is more than half full): skip the
     *                 expensive user-agent parse and keep the raw, capped user agent instead
     * @return the record to write, never {@code null}
     */
    LogRecord enrich(RawEvent event, boolean detailed);
}
