package net.erpex.privacy.visit;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What request threads, the recorder thread and {@code close()} share: lifecycle flags and counters. */
final class RecorderState {

    /** Set by {@code close()}: no new events, drain what is queued. */
    volatile boolean closed;
    /** Set by {@code close()} when its timeout expired: the recorder thread stops without draining. */
    volatile boolean abandoned;
    /** Set by the recorder thread when it has ended, normally or not; nothing reads the queue any more. */
    volatile boolean terminated;
    /** Events the recorder thread has taken from the queue but not yet written. */
    volatile int inFlight;
    /**
     * Request threads inside {@code submit}. The recorder thread ends only when this is 0 after {@code closed} was
     * set, so an event offered in the instant of closing is still drained rather than stranded in the queue.
     */
    final AtomicInteger activeSubmitters = new AtomicInteger();

    final LongAdder submitted = new LongAdder();
    final LongAdder written = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder degraded = new LongAdder();
    final LongAdder failedWrites = new LongAdder();
}
