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

        @Test
        void giveASmallQueueBatchesOfItsOwnSizeUnlessABatchSizeIsSet() {
            assertThat(parse(Map.of()).visitsBatchSize()).isEqualTo(2000);
            assertThat(parse(Map.of("visits.queue-capacity", "1000")).visitsBatchSize())
                    .as("a queue that was valid with the old default of 500 still starts").isEqualTo(1000);
            assertThat(parse(Map.of("visits.queue-capacity", "5000")).visitsBatchSize()).isEqualTo(2000);
            assertThat(parse(Map.of("visits.queue-capacity", "1000", "visits.batch-size", "300")).visitsBatchSize())
                    .isEqualTo(300);
            assertThatThrownBy(() -> parse(Map.of("visits.queue-capacity", "1000", "visits.batch-size", "2000")))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("visits.batch-size=2000 and visits.queue-capacity=1000");
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
                Arguments.of("unknown store", "visits.store", "kafka", "expected jsonl, jsonl:<dir>, slf4j"),
                Arguments.of("another database", "visits.store", "jdbc:mysql://db/visits", "only PostgreSQL is supported"),
                Arguments.of("jsonl without a directory", "visits.store", "jsonl:", "names no directory"),
                Arguments.of("spool too small", "visits.spool-max", "10", "visits.spool-max='10' (from init-param): 10 is out of range"),
                Arguments.of("consent retention under a day", "consent.retention", "12h", "12h is shorter than 1d"),
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

    @Nested
    class VisitsStoreParam {

        @Test
        void defaultsToJsonLinesInVisitsDir() {
            PrivacySettings s = parse(Map.of("visits.dir", "/var/log/site/visits"));
            assertThat(s.visitsStore()).isEqualTo(VisitsStore.JSONL);
            assertThat(s.visitsDir()).isEqualTo(java.nio.file.Path.of("/var/log/site/visits"));
            assertThat(s.visitsSpoolDir()).isEqualTo(java.nio.file.Path.of("/var/log/site/visits/spool"));
            assertThat(s.consentRetention()).isEqualTo(Duration.ofDays(1826));
        }

        @Test
        void takesTheDirectoryOfJsonlColonDirAsVisitsDir() {
            assertThat(parse(Map.of("visits.store", "jsonl:/srv/visits")).visitsDir())
                    .isEqualTo(java.nio.file.Path.of("/srv/visits"));
            assertThat(parse(Map.of("visits.store", "jsonl:/srv/visits", "visits.dir", "/srv/visits/")).visitsDir())
                    .isEqualTo(java.nio.file.Path.of("/srv/visits"));
        }

        @Test
        void rejectsJsonlColonDirAndVisitsDirNamingTwoDirectories() {
            assertThatThrownBy(() -> parse(Map.of("visits.store", "jsonl:/srv/a", "visits.dir", "/srv/b")))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("visits.store=jsonl:/srv/a and visits.dir=/srv/b")
                    .hasMessageContaining("set only one of them");
        }

        @Test
        void acceptsPostgresqlUrlsAndJndiNames() {
            PrivacySettings jdbc = parse(Map.of("visits.store", "jdbc:postgresql://db.example:5432/site",
                    "visits.store-user", "erpex", "visits.store-password", "s3cret"));
            assertThat(jdbc.visitsStore().kind()).isEqualTo(VisitsStore.Kind.JDBC);
            assertThat(jdbc.visitsStorePassword().reveal()).isEqualTo("s3cret");
            assertThat(jdbc.toString()).doesNotContain("s3cret");
            assertThat(parse(Map.of("visits.store", "jndi:java:comp/env/jdbc/visits")).visitsStore())
                    .isEqualTo(new VisitsStore(VisitsStore.Kind.JNDI, "java:comp/env/jdbc/visits"));
        }

        @Test
        void neverRepeatsAPasswordInAMessageOrInToString() {
            String url = "jdbc:postgresql://erpex:pw1@db.example/site?password=pw2&ssl=true";
            assertThat(VisitsStore.parse(url).toString()).doesNotContain("pw1", "pw2").contains("ssl=true");
            assertThatThrownBy(() -> parse(Map.of("visits.store", url, "visits.spool-max", "1")))
                    .hasMessageNotContaining("pw");
            assertThatThrownBy(() -> parse(Map.of("visits.store", "jdbc:oracle:thin:@db?password=pw3")))
                    .hasMessageContaining("only PostgreSQL").hasMessageNotContaining("pw3");
        }

        @Test
        void rejectsCredentialsForAStoreThatDoesNotUseThem() {
            assertThatThrownBy(() -> parse(Map.of("visits.store-user", "erpex")))
                    .hasMessageContaining("visits.store-user and visits.store=jsonl")
                    .hasMessageContaining("credentials apply to a jdbc: store only");
        }
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
