package net.erpex.privacy.visit;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lets a repeated problem be logged at most once per period, with how many times it happened since the last line.
 * Thread-safe and lock-free, so request threads can use it on every dropped event.
 */
final class LogThrottle {

    private final Clock clock;
    private final long periodMillis;
    private final AtomicLong nextLogMillis = new AtomicLong(Long.MIN_VALUE);
    private final LongAdder unreported = new LongAdder();

    LogThrottle(Clock clock, Duration period) {
        this.clock = clock;
        this.periodMillis = period.toMillis();
    }

    /**
     * Counts one occurrence.
     *
     * @return the occurrences to report when the caller should log now (the first ever, then at most once per
     *         period), otherwise 0
     */
    long occurred() {
        unreported.increment();
        long now = clock.millis();
        long next = nextLogMillis.get();
        if (now < next || !nextLogMillis.compareAndSet(next, now + periodMillis)) {
            return 0;
        }
        return unreported.sumThenReset();
    }

    /** Occurrences not reported yet, which are then considered reported; for a last log line at shutdown. */
    long drain() {
        return unreported.sumThenReset();
    }
}
