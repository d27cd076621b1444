package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user-agent rules through the filter, configured as web.xml does. */
class UserAgentFilterTest {

    static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/120.0.0.0 Safari/537.36";

    private static final ObjectMapper JSON = new ObjectMapper();

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
    void aMoreSpecificClientHintBrandNamesTheBrowserTheApplicationSees() throws Exception {
        try (TestSite site = TestSite.start()) {
            Map<String, String> seen = site.seen("/", "User-Agent", CHROME,
                    "Sec-CH-UA", "\"Brave\";v=\"120\", \"Chromium\";v=\"120\", \"Not_A Brand\";v=\"24\"",
                    "Sec-CH-UA-Mobile", "?0", "Sec-CH-UA-Platform", "\"Windows\"");

            assertThat(seen).containsEntry("browser", "Brave").containsEntry("browserVersion", "120")
                    .containsEntry("device", "desktop");
        }
    }

    @Test
    void aFireTvIsRecordedAsATvAndAnotherBrowsersMinorIsKept() throws Exception {
        String fireTv = "Mozilla/5.0 (Linux; Android 9; AFTKA Build/PS7633.3445N; wv) AppleWebKit/537.36 (KHTML, like "
                + "Gecko) Version/4.0 Chrome/130.0.0.0 Mobile Safari/537.36";
        String whale = CHROME.replace(" Safari/", " Whale/3.26.244.21 Safari/");
        TestSite site = TestSite.start();
        try (site) {
            assertThat(site.seen("/tv", "User-Agent", fireTv)).containsEntry("device", "tv");
            assertThat(site.seen("/whale", "User-Agent", whale)).containsEntry("browser", "Whale")
                    .containsEntry("browserVersion", "3.26");
        }
        List<JsonNode> records = new ArrayList<>();
        for (String line : site.visitLines()) {
            records.add(JSON.readTree(line));
        }
        assertThat(records).anySatisfy(r -> {
            assertThat(r.get("path").asText()).isEqualTo("/tv");
            assertThat(r.get("device").asText()).isEqualTo("tv");
        });
        assertThat(records).anySatisfy(r -> {
            assertThat(r.get("path").asText()).isEqualTo("/whale");
            assertThat(r.get("browser").get("version").asText()).isEqualTo("3.26");
        });
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
