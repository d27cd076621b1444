package net.erpex.privacy.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.erpex.privacy.spring.boot.CounterMeters.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Counter names become meters by rule. The Boot tests check that every counter of a running filter maps to a meter
 * that exists; these check the rule itself, with the names only a PostgreSQL store has.
 */
class CounterMetersTest {

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
            "records-written, erpex.privacy.records.written, COUNTER",
            "records-dropped, erpex.privacy.records.dropped, COUNTER",
            "records-queued, erpex.privacy.records.queued, GAUGE",
            "spool-records, erpex.privacy.spool.records, GAUGE",
            "spool-peak, erpex.privacy.spool.peak, GAUGE",
            "spool-near-full, erpex.privacy.spool.near.full, COUNTER",
            "database-failures, erpex.privacy.database.failures, COUNTER",
            "cookie-blocked, erpex.privacy.cookie.blocked, COUNTER",
            "protect-recaptcha-calls, erpex.privacy.protect.recaptcha.calls, COUNTER",
    })
    void mapsDashesToDotsAndLevelsToGauges(String counter, String meter, Kind kind) {
        assertThat(CounterMeters.of(counter)).isEqualTo(new CounterMeters.Meter(meter, Map.of(), kind));
    }

    @Test
    void turnsAFamilyWithADimensionIntoOneMeterWithATag() {
        assertThat(CounterMeters.of("protect-blocked-no-proof")).isEqualTo(new CounterMeters.Meter(
                "erpex.privacy.protect.blocked", Map.of("reason", "no-proof"), Kind.COUNTER));
        assertThat(CounterMeters.of("protect-passed-on-error")).isEqualTo(new CounterMeters.Meter(
                "erpex.privacy.protect.passed", Map.of("via", "on-error"), Kind.COUNTER));
    }

    @Test
    void givesDistinctCountersDistinctMeters() {
        Set<CounterMeters.Meter> seen = new HashSet<>();
        for (String counter : List.of("records-written", "records-queued", "spool-records", "spool-peak",
                "protect-blocked-no-proof", "protect-blocked-rate", "protect-passed-challenge",
                "protect-passed-recaptcha", "protect-recaptcha-calls", "session-new", "session-invalid")) {
            assertThat(seen.add(CounterMeters.of(counter))).as(counter).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Records-Written", "records_written", "records--written", "-records", "records.x"})
    void refusesANameOutsideTheConvention(String counter) {
        assertThatThrownBy(() -> CounterMeters.of(counter)).isInstanceOf(IllegalArgumentException.class);
    }
}
