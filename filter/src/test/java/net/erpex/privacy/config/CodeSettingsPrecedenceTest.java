package net.erpex.privacy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Settings made in code get the precedence of web.xml (system property &gt; environment &gt; code &gt; default), and
 * settings fed in by a framework name the framework's property in their errors.
 */
class CodeSettingsPrecedenceTest {

    private static ParamSource source(Map<String, String> init, Properties sys, Map<String, String> env) {
        return new ParamSource(init, sys, env::get);
    }

    @Nested
    class BuilderRoute {

        @Test
        void systemPropertyBeatsEnvironmentBeatsCode() {
            Properties sys = new Properties();
            sys.setProperty("privacy.geo.cache-size", "7");
            PrivacySettings s = SettingsParser.override(
                    source(Map.of(), sys, Map.of("PRIVACY_GEO_CACHE_SIZE", "8", "PRIVACY_AGENT_CACHE_SIZE", "9")),
                    PrivacySettings.builder().geoCacheSize(5).agentCacheSize(6).visitsBatchSize(3));
            assertThat(s.geoCacheSize()).isEqualTo(7);
            assertThat(s.agentCacheSize()).isEqualTo(9);
            assertThat(s.visitsBatchSize()).isEqualTo(3);
        }

        @Test
        void keepsWhatCodeSetWhenNothingOverridesIt() {
            PrivacySettings s = SettingsParser.override(source(Map.of(), new Properties(), Map.of()),
                    PrivacySettings.builder().sessionIdleTimeout(Duration.ofMinutes(5)).requestEncoding(null));
            assertThat(s.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(5));
            assertThat(s.requestEncoding()).isEmpty();
        }

        @Test
        void validatesAnOverrideAsWebXmlDoes() {
            assertThatThrownBy(() -> SettingsParser.override(
                    source(Map.of(), new Properties(), Map.of("PRIVACY_GEO_REQUIRED", "ture")),
                    PrivacySettings.builder()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("Invalid init-param geo.required='ture' (from environment variable"
                            + " PRIVACY_GEO_REQUIRED): expected true or false");
        }
    }

    @Nested
    class RequestEncoding {

        @Test
        void isUtf8ByDefault() {
            assertThat(SettingsParser.parse(source(Map.of(), new Properties(), Map.of())).requestEncoding())
                    .contains(StandardCharsets.UTF_8);
        }

        @Test
        void isLeftToTheContainerWhenEmpty() {
            assertThat(SettingsParser.parse(source(Map.of("request.encoding", ""), new Properties(), Map.of()))
                    .requestEncoding()).isEmpty();
        }

        @Test
        void rejectsAnUnknownCharsetNamingIt() {
            assertThatThrownBy(() -> SettingsParser.parse(
                    source(Map.of("request.encoding", "utf-9"), new Properties(), Map.of())))
                    .hasMessage("Invalid init-param request.encoding='utf-9' (from init-param): expected the name of"
                            + " a charset this JVM supports, such as UTF-8");
        }
    }

    @Nested
    class FrameworkProperties {

        @Test
        void nameThePropertyAValueCameFrom() {
            assertThatThrownBy(() -> SettingsParser.parse(source(Map.of("geo.cache-size", "-1"), new Properties(),
                    Map.of()).namedAsProperties("erpex.privacy.")))
                    .hasMessageStartingWith("Invalid init-param geo.cache-size='-1' (from property"
                            + " erpex.privacy.geo.cache-size): ");
        }
    }
}
