package net.erpex.privacy.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Port 1 on loopback has no service: what tests needing one do there. */
class RequiredServiceTest {

    @Test
    void skipsWithAMessageWhenTheServiceIsAbsentAndNotRequired() {
        var result = RequiredService.evaluate("absent-a", "Absent at 127.0.0.1:1", "127.0.0.1", 1, Map.<String, String>of()::get);

        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason()).hasValue("skipped: no Absent at 127.0.0.1:1");
    }

    @Test
    void failsWithTheSameMessageWhereTheEnvironmentRequiresIt() {
        assertThatThrownBy(() -> RequiredService.evaluate("absent-b", "Absent at 127.0.0.1:1", "127.0.0.1", 1,
                Map.of(RequiredService.ENV, "chromium, absent-b")::get))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("skipped: no Absent at 127.0.0.1:1");
    }

    @Test
    void probesInstalledDataWithTheGivenCheck() {
        var absent = RequiredService.evaluate("absent-c", "data in /nonexistent", () -> false,
                Map.<String, String>of()::get);
        var present = RequiredService.evaluate("present-d", "data in /tmp", () -> true, Map.<String, String>of()::get);

        assertThat(absent.getReason()).hasValue("skipped: no data in /nonexistent");
        assertThat(present.isDisabled()).isFalse();
    }
}
