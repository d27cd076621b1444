package net.erpex.privacy.shared;

import java.time.Duration;

/**
 * The token bucket of {@link SharedState#tryTake} as the generic cell rate algorithm: a bucket is one number, its
 * theoretical arrival time (TAT), so that a database can update it atomically in one statement. A bucket of
 * {@code permits} refilled evenly over {@code period} lets a request through when {@code max(tat, now) + emission - now
 * <= period}, {@code emission} being {@code period / permits}; the new TAT is then {@code max(tat, now) + emission}.
 * A bucket whose TAT has passed is full and need not be stored.
 */
public final class Gcra {

    private Gcra() {
    }

    /**
     * One request for a permit, in microseconds: the same numbers whether memory or a database holds the bucket.
     *
     * @param now      the time of the request
     * @param emission the time between two permits
     * @param period   the burst the bucket allows, as time
     */
    public record Step(long now, long emission, long period) {

        /** The bucket's new TAT if a permit is left, else {@link Long#MIN_VALUE}; see {@link Gcra#take}. */
        public long take(long tat) {
            return Gcra.take(tat, now, emission, period);
        }
    }

    /** A request made now for a bucket of {@code permits} refilled over {@code period}. */
    public static Step step(java.time.Clock clock, int permits, Duration period) {
        return new Step(micros(Duration.ofMillis(clock.millis())), emissionMicros(permits, period), micros(period));
    }

    /** Microseconds between two permits, at least 1. */
    public static long emissionMicros(int permits, Duration period) {
        return Math.max(1, micros(period) / Math.max(1, permits));
    }

    /** A duration in microseconds. */
    public static long micros(Duration d) {
        return d.toNanos() / 1000;
    }

    /**
     * The bucket's new TAT if a permit is left, else {@link Long#MIN_VALUE}.
     *
     * @param tat the stored TAT, or {@link Long#MIN_VALUE} for a bucket not stored (full)
     */
    public static long take(long tat, long nowMicros, long emissionMicros, long periodMicros) {
        long next = Math.max(tat, nowMicros) + emissionMicros;
        return next - nowMicros <= periodMicros ? next : Long.MIN_VALUE;
    }
}
