package net.erpex.privacy.visit;

/** What {@link VisitRecorder#submit(RawEvent)} does when its queue is full. */
public enum OverflowPolicy {
    /** Wait until there is room: nothing is lost, and a stalled sink slows requests down (back-pressure). */
    BLOCK,
    /**
     * Discard droppable events, count them and warn at most once a minute: requests never wait for the visit log.
     * Events that are not {@linkplain RawEvent#droppable() droppable} still wait.
     */
    DROP
}
