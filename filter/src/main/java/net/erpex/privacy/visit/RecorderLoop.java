package net.erpex.privacy.visit;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of the recorder thread: take a batch from the queue, enrich it, write it to the sink (retrying until it
 * is written), and run the sink's maintenance now and then. Nothing taken from the queue is lost except when
 * enrichment is impossible or {@code close} gives up waiting; both are counted as dropped and logged.
 */
final class RecorderLoop implements Runnable {

    /** Offered by {@code close()} to wake the thread from an idle wait; never enriched. */
    static final RawEvent WAKE_UP = new RawEvent() {
        @Override
        public String id() {
            return "wake-up";
        }

        @Override
        public Instant time() {
            return Instant.EPOCH;
        }

        @Override
        public boolean droppable() {
            return true;
        }
    };

    private static final Logger LOG = LoggerFactory.getLogger(VisitRecorder.class);
    private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long CLOSING_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final BlockingQueue<RawEvent> queue;
    private final RecorderState state;
    private final Enricher enricher;
    private final RecordSink sink;
    private final Clock clock;
    private final int capacity;
    private final int batchSize;
    /** How long the fill sleeps between drains: small beside the flush interval, large beside a request's cost. */
    private static final long FILL_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final long flushNanos;
    private final Duration maintenanceInterval;
    private final LogThrottle enrichFailures;
    private final LogThrottle writeFailures;
    private Instant nextMaintenance = Instant.MIN;

    RecorderLoop(BlockingQueue<RawEvent> queue, RecorderState state, Enricher enricher, RecordSink sink, Clock clock,
                 int capacity, int batchSize, Duration flushInterval, Duration maintenanceInterval) {
        this.queue = queue;
        this.state = state;
        this.enricher = enricher;
        this.sink = sink;
        this.clock = clock;
        this.capacity = capacity;
        this.batchSize = batchSize;
        this.flushNanos = flushInterval.toNanos();
        this.maintenanceInterval = maintenanceInterval;
        this.enrichFailures = new LogThrottle(clock, Duration.ofMinutes(1));
        this.writeFailures = new LogThrottle(clock, Duration.ofMinutes(1));
    }

    @Override
    public void run() {
        List<RawEvent> raw = new ArrayList<>(batchSize);
        List<LogRecord> records = new ArrayList<>(batchSize);
        try {
            while (!state.abandoned) {
                if (state.closed && state.activeSubmitters.get() == 0 && queue.isEmpty()) {
                    break;
                }
                if (!state.closed && !clock.instant().isBefore(nextMaintenance)) {
                    maintain();
                }
                raw.clear();
                fill(raw);
                if (raw.isEmpty()) {
                    idle();
                    continue;
                }
                state.inFlight = (int) raw.stream().filter(event -> !(event instanceof TaskEvent)).count();
                records.clear();
                for (RawEvent event : raw) {
                    if (event instanceof TaskEvent<?> task) {
                        // In order: what was queued before the task is written before it runs.
                        writeUntilDone(records);
                        records.clear();
                        task.run(sink);
                    } else {
                        enrich(event, records);
                    }
                }
                state.inFlight = records.size();
                writeUntilDone(records);
                state.inFlight = 0;
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

    /** Waits for a first event, then collects more for up to the flush interval unless closing. */
    private void fill(List<RawEvent> raw) throws InterruptedException {
        RawEvent first = queue.poll(idleNanos(), TimeUnit.NANOSECONDS);
        if (first == null) {
            return;
        }
        raw.add(first);
        queue.drainTo(raw, batchSize - raw.size());
        // Collect the rest of the batch by sleeping and draining, not by waiting on the queue: a consumer blocked in
        // poll() makes every producer's offer wake it, a system call on each request thread.
        long deadline = System.nanoTime() + flushNanos;
        while (raw.size() < batchSize && !state.closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, FILL_SLICE_NANOS));
            queue.drainTo(raw, batchSize - raw.size());
        }
        raw.removeIf(event -> event == WAKE_UP);
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

    /**
     * Enriches one event in detail unless the queue is more than half full. A failing enricher is asked again
     * without detail; only when that fails too is the event lost.
     */
    private void enrich(RawEvent event, List<LogRecord> records) {
        boolean detailed = 2L * queue.size() <= capacity;
        RuntimeException failure;
        try {
            records.add(enrichOnce(event, detailed));
            return;
        } catch (RuntimeException e) {
            failure = e;
        }
        if (detailed) {
            long failures = enrichFailures.occurred();
            if (failures > 0) {
                LOG.warn("enriching visit event {} failed ({} failures in the last minute); recording it without "
                        + "details", event.id(), failures, failure);
            }
            try {
                records.add(enrichOnce(event, false));
                return;
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        state.dropped.increment();
        long failures = enrichFailures.occurred();
        if (failures > 0) {
            LOG.error("could not enrich event {}, even without details; it is not recorded ({} failures in the last"
                    + " minute)", event.id(), failures, failure);
        }
    }

    private LogRecord enrichOnce(RawEvent event, boolean detailed) {
        LogRecord record = enricher.enrich(event, detailed);
        if (record == null) {
            throw new IllegalStateException("enricher " + enricher + " returned null for event " + event.id());
        }
        if (!detailed) {
            state.degraded.increment();
        }
        return record;
    }

    /** Retries with backoff until the sink takes the batch; meanwhile the queue fills and its policy applies. */
    private void writeUntilDone(List<LogRecord> records) throws InterruptedException {
        if (records.isEmpty()) {
            return;
        }
        List<LogRecord> batch = List.copyOf(records);
        long backoff = FIRST_BACKOFF_MILLIS;
        while (true) {
            try {
                sink.write(batch);
                state.written.add(batch.size());
                return;
            } catch (IOException | RuntimeException e) {
                state.failedWrites.increment();
                long failures = writeFailures.occurred();
                if (failures > 0) {
                    LOG.error("writing {} records to {} failed ({} failures in the last minute); retrying in {} ms,"
                            + " nothing is lost while the queue has room", batch.size(), sink, failures, backoff, e);
                }
            }
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
    }

    /** Lets the sink do its background work; a failure is the sink's to report, and is tried again later. */
    private void idle() {
        if (state.closed) {
            return;
        }
        try {
            sink.idle(clock.instant());
        } catch (IOException | RuntimeException e) {
            long failures = writeFailures.occurred();
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

    /** Counts what could not be written, marks the thread as gone, and closes the sink. */
    private void finish() {
        // Terminated first: a submitter still waiting for room sees it and gives up instead of filling a dead queue.
        state.terminated = true;
        int lost = state.inFlight;
        RawEvent left;
        while ((left = queue.poll()) != null) {
            if (left instanceof TaskEvent<?> task) {
                task.result.completeExceptionally(new IOException("the visit recorder stopped before the task ran"));
            } else if (left != WAKE_UP) {
                lost++;
            }
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
