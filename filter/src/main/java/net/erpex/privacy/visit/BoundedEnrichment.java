package net.erpex.privacy.visit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enriches batches for the recorder thread under a time budget, so that input which is slow to analyse (a crafted
 * User-Agent that makes a regular expression backtrack) can never stall the recorder.
 *
 * <p>The detailed enrichment runs on a worker thread of its own ({@value #THREAD_NAME}); the recorder thread hands it
 * a batch and waits. Each record may take the per-record budget from the moment the worker starts it (or from the
 * hand-over, while the worker is still busy with an earlier record), and the whole batch ten times that. When either
 * runs out, the recorder stops waiting: every record the worker has not finished is enriched on the recorder thread
 * without detail ({@link Enricher#enrich} with {@code detailed = false}: a User-Agent not analysed before is kept raw
 * and capped instead of analysed, and the record counted as degraded), and written; nothing is dropped. A regular
 * expression cannot be interrupted, so the worker finishes the record it is on in its own time and its late result is
 * discarded; meanwhile it holds at most one core, and later batches that find it still busy wait one budget for it
 * and no more.
 */
final class BoundedEnrichment implements AutoCloseable {

    /** Name of the worker thread. */
    static final String THREAD_NAME = "erpex-visit-enricher";
    /** How many per-record budgets a whole batch may take. */
    static final int BATCH_BUDGETS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(VisitRecorder.class);
    /** A slot the recorder gave up on; the worker's late result does not replace it. */
    private static final Object ABANDONED = new Object();

    private final Enricher enricher;
    private final long recordBudgetNanos;
    private final long batchBudgetNanos;
    private final RecorderState state;
    private final LogThrottle failures;
    private final BlockingQueue<Job> jobs = new LinkedBlockingQueue<>(1);
    private final Thread worker;

    BoundedEnrichment(Enricher enricher, Duration recordBudget, RecorderState state, LogThrottle failures) {
        this.enricher = enricher;
        this.recordBudgetNanos = recordBudget.toNanos();
        this.batchBudgetNanos = recordBudget.toNanos() * BATCH_BUDGETS;
        this.state = state;
        this.failures = failures;
        this.worker = new Thread(this::work, THREAD_NAME);
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * Enriches {@code events} in order, in detail where the budget allows; never throws for an event. The answer has
     * one slot per event: {@code null} for an event that could not be enriched even without detail (counted as
     * dropped and logged).
     *
     * @param detailed false to skip the detailed enrichment altogether (the recorder is behind, or closing late)
     */
    List<LogRecord> enrich(List<RawEvent> events, boolean detailed) {
        int n = events.size();
        Object[] results = detailed ? detailedResults(events) : new Object[n];
        List<LogRecord> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Object result = results[i];
            if (result instanceof LogRecord record) {
                records.add(record);
                continue;
            }
            RawEvent event = events.get(i);
            if (result instanceof Throwable failure) {
                warn("enriching visit event {} failed ({} failures in the last minute); recording it without"
                        + " details", event, failure);
            }
            LogRecord plain = plain(event, result instanceof Throwable t ? t : null);
            records.add(plain);
        }
        return records;
    }

    /** Hands the batch to the worker and waits within the budgets; slots left empty are enriched without detail. */
    private Object[] detailedResults(List<RawEvent> events) {
        int n = events.size();
        Job job = new Job(events, Thread.currentThread());
        // A job the worker never reached (it was busy past its budget) is of no use any more.
        jobs.clear();
        jobs.offer(job);
        long batchDeadline = job.progressNanos + batchBudgetNanos;
        while (!job.finished) {
            long now = System.nanoTime();
            long deadline = Math.min(job.progressNanos + recordBudgetNanos, batchDeadline);
            if (now - deadline >= 0) {
                job.abandon();
                state.overruns.increment();
                break;
            }
            LockSupport.parkNanos(this, deadline - now);
        }
        Object[] results = new Object[n];
        for (int i = 0; i < n; i++) {
            Object result = job.results.get(i);
            results[i] = result == ABANDONED ? null : result;
        }
        return results;
    }

    /**
     * The enrichment without detail, on the recorder thread; null (counted, logged) when even that fails. A record
     * the enricher could still complete from what it already knew is not counted as degraded.
     */
    private LogRecord plain(RawEvent event, Throwable earlier) {
        try {
            LogRecord record = enricher.enrich(event, false);
            if (record == null) {
                throw new IllegalStateException("enricher " + enricher + " returned null for event " + event.id());
            }
            if (record.degraded()) {
                state.degraded.increment();
            }
            return record;
        } catch (RuntimeException e) {
            if (earlier != null) {
                e.addSuppressed(earlier);
            }
            state.dropped.increment();
            warn("could not enrich event {}, even without details; it is not recorded ({} failures in the last"
                    + " minute)", event, e);
            return null;
        }
    }

    private void warn(String message, RawEvent event, Throwable failure) {
        long count = failures.occurred();
        if (count > 0) {
            LOG.warn(message, event.id(), count, failure);
        }
    }

    /** The worker: takes a job, enriches its events in order until they are done or the recorder gives up. */
    private void work() {
        while (true) {
            Job job;
            try {
                job = jobs.take();
            } catch (InterruptedException e) {
                return;
            }
            int i;
            while ((i = job.next.getAndIncrement()) < job.events.size()) {
                job.progressNanos = System.nanoTime();
                Object result;
                try {
                    result = enricher.enrich(job.events.get(i), true);
                    if (result == null) {
                        result = new IllegalStateException("enricher " + enricher + " returned null for event "
                                + job.events.get(i).id());
                    }
                } catch (RuntimeException | StackOverflowError e) {
                    result = e;
                }
                job.results.compareAndSet(i, null, result);
            }
            job.finished = true;
            LockSupport.unpark(job.waiter);
        }
    }

    /** Stops the worker; one busy with a slow record ends when that record is done (it is a daemon thread). */
    @Override
    public void close() {
        worker.interrupt();
    }

    /** One batch handed to the worker. */
    private static final class Job {
        final List<RawEvent> events;
        final Thread waiter;
        final AtomicInteger next = new AtomicInteger();
        final AtomicReferenceArray<Object> results;
        /** When the worker started its current record, or when the job was handed over. */
        volatile long progressNanos = System.nanoTime();
        volatile boolean finished;

        Job(List<RawEvent> events, Thread waiter) {
            this.events = events;
            this.waiter = waiter;
            this.results = new AtomicReferenceArray<>(events.size());
        }

        /** Takes every record the worker has not finished away from it. */
        void abandon() {
            next.set(events.size());
            for (int i = 0; i < events.size(); i++) {
                results.compareAndSet(i, null, ABANDONED);
            }
        }
    }
}
