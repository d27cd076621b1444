package net.erpex.privacy.visit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.erpex.privacy.testing.MutableClock;
import org.junit.jupiter.api.Test;

class LogThrottleTest {

    private final MutableClock clock = new MutableClock(TestRecords.NOON);
    private final LogThrottle throttle = new LogThrottle(clock, Duration.ofMinutes(1));

    @Test
    void reportsTheFirstOccurrenceAtOnce() {
        assertThat(throttle.occurred()).isEqualTo(1);
    }

    @Test
    void reportsAtMostOncePerPeriodWithTheCountSinceTheLastReport() {
        throttle.occurred();
        for (int i = 0; i < 4; i++) {
            assertThat(throttle.occurred()).isZero();
        }
        clock.advance(Duration.ofSeconds(59));
        assertThat(throttle.occurred()).isZero();

        clock.advance(Duration.ofSeconds(1));

        assertThat(throttle.occurred()).isEqualTo(6);
        assertThat(throttle.occurred()).isZero();
    }

    @Test
    void drainsWhatWasNotReportedYet() {
        throttle.occurred();
        throttle.occurred();
        throttle.occurred();

        assertThat(throttle.drain()).isEqualTo(2);
        assertThat(throttle.drain()).isZero();
    }
}
