package net.erpex.privacy.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import net.erpex.privacy.shared.MemorySharedState;
import net.erpex.privacy.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** The per-client token bucket (on {@link MemorySharedState}) and its {@code count/duration} format. */
class ProtectRateLimiterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @Test
    void allowsABurstOfTheWholeBudgetThenRefuses() {
        RateLimiter limiter = new RateLimiter(Rate.parse("3/1m"), MemorySharedState.inMemory(clock), "test");
        assertThat(limiter.tryAcquire("192.0.2.1")).isTrue();
        assertThat(limiter.tryAcquire("192.0.2.1")).isTrue();
        assertThat(limiter.tryAcquire("192.0.2.1")).isTrue();
        assertThat(limiter.tryAcquire("192.0.2.1")).isFalse();
    }

    @Test
    void refillsEvenlyOverThePeriod() {
        RateLimiter limiter = new RateLimiter(Rate.parse("3/1m"), MemorySharedState.inMemory(clock), "test");
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("192.0.2.1");
        }
        clock.advance(Duration.ofSeconds(19));
        assertThat(limiter.tryAcquire("192.0.2.1")).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquire("192.0.2.1")).isTrue();
        assertThat(limiter.tryAcquire("192.0.2.1")).isFalse();
        clock.advance(Duration.ofHours(1));
        assertThat(limiter.tryAcquire("192.0.2.1")).isTrue();
        assertThat(limiter.tryAcquire("192.0.2.1")).isTrue();
        assertThat(limiter.tryAcquire("192.0.2.1")).isTrue();
        assertThat(limiter.tryAcquire("192.0.2.1")).isFalse();
    }

    @Test
    void keepsOneBucketPerClient() {
        RateLimiter limiter = new RateLimiter(Rate.parse("1/1m"), MemorySharedState.inMemory(clock), "test");
        assertThat(limiter.tryAcquire("192.0.2.1")).isTrue();
        assertThat(limiter.tryAcquire("192.0.2.1")).isFalse();
        assertThat(limiter.tryAcquire("2001:db8::1")).isTrue();
    }

    @Test
    void saysWhenToRetry() {
        assertThat(new RateLimiter(Rate.parse("10/1m"), MemorySharedState.inMemory(clock), "test").retryAfterSeconds()).isEqualTo(6);
        assertThat(new RateLimiter(Rate.parse("100/1s"), MemorySharedState.inMemory(clock), "test").retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void parsesCountSlashDuration() {
        assertThat(Rate.parse(" 10 / 1m ")).isEqualTo(new Rate(10, Duration.ofMinutes(1)));
        assertThat(Rate.parse("5/PT30S")).isEqualTo(new Rate(5, Duration.ofSeconds(30)));
        assertThat(Rate.parse("10/1m")).hasToString("10/1m");
    }

    @Test
    void rejectsWhatIsNotARate() {
        assertThatThrownBy(() -> Rate.parse("10")).hasMessageContaining("count/duration");
        assertThatThrownBy(() -> Rate.parse("ten/1m")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> Rate.parse("0/1m")).hasMessageContaining("out of range 1 to 100000");
        assertThatThrownBy(() -> Rate.parse("10/2d")).hasMessageContaining("out of range 1s to 1d");
        assertThatThrownBy(() -> Rate.parse("10/soon")).hasMessageContaining("not a duration");
    }
}
