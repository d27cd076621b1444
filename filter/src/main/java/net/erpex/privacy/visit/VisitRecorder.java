package net.erpex.privacy.visit;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes raw events from request threads without making them wait for I/O, and has one daemon thread
 * ({@value #THREAD_NAME}) enrich them and write them to a {@link RecordSink} in batches.
 *
 * <p>The queue is bounded. When it is full, {@link OverflowPolicy#BLOCK} makes the request thread wait (nothing is
 * lost) and {@link OverflowPolicy#DROP} drops droppable events, counted and warned about at most once a minute.
 * Failed sink writes are retried with backoff, keeping the batch; a spool for long outages is the sink's business.
 *
 * <p>{@link #close()} stops accepting events, drains everything queued to the sink and closes it. Events submitted
 * after that are dropped, counted, and logged once: the container should not serve requests through a destroyed
 * filter, and writing them synchronously would race the sink's close.
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
    /** How long {@link #close()} waits for the queue to drain. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(VisitRecorder.class);
    private static final long ROOM_POLL_MILLIS = 100;

    private final BlockingQueue<RawEvent> queue;
    private final RecorderState state = new RecorderState();
    private final int capacity;
    private final OverflowPolicy overflow;
    private final RecordSink sink;
    private final LogThrottle drops;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean warnedClosed = new AtomicBoolean();
    private final Thread thread;

    private VisitRecorder(Builder builder) {
        this.capacity = builder.capacity;
        this.overflow = builder.overflow;
        this.sink = builder.sink;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.drops = new LogThrottle(builder.clock, Duration.ofMinutes(1));
        RecorderLoop loop = new RecorderLoop(queue, state, builder.enricher, sink, builder.clock, capacity,
                builder.batchSize, builder.flushInterval, builder.maintenanceInterval);
        this.thread = new Thread(loop, THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Starts building a recorder.
     *
     * @param enricher turns raw events into records on the recorder thread
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
        Objects.requireNonNull(event, "event");
        state.activeSubmitters.incrementAndGet();
        try {
            if (state.closed || state.terminated) {
                dropAfterClose();
            } else if (queue.offer(event)) {
                state.submitted.increment();
            } else if (overflow == OverflowPolicy.DROP && event.droppable()) {
                dropForFullQueue();
            } else {
                waitForRoom(event);
            }
        } finally {
            state.activeSubmitters.decrementAndGet();
        }
    }

    /** BLOCK: waits for room, without giving up on interrupts (the flag is restored), unless the thread has ended. */
    private void waitForRoom(RawEvent event) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (queue.offer(event, ROOM_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                        state.submitted.increment();
                        return;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
                if (state.terminated) {
                    dropAfterClose();
                    return;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void dropForFullQueue() {
        state.dropped.increment();
        long dropped = drops.occurred();
        if (dropped > 0) {
            warnDropped(dropped);
        }
    }

    private void warnDropped(long dropped) {
        LOG.warn("visit log queue full (capacity {}): dropped {} visit records in the last minute; raise"
                + " visits.queue-capacity or set visits.overflow=block", capacity, dropped);
    }

    private void dropAfterClose() {
        state.dropped.increment();
        if (warnedClosed.compareAndSet(false, true)) {
            LOG.warn("visit recorder is closed (or its thread ended): dropped a record submitted afterwards; later"
                    + " ones are only counted. Requests should not be served after the filter is destroyed.");
        }
    }

    /**
     * Runs {@code task} on the recorder thread with the sink, after every event submitted before this call has been
     * written, and waits for its answer. Never waits longer than {@code timeout} in total, for room in the queue
     * included; a task still queued when the wait ends does not run.
     *
     * @throws TimeoutException when the answer did not come in time (a full queue, a sink that keeps failing)
     * @throws IOException      when the task failed with it, or the recorder is closed
     */
    public <T> T call(SinkTask<T> task, Duration timeout)
            throws IOException, TimeoutException, InterruptedException {
        Objects.requireNonNull(task, "task");
        long deadline = System.nanoTime() + timeout.toNanos();
        TaskEvent<T> event = new TaskEvent<>(task);
        state.activeSubmitters.incrementAndGet();
        try {
            if (state.closed || state.terminated) {
                throw new IOException("the visit recorder is closed");
            }
            if (!queue.offer(event, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new TimeoutException("the visit recorder's queue stayed full for " + timeout);
            }
        } finally {
            state.activeSubmitters.decrementAndGet();
        }
        try {
            return event.result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            event.result.cancel(false);
            throw new TimeoutException("the visit recorder did not run the task within " + timeout);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(cause);
        }
    }

    /** Current counters. */
    public RecorderStats stats() {
        return new RecorderStats(state.submitted.sum(), state.written.sum(), state.dropped.sum(),
                state.degraded.sum(), state.failedWrites.sum(), queue.size());
    }

    /** {@link #close(Duration)} with {@link #DEFAULT_CLOSE_TIMEOUT}. */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    /**
     * Stops accepting events, writes everything still queued, and closes the sink; runs no more maintenance.
     * Waits up to {@code timeout}; if records are still unwritten then (a sink that keeps failing), logs an ERROR
     * with their number and stops the recorder thread without them. Idempotent: later calls return at once.
     */
    public void close(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        state.closed = true;
        queue.offer(RecorderLoop.WAKE_UP);
        try {
            thread.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while closing the visit recorder; it goes on draining in the background");
            return;
        }
        if (thread.isAlive()) {
            int unwritten = state.inFlight + queue.size();
            state.abandoned = true;
            thread.interrupt();
            LOG.error("visit recorder could not write {} records to {} within {}; they are lost", unwritten, sink,
                    timeout);
        }
        long dropped = drops.drain();
        if (dropped > 0) {
            warnDropped(dropped);
        }
    }

    @Override
    public String toString() {
        return "VisitRecorder[capacity=" + capacity + ", overflow=" + overflow + ", sink=" + sink + "]";
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

        /** Builds the recorder and starts its thread. */
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
