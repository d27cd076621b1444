package net.erpex.privacy.visit;

/**
 * A snapshot of a {@link VisitRecorder}'s counters, all since it was built.
 *
 * @param submitted    events accepted into the queue (dropped ones are not included)
 * @param written      records the sink accepted
 * @param dropped      events lost: dropped by {@link OverflowPolicy#DROP}, submitted after close, not enrichable at
 *                     all, or still unwritten when {@code close} gave up
 * @param degraded     records enriched without the detailed user-agent parse, because the recorder was behind or a
 *                     detailed enrichment failed
 * @param failedWrites sink writes that failed and were retried
 * @param queued       events waiting in the queue right now
 */
public record RecorderStats(long submitted, long written, long dropped, long degraded, long failedWrites, int queued) {
}
