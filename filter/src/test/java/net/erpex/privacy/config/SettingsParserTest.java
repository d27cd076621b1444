package net.erpex.privacy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import net.erpex.privacy.visit.IpStorage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SettingsParserTest {

    private static PrivacySettings parse(Map<String, String> init, Properties sys, Map<String, String> env) {
        return SettingsParser.parse(new ParamSource(init, sys, env::get));
    }

    private static PrivacySettings parse(Map<String, String> init) {
        return parse(init, new Properties(), Map.of());
    }

    @Nested
    class Defaults {

        @Test
        void areSafeWithoutAnyParam() {
            PrivacySettings s = parse(Map.of());
            assertThat(s.trustedProxies().isEmpty()).isTrue();
            assertThat(s.supportedLanguages()).containsExactly(Locale.ENGLISH);
            assertThat(s.defaultLanguage()).isEqualTo(Locale.ENGLISH);
            assertThat(s.geoDatabase()).isEmpty();
            assertThat(s.visitsIp()).isEqualTo(IpStorage.FULL);
            assertThat(s.visitsRetention()).isEqualTo(Duration.ofDays(90));
            assertThat(s.signingKeys()).isEmpty();
        }

        @Test
        void matchTheDeclaredDefaultOfEveryParam() {
            Map<String, String> explicit = new HashMap<>();
            for (PrivacyParam p : PrivacyParam.values()) {
                explicit.put(p.paramName(), p.defaultValue());
            }
            assertThat(parse(explicit)).usingRecursiveComparison().isEqualTo(parse(Map.of()));
        }
    }

    @Nested
    class Overrides {

        @Test
        void systemPropertyBeatsEnvironmentBeatsInitParamBeatsDefault() {
            Properties sys = new Properties();
            Map<String, String> env = new HashMap<>();
            Map<String, String> init = Map.of("geo.cache-size", "300");
            assertThat(parse(init, sys, env).geoCacheSize()).isEqualTo(300);
            env.put("PRIVACY_GEO_CACHE_SIZE", "200");
            assertThat(parse(init, sys, env).geoCacheSize()).isEqualTo(200);
            sys.setProperty("privacy.geo.cache-size", "100");
            assertThat(parse(init, sys, env).geoCacheSize()).isEqualTo(100);
        }

        @Test
        void nameTheirOriginWhenInvalid() {
            assertThatThrownBy(() -> parse(Map.of(), new Properties(), Map.of("PRIVACY_VISITS_IP", "partial")))
                    .hasMessageContaining("visits.ip='partial'")
                    .hasMessageContaining("environment variable PRIVACY_VISITS_IP")
                    .hasMessageContaining("[full, truncated, hashed]");
        }
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("unknown param", "geo.databse", "x", "Unknown init-param geo.databse"),
                Arguments.of("boolean typo", "geo.required", "ture", "geo.required='ture' (from init-param): expected true or false"),
                Arguments.of("negative duration", "visits.retention", "-5d", "visits.retention='-5d'"),
                Arguments.of("duration without unit", "session.idle-timeout", "30", "expected an ISO-8601 duration"),
                Arguments.of("retention under a day", "visits.retention", "2h", "2h is shorter than 1d"),
                Arguments.of("cache size zero", "geo.cache-size", "0", "geo.cache-size='0' (from init-param): 0 is out of range"),
                Arguments.of("not a number", "agent.max-length", "big", "expected a whole number"),
                Arguments.of("bad CIDR", "client.trusted-proxies", "10.0.0.0/33", "client.trusted-proxies='10.0.0.0/33'"),
                Arguments.of("bad language tag", "language.supported", "en_US", "language.supported='en_US'"),
                Arguments.of("default not supported", "language.default", "fr", "it must be one of language.supported [en]"),
                Arguments.of("short key", "security.keys", "c2hvcnQ=", "key #1 has 5 bytes: expected at least 32"),
                Arguments.of("prefixed cookie name", "session.cookie-name", "__Host-sid", "must not carry a prefix"),
                Arguments.of("unknown sink", "visits.sink", "kafka", "expected one of [jsonl, slf4j]"),
                Arguments.of("header name with a space", "geo.country-header", "CF IPCountry", "is not an HTTP header name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsWithAMessageNamingParamValueAndWhatIsAccepted(String name, String param, String value,
            String message) {
        assertThatThrownBy(() -> parse(Map.of(param, value))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(message);
    }

    @Test
    void rejectsAnIdleTimeoutLongerThanTheAbsoluteOneSayingHowToFixIt() {
        assertThatThrownBy(() -> parse(Map.of("session.idle-timeout", "2h", "session.absolute-timeout", "1h")))
                .hasMessageContaining("session.idle-timeout=2h and session.absolute-timeout=1h")
                .hasMessageContaining("lower the first or raise the second");
    }

    @Test
    void acceptsIsoAndShortDurations() {
        assertThat(Durations.parse("PT45M")).isEqualTo(Duration.ofMinutes(45));
        assertThat(Durations.parse("90d")).isEqualTo(Duration.ofDays(90));
        assertThat(Durations.parse("12H")).isEqualTo(Duration.ofHours(12));
        assertThat(Durations.parse("45s")).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void derivesOverrideNamesFromTheParamName() {
        assertThat(PrivacyParam.GEO_COUNTRY_HEADER.systemProperty()).isEqualTo("privacy.geo.country-header");
        assertThat(PrivacyParam.GEO_COUNTRY_HEADER.environmentVariable()).isEqualTo("PRIVACY_GEO_COUNTRY_HEADER");
    }
}
