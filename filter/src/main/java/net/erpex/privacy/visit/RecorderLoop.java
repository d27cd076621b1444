package net.erpex.privacy.visit;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of the recorder thread. Each round it first writes every waiting proof (enriched, written and made durable
 * at once), then takes a batch of visits, enriches it within the time budget and writes it, retrying until the sink
 * takes it; a barrier in the visit queue completes when everything before it is written. Now and then it runs the
 * sink's maintenance, and lets the sink work while idle. Nothing taken from the queues is lost except an event that
 * cannot be enriched at all, or what is still unwritten when {@code close} gives up; both are counted and logged.
 */
final class RecorderLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(VisitRecorder.class);
    private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long CLOSING_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** The fill's first sleep between drains: small beside the flush interval, large beside a request's cost. */
    private static final long FILL_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** The shortest sleep between drains, when visits arrive fast enough to fill an eighth of the queue in a slice. */
    private static final long MIN_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final RecorderLanes lanes;
    private final RecorderState state;
    private final BoundedEnrichment enrichment;
    private final SinkWriter writer;
    private final RecordSink sink;
    private final Clock clock;
    private final int batchSize;
    private final long flushNanos;
    private final Duration maintenanceInterval;
    private final LogThrottle idleFailures;
    private Instant nextMaintenance = Instant.MIN;
    /** The current sleep between drains; see {@link #nextSlice}. */
    private long sliceNanos = FILL_SLICE_NANOS;

    RecorderLoop(RecorderLanes lanes, RecorderState state, BoundedEnrichment enrichment, RecordSink sink, Clock clock,
                 int batchSize, Duration flushInterval, Duration maintenanceInterval) {
        this.lanes = lanes;
        this.state = state;
        this.enrichment = enrichment;
        this.sink = sink;
        this.writer = new SinkWriter(sink, state, clock);
        this.clock = clock;
        this.batchSize = batchSize;
        this.flushNanos = flushInterval.toNanos();
        this.maintenanceInterval = maintenanceInterval;
        this.idleFailures = new LogThrottle(clock, Duration.ofMinutes(1));
    }

    @Override
    public void run() {
        lanes.recorderThread(Thread.currentThread());
        List<RawEvent> raw = new ArrayList<>(batchSize);
        try {
            while (!state.abandoned) {
                if (state.closed && state.activeSubmitters.get() == 0 && lanes.visits.isEmpty()
                        && lanes.proofs.isEmpty()) {
                    break;
                }
                if (!state.closed && !clock.instant().isBefore(nextMaintenance)) {
                    maintain();
                }
                writeProofs();
                raw.clear();
                fill(raw);
                if (raw.isEmpty()) {
                    if (lanes.proofs.isEmpty()) {
                        idle();
                    }
                    continue;
                }
                process(raw);
            }
        } catch (InterruptedException e) {
            if (!state.abandoned) {
                LOG.error("visit recorder thread was interrupted; visit records are no longer written");
            }
        } catch (RuntimeException | Error e) {
            LOG.error("visit recorder thread failed; visit records are no longer written", e);
            throw e;
        } finally {
            finish();
        }
    }

    /** Writes the visits of a batch in order; at a barrier, what came before it and every waiting proof first. */
    private void process(List<RawEvent> raw) throws InterruptedException {
        List<RawEvent> pending = new ArrayList<>(raw.size());
        state.inFlight = raw.size();
        for (RawEvent event : raw) {
            if (event instanceof Barrier barrier) {
                writeVisits(pending);
                pending.clear();
                writeProofs();
                barrier.passed.complete(null);
            } else if (event != RecorderLanes.WAKE_UP) {
                pending.add(event);
            }
        }
        writeVisits(pending);
        state.inFlight = 0;
    }

    private void writeVisits(List<RawEvent> events) throws InterruptedException {
        if (events.isEmpty()) {
            return;
        }
        List<LogRecord> records = enrichment.enrich(events, detailedAllowed());
        records.removeIf(Objects::isNull);
        writer.writeUntilDone(records);
    }

    /** Writes every waiting proof, in batches, each made durable before its submitters hear of it. */
    private void writeProofs() throws InterruptedException {
        List<ProofTicket> tickets = new ArrayList<>();
        while (lanes.proofs.drainTo(tickets, batchSize) > 0) {
            List<RawEvent> events = new ArrayList<>(tickets.size());
            for (ProofTicket ticket : tickets) {
                events.add(ticket.event);
            }
            List<LogRecord> records = enrichment.enrich(events, !state.hurrying());
            for (int i = 0; i < records.size(); i++) {
                if (records.get(i) == null) {
                    tickets.get(i).failed(new IOException("the proof could not be turned into a record"));
                }
            }
            writer.writeProofsUntilDone(tickets, records);
            tickets.clear();
        }
    }

    /**
     * Detail only while the recorder keeps up (the visit queue is at most half full) and, when closing, in the first
     * half of the time {@code close} gave: after that everything left is written at once without detail.
     */
    private boolean detailedAllowed() {
        return 2L * lanes.visits.size() <= lanes.capacity() && !state.hurrying();
    }

    /** Waits for a first visit, then collects more for up to the flush interval, unless closing or a proof waits. */
    private void fill(List<RawEvent> raw) throws InterruptedException {
        RawEvent first = lanes.visits.poll(idleNanos(), TimeUnit.NANOSECONDS);
        if (first == null) {
            return;
        }
        raw.add(first);
        lanes.visits.drainTo(raw, batchSize - raw.size());
        // Collect the rest of the batch by sleeping and draining, not by waiting on the queue: a consumer blocked in
        // poll() makes every producer's offer wake it, a system call on each request thread. A proof, a barrier, a
        // full queue and close unpark this thread (RecorderLanes.nudge), so a long sleep delays none of them.
        long deadline = System.nanoTime() + flushNanos;
        int scanned = 0;
        while (raw.size() < batchSize && !state.closed && lanes.proofs.isEmpty() && !hasBarrier(raw, scanned)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            scanned = raw.size();
            LockSupport.parkNanos(this, Math.min(left, sliceNanos));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            lanes.visits.drainTo(raw, batchSize - raw.size());
            sliceNanos = nextSlice(sliceNanos, raw.size() - scanned, lanes.capacity(), flushNanos);
        }
        if (raw.size() == 1 && first == RecorderLanes.WAKE_UP) {
            raw.clear();
        }
    }

    /**
     * The next sleep between drains: twice as long while a slice brings at most an eighth of the queue's capacity,
     * half as long when it brings more, between 1 ms and the flush interval. Each wake-up costs a system call and a
     * context switch (on this project's virtual machines, tens of microseconds); at a steady rate the slice settles
     * where the queue stays far from the half-full mark past which visits are written without detail.
     */
    static long nextSlice(long slice, int drained, int capacity, long flushNanos) {
        if (8L * drained <= capacity) {
            return Math.max(MIN_SLICE_NANOS, Math.min(2 * slice, flushNanos));
        }
        return Math.max(MIN_SLICE_NANOS, slice / 2);
    }

    /**
     * Someone waits on a barrier in the batch: it is written now rather than after the flush interval. Only the events
     * drained since the last look are scanned ({@code from} on): a batch of thousands, scanned whole at every slice,
     * cost the recorder more than writing it.
     */
    private static boolean hasBarrier(List<RawEvent> raw, int from) {
        for (int i = raw.size() - 1; i >= from; i--) {
            if (raw.get(i) instanceof Barrier) {
                return true;
            }
        }
        return false;
    }

    /** Idle waits are short enough to notice that maintenance is due on the (possibly non-ticking) clock. */
    private long idleNanos() {
        if (state.closed) {
            return CLOSING_POLL_NANOS;
        }
        Duration untilMaintenance = Duration.between(clock.instant(), nextMaintenance);
        long nanos = untilMaintenance.compareTo(Duration.ofSeconds(1)) >= 0 ? MAX_IDLE_NANOS
                : untilMaintenance.toNanos();
        return Math.max(TimeUnit.MILLISECONDS.toNanos(1), nanos);
    }

    /** Lets the sink do its background work; a failure is the sink's to report, and is tried again later. */
    private void idle() {
        if (state.closed) {
            return;
        }
        try {
            sink.idle(clock.instant());
        } catch (IOException | RuntimeException e) {
            long failures = idleFailures.occurred();
            if (failures > 0) {
                LOG.warn("background work of {} failed ({} failures in the last minute)", sink, failures, e);
            }
        }
    }

    /** Runs the sink's housekeeping; a failure is logged and tried again at the next interval. */
    private void maintain() {
        Instant now = clock.instant();
        nextMaintenance = now.plus(maintenanceInterval);
        try {
            sink.maintain(now);
        } catch (IOException | RuntimeException e) {
            LOG.warn("visit log maintenance of {} failed; trying again in {}", sink, maintenanceInterval, e);
        }
    }

    /** Counts what could not be written, tells waiting submitters, marks the thread as gone, closes the sink. */
    private void finish() {
        // Terminated first: a submitter still waiting for room sees it and gives up instead of filling a dead queue.
        state.terminated = true;
        enrichment.close();
        int lost = state.inFlight;
        IOException stopped = new IOException("the visit recorder stopped before writing it");
        RawEvent left;
        while ((left = lanes.visits.poll()) != null) {
            if (left instanceof Barrier barrier) {
                barrier.passed.completeExceptionally(stopped);
            } else if (left != RecorderLanes.WAKE_UP) {
                lost++;
            }
        }
        ProofTicket proof;
        while ((proof = lanes.proofs.poll()) != null) {
            proof.failed(stopped);
            lost++;
        }
        state.inFlight = 0;
        state.dropped.add(lost);
        try {
            sink.close();
        } catch (IOException | RuntimeException e) {
            LOG.error("closing {} failed; its last records may be incomplete", sink, e);
        }
    }
}
