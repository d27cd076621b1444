package net.erpex.privacy.visit;

/**
 * A snapshot of a {@link VisitRecorder}'s counters, all since it was built.
 *
 * @param submitted    events accepted into the queues (dropped ones are not included)
 * @param written      records the sink accepted
 * @param dropped      events lost: dropped by {@link OverflowPolicy#DROP}, submitted after close, not enrichable at
 *                     all, or still unwritten when {@code close} gave up
 * @param degraded     records written with the raw, capped user agent instead of its analysis: the recorder was
 *                     behind, the enrichment overran its budget or failed, or the recorder was closing in a hurry,
 *                     and the user agent had not been analysed before (a known one keeps its analysis)
 * @param overruns     detailed enrichments cut off by the time budget (their unfinished records were enriched
 *                     without detail)
 * @param failedWrites sink writes that failed and were retried
 * @param proofs       proofs (consent records) written and made durable
 * @param queued       events waiting in the queues right now
 */
public record RecorderStats(long submitted, long written, long dropped, long degraded, long overruns,
                            long failedWrites, long proofs, int queued) {
}
