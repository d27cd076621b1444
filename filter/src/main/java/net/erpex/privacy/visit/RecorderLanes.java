package net.erpex.privacy.visit;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two queues between request threads and the recorder thread: the bounded visit queue, where
 * {@link OverflowPolicy} applies, and the priority lane for proofs, which the recorder empties before every batch of
 * visits and writes at once. Request threads only ever offer; the recorder thread only ever takes.
 */
final class RecorderLanes {

    /** Offered to wake the recorder thread from an idle wait; never enriched. */
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

    /**
     * Most proofs waiting at once. Each waits with its request thread, so the request threads bound them anyway; a
     * proof that finds no room waits for it within its own timeout.
     */
    static final int PROOF_CAPACITY = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(VisitRecorder.class);
    private static final long ROOM_POLL_MILLIS = 100;

    final BlockingQueue<RawEvent> visits;
    final BlockingQueue<ProofTicket> proofs = new LinkedBlockingQueue<>(PROOF_CAPACITY);
    private final RecorderState state;
    private final int capacity;
    private final OverflowPolicy overflow;
    private final LogThrottle drops;
    private final AtomicBoolean warnedClosed = new AtomicBoolean();
    /** The recorder thread, once it runs: unparked when something must not wait for the end of its sleep. */
    private volatile Thread recorder;

    RecorderLanes(RecorderState state, int capacity, OverflowPolicy overflow, Clock clock) {
        this.state = state;
        this.capacity = capacity;
        this.overflow = overflow;
        this.visits = new ArrayBlockingQueue<>(capacity);
        this.drops = new LogThrottle(clock, Duration.ofMinutes(1));
    }

    void recorderThread(Thread thread) {
        recorder = thread;
    }

    /** Cuts the recorder's sleep between drains short; cheap when it is not asleep (a permit for its next sleep). */
    void nudge() {
        Thread thread = recorder;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    int capacity() {
        return capacity;
    }

    int queued() {
        return visits.size() + proofs.size();
    }

    /** A visit (or any event): at once while there is room, else as the overflow policy says. */
    void submit(RawEvent event) {
        state.activeSubmitters.incrementAndGet();
        try {
            if (state.closed || state.terminated) {
                dropAfterClose();
            } else if (visits.offer(event)) {
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

    /**
     * A proof into the priority lane, waiting at most {@code timeout} for room; wakes the recorder thread.
     *
     * @throws IOException      when the recorder is closed
     * @throws TimeoutException when the lane stayed full
     */
    ProofTicket submitProof(RawEvent event, Duration timeout)
            throws IOException, TimeoutException, InterruptedException {
        ProofTicket ticket = new ProofTicket(event);
        state.activeSubmitters.incrementAndGet();
        try {
            if (state.closed || state.terminated) {
                throw new IOException("the visit recorder is closed");
            }
            if (!proofs.offer(ticket, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new TimeoutException("the recorder's proof lane stayed full for " + timeout);
            }
            state.submitted.increment();
        } finally {
            state.activeSubmitters.decrementAndGet();
        }
        wake();
        return ticket;
    }

    /**
     * Queues a barrier behind every visit queued so far, waiting at most {@code timeout} for room.
     *
     * @throws IOException      when the recorder is closed
     * @throws TimeoutException when the visit queue stayed full
     */
    Barrier barrier(Duration timeout) throws IOException, TimeoutException, InterruptedException {
        Barrier barrier = new Barrier();
        state.activeSubmitters.incrementAndGet();
        try {
            if (state.closed || state.terminated) {
                throw new IOException("the visit recorder is closed");
            }
            if (!visits.offer(barrier, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new TimeoutException("the visit recorder's queue stayed full for " + timeout);
            }
        } finally {
            state.activeSubmitters.decrementAndGet();
        }
        nudge();
        return barrier;
    }

    /**
     * Wakes the recorder thread if it waits idle for a visit, or sleeps while collecting a batch. When the queue is
     * full it is not idle, and it looks at the proof lane before its next batch anyway.
     */
    void wake() {
        visits.offer(WAKE_UP);
        nudge();
    }

    /** BLOCK: waits for room, without giving up on interrupts (the flag is restored), unless the thread has ended. */
    private void waitForRoom(RawEvent event) {
        boolean interrupted = false;
        try {
            while (true) {
                nudge(); // the queue is full: the recorder drains it now rather than at the end of its sleep
                try {
                    if (visits.offer(event, ROOM_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
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

    /** Logs the drops not yet reported; called when closing. */
    void reportDrops() {
        long dropped = drops.drain();
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
}
