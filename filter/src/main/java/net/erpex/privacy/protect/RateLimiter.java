package net.erpex.privacy.protect;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * A token bucket per client: each holds {@link Rate#permits()} and refills evenly over {@link Rate#period()}. The
 * buckets live in a bounded cache, so a flood of distinct addresses costs memory up to the bound only; a bucket
 * forgotten under that pressure starts full again, which errs on the visitor's side.
 */
public final class RateLimiter {

    private final Rate rate;
    private final Clock clock;
    private final double perMilli;
    private final Cache<String, Bucket> buckets;

    public RateLimiter(Rate rate, int maxClients, Clock clock) {
        this.rate = Objects.requireNonNull(rate, "rate");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.perMilli = (double) rate.permits() / rate.period().toMillis();
        // A bucket idle for a whole period is full again: forgetting it changes nothing.
        this.buckets = Caffeine.newBuilder().executor(Runnable::run).maximumSize(maxClients)
                .expireAfterAccess(rate.period().plus(Duration.ofSeconds(1))).build();
    }

    /** Takes one permit for {@code client}; false when its bucket is empty. */
    public boolean tryAcquire(String client) {
        return buckets.get(client, k -> new Bucket(rate.permits(), clock.millis())).take(clock.millis(), perMilli,
                rate.permits());
    }

    /** Whole seconds until {@code client} has a permit again, at least 1: for {@code Retry-After}. */
    public long retryAfterSeconds() {
        return Math.max(1, (long) Math.ceil(1 / perMilli / 1000));
    }

    private static final class Bucket {
        private double tokens;
        private long last;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.last = now;
        }

        synchronized boolean take(long now, double perMilli, int capacity) {
            if (now > last) {
                tokens = Math.min(capacity, tokens + (now - last) * perMilli);
                last = now;
            }
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
