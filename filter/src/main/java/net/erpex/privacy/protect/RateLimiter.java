package net.erpex.privacy.protect;

import java.util.Objects;
import net.erpex.privacy.shared.SharedState;

/**
 * A token bucket per client: each holds {@link Rate#permits()} and refills evenly over {@link Rate#period()}. The
 * buckets are {@link SharedState}'s, so that a client has one budget on the whole site, not one per node; a bucket
 * forgotten under memory pressure starts full again, which errs on the visitor's side.
 */
public final class RateLimiter {

    private final Rate rate;
    private final SharedState shared;
    private final String scope;

    /**
     * @param scope names this limiter's buckets apart from other limiters' ({@code protect}, say)
     */
    public RateLimiter(Rate rate, SharedState shared, String scope) {
        this.rate = Objects.requireNonNull(rate, "rate");
        this.shared = Objects.requireNonNull(shared, "shared");
        this.scope = Objects.requireNonNull(scope, "scope");
    }

    /** Takes one permit for {@code client}; false when its bucket is empty. */
    public boolean tryAcquire(String client) {
        return shared.tryTake(scope + ":" + client, rate.permits(), rate.period());
    }

    /** Whole seconds until {@code client} has a permit again, at least 1: for {@code Retry-After}. */
    public long retryAfterSeconds() {
        return Math.max(1, (long) Math.ceil((double) rate.period().toMillis() / rate.permits() / 1000));
    }
}
