package net.erpex.privacy.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.erpex.privacy.config.ConfigurationException;
import net.erpex.privacy.config.PrivacySettings;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The erpex.privacy.* properties feed the filter's own parser, with Boot's relaxed names. */
class PrivacyPropertiesTest {

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return env;
    }

    @Nested
    class Binding {

        @Test
        void readsEveryParamUnderItsPropertyName() {
            PrivacySettings s = PrivacyProperties.settings(environment(Map.of(
                    "erpex.privacy.language.supported", "en, fr", "erpex.privacy.request.encoding", "ISO-8859-15")));
            assertThat(s.supportedLanguages()).containsExactly(Locale.ENGLISH, Locale.FRENCH);
            assertThat(s.requestEncoding()).hasValue(java.nio.charset.Charset.forName("ISO-8859-15"));
        }

        @Test
        void acceptsCamelCaseListsAndEnvironmentVariables() {
            StandardEnvironment env = environment(Map.of("erpex.privacy.geo.cacheSize", "42",
                    "erpex.privacy.language.supported[0]", "de", "erpex.privacy.language.supported[1]", "nl"));
            env.getPropertySources().addLast(new SystemEnvironmentPropertySource("test-systemEnvironment",
                    Map.of("ERPEX_PRIVACY_AGENT_MAXLENGTH", "128")));
            PrivacySettings s = PrivacyProperties.settings(env);
            assertThat(s.geoCacheSize()).isEqualTo(42);
            assertThat(s.supportedLanguages()).containsExactly(Locale.GERMAN, Locale.forLanguageTag("nl"));
            assertThat(s.agentMaxLength()).isEqualTo(128);
        }

        @Test
        void keepsTheDefaultsOfWhatIsNotSet() {
            PrivacySettings s = PrivacyProperties.settings(environment(Map.of()));
            assertThat(s.requestEncoding()).hasValue(StandardCharsets.UTF_8);
            assertThat(s.trustedProxies().isEmpty()).isTrue();
        }
    }

    @Nested
    class Errors {

        @Test
        void nameThePropertyOfABadValue() {
            assertThatThrownBy(() -> PrivacyProperties.settings(environment(Map.of("erpex.privacy.geo.required",
                    "ture")))).isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("Invalid init-param geo.required='ture' (from property"
                            + " erpex.privacy.geo.required): expected true or false");
        }

        @Test
        void nameThePropertiesOfAContradiction() {
            assertThatThrownBy(() -> PrivacyProperties.settings(environment(Map.of(
                    "erpex.privacy.session.idle-timeout", "2h", "erpex.privacy.session.absolute-timeout", "1h"))))
                    .hasMessageEndingWith("[properties: erpex.privacy.session.idle-timeout,"
                            + " erpex.privacy.session.absolute-timeout]");
        }

        @Test
        void nameAnUnknownProperty() {
            assertThatThrownBy(() -> PrivacyProperties.settings(environment(Map.of("erpex.privacy.geo.databse",
                    "x")))).hasMessageStartingWith("Unknown property erpex.privacy.geo.databse: expected"
                            + " erpex.privacy.enabled or erpex.privacy.<init-param>");
        }

        @Test
        void neverShowASecret() {
            assertThatThrownBy(() -> PrivacyProperties.settings(environment(Map.of(
                    "erpex.privacy.visits.store-password", "hunter2-secret"))))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
        }
    }

    @Test
    void listsTheOnlyNameThatIsNotAParam() {
        assertThat(PrivacyProperties.withPropertyNames("nothing here")).isEqualTo("nothing here");
        assertThat(List.of(PropertyNames.ENABLED)).containsExactly("erpex.privacy.enabled");
    }
}
