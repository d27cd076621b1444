package net.erpex.privacy.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentRulesTest {

    static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/120.0.0.0 Safari/537.36";

    /** A rules file of our own: everything is "Tiny", so the test sees which rules are in use. */
    static String tinyRules(String family) {
        return "user_agent_parsers:\n  - regex: 'Mozilla'\n    family_replacement: '" + family + "'\n"
                + "os_parsers:\n  - regex: '(Windows) NT (\\d+)'\n"
                + "device_parsers:\n  - regex: 'Win64'\n    device_replacement: 'PC'\n";
    }

    @TempDir
    Path dir;

    @Nested
    class Location {

        @Test
        void defaultsToDebiansFileWhenItExistsElseToUapJavasCopy() {
            String expected = Files.isRegularFile(Path.of(AgentRules.DEBIAN_FILE)) ? AgentRules.DEBIAN_FILE
                    : AgentRules.UAP_JAVA_RESOURCE;

            assertThat(AgentRules.defaultLocation()).isEqualTo(expected);
        }

        @Test
        void loadsAClasspathResource() throws IOException {
            try (AgentRules rules = AgentRules.open(AgentRules.UAP_JAVA_RESOURCE, Duration.ZERO)) {
                assertThat(rules.engine().parse(CHROME).agent().family()).isEqualTo("Chrome");
                assertThat(rules.description()).contains("classpath:ua_parser/regexes.yaml");
            }
        }

        @Test
        void rejectsAMissingFileOrResourceSayingWhich() {
            assertThatThrownBy(() -> AgentRules.open(dir.resolve("none.yaml").toString(), Duration.ZERO))
                    .isInstanceOf(FileNotFoundException.class).hasMessageContaining("none.yaml");
            assertThatThrownBy(() -> AgentRules.open("classpath:no/such.yaml", Duration.ZERO))
                    .isInstanceOf(FileNotFoundException.class).hasMessageContaining("no/such.yaml");
        }

        @Test
        void rejectsAFileThatIsNotUapCoresFormatSayingWhere() throws IOException {
            Path file = dir.resolve("bad.yaml");
            Files.writeString(file, "user_agent_parsers:\n  - family_replacement: x\nos_parsers: []\n"
                    + "device_parsers: []\n");

            assertThatThrownBy(() -> AgentRules.open(file.toString(), Duration.ZERO))
                    .isInstanceOf(IOException.class).hasMessageContaining("user_agent_parsers[0] has no regex");
        }
    }

    @Nested
    class Reload {

        @Test
        void picksUpAReplacedFileAndEmptiesTheAnalyzersCache() throws IOException {
            Path file = dir.resolve("regexes.yaml");
            Files.writeString(file, tinyRules("Old"));
            try (AgentRules rules = AgentRules.open(file.toString(), Duration.ofHours(1))) {
                UserAgentAnalyzer analyzer = new UserAgentAnalyzer(rules, 100, 512);
                assertThat(analyzer.analyze(CHROME, ClientHints.NONE).family()).isEqualTo("Old");

                replace(file, tinyRules("New"));
                rules.checkNow();

                assertThat(rules.engine().parse(CHROME).agent().family()).isEqualTo("New");
                assertThat(analyzer.analyze(CHROME, ClientHints.NONE).family()).isEqualTo("New");
            }
        }

        @Test
        void keepsTheRulesInUseWhenTheReplacementCannotBeLoaded() throws IOException {
            Path file = dir.resolve("regexes.yaml");
            Files.writeString(file, tinyRules("Old"));
            try (AgentRules rules = AgentRules.open(file.toString(), Duration.ofHours(1))) {
                replace(file, "user_agent_parsers: [ this is not\n");
                rules.checkNow();
                rules.checkNow();

                assertThat(rules.engine().parse(CHROME).agent().family()).isEqualTo("Old");

                replace(file, tinyRules("Fixed"));
                rules.checkNow();

                assertThat(rules.engine().parse(CHROME).agent().family()).isEqualTo("Fixed");
            }
        }

        @Test
        void neverReloadsAClasspathResource() {
            try (AgentRules rules = AgentRules.bundled()) {
                rules.checkNow();
                assertThat(rules.location()).isEqualTo(AgentRules.UAP_JAVA_RESOURCE);
            }
        }

        private void replace(Path file, String content) throws IOException {
            Path fresh = dir.resolve("fresh.tmp");
            Files.writeString(fresh, content, StandardCharsets.UTF_8);
            // As a package manager does: write beside, then rename over.
            Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

}
