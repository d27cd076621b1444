package net.erpex.privacy.visit;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What request threads, the recorder thread and {@code close()} share: lifecycle flags and counters. */
final class RecorderState {

    /** Set by {@code close()}: no new events, drain what is queued. */
    volatile boolean closed;
    /** {@link System#nanoTime()} when {@code close()} began, and how long it gives the drain. */
    volatile long closeStartNanos;
    volatile long closeTimeoutNanos;
    /** Set by {@code close()} when its timeout expired: the recorder thread stops without draining. */
    volatile boolean abandoned;
    /** Set by the recorder thread when it has ended, normally or not; nothing reads the queues any more. */
    volatile boolean terminated;
    /** Events the recorder thread has taken from the queues but not yet written. */
    volatile int inFlight;
    /**
     * Request threads inside a submit. The recorder thread ends only when this is 0 after {@code closed} was set, so
     * an event offered in the instant of closing is still drained rather than stranded in a queue.
     */
    final AtomicInteger activeSubmitters = new AtomicInteger();

    final LongAdder submitted = new LongAdder();
    final LongAdder written = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder degraded = new LongAdder();
    final LongAdder overruns = new LongAdder();
    final LongAdder failedWrites = new LongAdder();
    final LongAdder proofs = new LongAdder();

    /** Whether the drain of {@code close()} has used half its time: what is left is then written without detail. */
    boolean hurrying() {
        return closed && System.nanoTime() - closeStartNanos > closeTimeoutNanos / 2;
    }
}
