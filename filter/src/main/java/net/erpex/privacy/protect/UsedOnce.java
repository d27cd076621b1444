package net.erpex.privacy.protect;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * Remembers ids of proofs already used (challenge salts, reCAPTCHA tokens) for as long as the proof itself would be
 * accepted, so that each passes once. Bounded: under a flood beyond the bound the oldest are forgotten, and a replay
 * of one of those is then possible only until it expires.
 */
public final class UsedOnce {

    private final Cache<String, Boolean> used;

    public UsedOnce(Duration remember, int max) {
        this.used = Caffeine.newBuilder().executor(Runnable::run).maximumSize(max).expireAfterWrite(remember).build();
    }

    /** True the first time {@code id} is seen, false ever after (until forgotten). */
    public boolean firstUse(String id) {
        return used.asMap().putIfAbsent(id, Boolean.TRUE) == null;
    }
}
