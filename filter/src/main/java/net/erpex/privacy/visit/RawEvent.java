package net.erpex.privacy.visit;

import java.time.Instant;

/**
 * What a request thread hands to the {@link VisitRecorder}: small, cheap to build, and enriched later on the
 * recorder's own thread by an {@link Enricher}.
 */
public interface RawEvent {

    /** A unique, URL-safe identifier that the written record keeps, so a record can be found and deleted. */
    String id();

    /** When the event happened; the record is filed under this instant's UTC day. */
    Instant time();

    /**
     * Whether {@link OverflowPolicy#DROP} may discard this event when the queue is full. Events that are proof of
     * something (a consent choice) answer {@code false} and always wait for room instead.
     */
    boolean droppable();
}
