package net.erpex.privacy.visit;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes raw events from request threads without making them wait for I/O, and has one daemon thread
 * ({@value #THREAD_NAME}) enrich them and write them to a {@link RecordSink} in batches.
 *
 * <p><b>Visits</b> ({@link #submit}) go through a bounded queue. When it is full, {@link OverflowPolicy#BLOCK} makes
 * the request thread wait (nothing is lost) and {@link OverflowPolicy#DROP} drops droppable events, counted and warned
 * about at most once a minute. Failed sink writes are retried with backoff, keeping the batch; a spool for long
 * outages is the sink's business.
 *
 * <p><b>Proofs</b> ({@link #recordProof}, {@link #submitProof}) take a priority lane: the recorder thread writes them
 * before its next batch of visits, without waiting for the flush interval, with {@link RecordSink#writeDurably}, and
 * only then tells the submitter. A consent decision can therefore be answered once its proof is on disk (or
 * committed), and refused when that cannot be had in time.
 *
 * <p><b>Enrichment</b> runs under a time budget ({@link Builder#enrichBudget}) on a worker thread of its own: input
 * that is slow to analyse makes its record degraded (written with the raw, capped User-Agent), never late, never lost.
 *
 * <p>{@link #close()} stops accepting events, drains everything queued to the sink (without detail once half its time
 * is used) and closes it. Events submitted after that are dropped, counted, and logged once: the container should not
 * serve requests through a destroyed filter, and writing them synchronously would race the sink's close.
 */
public final class VisitRecorder implements AutoCloseable {

    /** Name of the recorder thread. */
    public static final String THREAD_NAME = "erpex-visit-recorder";
    /** Default {@link Builder#capacity(int)}. */
    public static final int DEFAULT_CAPACITY = 10_000;
    /** Default {@link Builder#batchSize(int)}. */
    public static final int DEFAULT_BATCH_SIZE = 500;
    /** Default {@link Builder#flushInterval(Duration)}. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(200);
    /** Default {@link Builder#maintenanceInterval(Duration)}. */
    public static final Duration DEFAULT_MAINTENANCE_INTERVAL = Duration.ofDays(1);
    /** Default {@link Builder#enrichBudget(Duration)}. */
    public static final Duration DEFAULT_ENRICH_BUDGET = Duration.ofMillis(50);
    /** How long {@link #close()} waits for the queue to drain. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(VisitRecorder.class);

    private final RecorderState state = new RecorderState();
    private final RecorderLanes lanes;
    private final RecordSink sink;
    private final OverflowPolicy overflow;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Thread thread;

    private VisitRecorder(Builder builder) {
        this.sink = builder.sink;
        this.overflow = builder.overflow;
        this.lanes = new RecorderLanes(state, builder.capacity, builder.overflow, builder.clock);
        BoundedEnrichment enrichment = new BoundedEnrichment(builder.enricher, builder.enrichBudget, state,
                new LogThrottle(builder.clock, Duration.ofMinutes(1)));
        RecorderLoop loop = new RecorderLoop(lanes, state, enrichment, sink, builder.clock, builder.batchSize,
                builder.flushInterval, builder.maintenanceInterval);
        this.thread = new Thread(loop, THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Starts building a recorder.
     *
     * @param enricher turns raw events into records on the recorder's threads
     * @param sink     where records go; the recorder closes it on {@link #close()}
     */
    public static Builder builder(Enricher enricher, RecordSink sink) {
        return new Builder(enricher, sink);
    }

    /**
     * Hands an event to the recorder; called on request threads. Returns at once while the queue has room; when it
     * is full, applies the {@link OverflowPolicy} (events that are not droppable always wait). Never throws for a
     * full queue or a closed recorder.
     */
    public void submit(RawEvent event) {
        lanes.submit(Objects.requireNonNull(event, "event"));
    }

    /**
     * Records a proof and returns once it is durable in the sink ({@link RecordSink#writeDurably}), waiting at most
     * {@code timeout} in total. When the time runs out before a write attempt has taken the proof, it is withdrawn
     * and will never be written; when an attempt holds it, this waits up to {@code timeout} more for that attempt,
     * so that an answer of failure is only given for a proof that is not written. (A sink that hangs longer than that
     * may still complete the write after the failure was answered.)
     *
     * @throws TimeoutException when the proof is not durable in time (a full lane, a sink that keeps failing)
     * @throws IOException      when the recorder is closed or the proof could not be recorded
     */
    public void recordProof(RawEvent proof, Duration timeout)
            throws IOException, TimeoutException, InterruptedException {
        Objects.requireNonNull(proof, "proof");
        long deadline = System.nanoTime() + timeout.toNanos();
        lanes.submitProof(proof, timeout).awaitDurable(Math.max(0, deadline - System.nanoTime()), timeout);
    }

    /**
     * Hands a proof to the priority lane without waiting, for proofs no answer depends on (a browser signal recorded
     * once per session). The future completes when it is durable, or exceptionally when it cannot be written (the
     * lane is full, the recorder is closed), so that the caller can try again later.
     */
    public CompletableFuture<Void> submitProof(RawEvent proof) {
        Objects.requireNonNull(proof, "proof");
        try {
            return lanes.submitProof(proof, Duration.ZERO).durable;
        } catch (IOException | TimeoutException e) {
            return CompletableFuture.failedFuture(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Returns once every event submitted before this call (visits and proofs) has been handed to the sink, waiting
     * at most {@code timeout}, room in the queue included. The recorder does no work for it beyond noticing it, so a
     * visitor's access or erasure request can use it to see their last visits without running on the recorder.
     *
     * @throws TimeoutException when that did not happen in time
     * @throws IOException      when the recorder is closed
     */
    public void awaitWritten(Duration timeout) throws IOException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Barrier barrier = lanes.barrier(timeout);
        ProofTicket.await(barrier.passed, Math.max(0, deadline - System.nanoTime()));
    }

    /** Current counters. */
    public RecorderStats stats() {
        return new RecorderStats(state.submitted.sum(), state.written.sum(), state.dropped.sum(),
                state.degraded.sum(), state.overruns.sum(), state.failedWrites.sum(), state.proofs.sum(),
                lanes.queued());
    }

    /** {@link #close(Duration)} with {@link #DEFAULT_CLOSE_TIMEOUT}. */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    /**
     * Stops accepting events, writes everything still queued, and closes the sink; runs no more maintenance.
     * Enriches in detail for the first half of {@code timeout} at most, so that the drain never waits on slow
     * analysis: what is left after that is written without detail. If records are still unwritten when the time is
     * up (a sink that keeps failing), logs an ERROR with their number and stops the recorder thread without them.
     * Idempotent: later calls return at once.
     */
    public void close(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        state.closeTimeoutNanos = timeout.toNanos();
        state.closeStartNanos = System.nanoTime();
        state.closed = true;
        lanes.wake();
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while closing the visit recorder; it goes on draining in the background");
            return;
        }
        if (thread.isAlive()) {
            int unwritten = state.inFlight + lanes.queued();
            state.abandoned = true;
            thread.interrupt();
            LOG.error("visit recorder could not write {} records to {} within {}; they are lost", unwritten, sink,
                    timeout);
        }
        lanes.reportDrops();
    }

    @Override
    public String toString() {
        return "VisitRecorder[capacity=" + lanes.capacity() + ", overflow=" + overflow + ", sink=" + sink + "]";
    }

    /**
     * Settings of a {@link VisitRecorder}; each setter rejects a bad value at once with an
     * {@link IllegalArgumentException} that names the setting and the accepted range.
     */
    public static final class Builder {

        /** Largest accepted capacity: the queue's array is allocated up front. */
        public static final int MAX_CAPACITY = 1_000_000;
        /** Largest accepted batch size. */
        public static final int MAX_BATCH_SIZE = 100_000;
        /** Longest accepted flush interval. */
        public static final Duration MAX_FLUSH_INTERVAL = Duration.ofMinutes(1);

        private final Enricher enricher;
        private final RecordSink sink;
        private int capacity = DEFAULT_CAPACITY;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private OverflowPolicy overflow = OverflowPolicy.BLOCK;
        private Clock clock = Clock.systemUTC();
        private Duration maintenanceInterval = DEFAULT_MAINTENANCE_INTERVAL;
        private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
        private Duration enrichBudget = DEFAULT_ENRICH_BUDGET;

        private Builder(Enricher enricher, RecordSink sink) {
            this.enricher = required(enricher, "enricher");
            this.sink = required(sink, "sink");
        }

        /** Queue capacity, 1 to {@value #MAX_CAPACITY}; default {@value VisitRecorder#DEFAULT_CAPACITY}. */
        public Builder capacity(int capacity) {
            if (capacity < 1 || capacity > MAX_CAPACITY) {
                throw new IllegalArgumentException("capacity must be between 1 and " + MAX_CAPACITY + ", got "
                        + capacity);
            }
            this.capacity = capacity;
            return this;
        }

        /** Most records per sink write, 1 to {@value #MAX_BATCH_SIZE}; default {@value #DEFAULT_BATCH_SIZE}. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
                throw new IllegalArgumentException("batchSize must be between 1 and " + MAX_BATCH_SIZE + ", got "
                        + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** What a full queue does to submitters; default {@link OverflowPolicy#BLOCK}. */
        public Builder overflow(OverflowPolicy overflow) {
            this.overflow = required(overflow, "overflow (BLOCK or DROP)");
            return this;
        }

        /** Clock for maintenance timing and log rate limits (event times come from the events); default UTC. */
        public Builder clock(Clock clock) {
            this.clock = required(clock, "clock");
            return this;
        }

        /** How often {@link RecordSink#maintain} runs, besides once at start; positive; default one day. */
        public Builder maintenanceInterval(Duration interval) {
            required(interval, "maintenanceInterval");
            if (interval.isZero() || interval.isNegative()) {
                throw new IllegalArgumentException("maintenanceInterval must be a positive duration, got "
                        + interval);
            }
            this.maintenanceInterval = interval;
            return this;
        }

        /**
         * How long the thread waits for more events to fill a batch once it has one, 0 to 1 minute; default 200 ms.
         * Closing never waits for it.
         */
        public Builder flushInterval(Duration interval) {
            required(interval, "flushInterval");
            if (interval.isNegative() || interval.compareTo(MAX_FLUSH_INTERVAL) > 0) {
                throw new IllegalArgumentException("flushInterval must be between PT0S and " + MAX_FLUSH_INTERVAL
                        + ", got " + interval);
            }
            this.flushInterval = interval;
            return this;
        }

        /**
         * The longest the detailed enrichment of one record may take, 1 ms to 10 s; a batch gets
         * {@value BoundedEnrichment#BATCH_BUDGETS} times this. A record over budget is written without detail
         * (counted in {@link RecorderStats#degraded()} and {@link RecorderStats#overruns()}). Default 50 ms: an
         * uncached User-Agent takes about 2 ms with uap-java, and the margin keeps a busy machine's scheduling delays
         * from degrading ordinary records; a batch of 500 then spends at most half a second on analysis.
         */
        public Builder enrichBudget(Duration budget) {
            required(budget, "enrichBudget");
            if (budget.compareTo(Duration.ofMillis(1)) < 0 || budget.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new IllegalArgumentException("enrichBudget must be between PT0.001S and PT10S, got " + budget);
            }
            this.enrichBudget = budget;
            return this;
        }

        /** Builds the recorder and starts its threads. */
        public VisitRecorder build() {
            return new VisitRecorder(this);
        }

        private static <T> T required(T value, String name) {
            if (value == null) {
                throw new IllegalArgumentException(name + " is required, got null");
            }
            return value;
        }
    }
}
