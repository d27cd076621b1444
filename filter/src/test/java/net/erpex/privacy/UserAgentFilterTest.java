package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user-agent rules through the filter, configured as web.xml does. */
class UserAgentFilterTest {

    static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/120.0.0.0 Safari/537.36";

    @TempDir
    Path dir;

    @Test
    void usesTheRulesFileNamedByAgentRegexes() throws Exception {
        Path rules = dir.resolve("regexes.yaml");
        Files.writeString(rules, "user_agent_parsers:\n  - regex: '(Chrome)/(\\d+)'\n    family_replacement: 'Ours'\n"
                + "os_parsers: []\ndevice_parsers: []\n");
        try (TestSite site = TestSite.start("agent.regexes", rules.toString())) {
            assertThat(site.seen("/", "User-Agent", CHROME)).containsEntry("browser", "Ours")
                    .containsEntry("browserVersion", "120");
        }
    }

    @Test
    void failsInitNamingTheParamWhenTheRulesCannotBeLoaded() {
        Path missing = dir.resolve("missing.yaml");

        assertThatThrownBy(() -> TestSite.start("agent.regexes", missing.toString()))
                .hasStackTraceContaining("agent.regexes='" + missing + "'")
                .hasStackTraceContaining("no file");
    }

    @Test
    void rejectsAReloadIntervalBelowOneSecond() {
        assertThatThrownBy(() -> TestSite.start("agent.reload-interval", "10ms"))
                .hasStackTraceContaining("agent.reload-interval");
    }
}
