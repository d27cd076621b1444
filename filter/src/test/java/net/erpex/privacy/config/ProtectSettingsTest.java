package net.erpex.privacy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import net.erpex.privacy.protect.ProtectSettings;
import net.erpex.privacy.protect.Rate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The protect.* init-params: defaults, validation at init, and the secret kept out of every message. */
class ProtectSettingsTest {

    private static PrivacySettings parse(Map<String, String> init) {
        return SettingsParser.parse(new ParamSource(init, new Properties(), name -> null));
    }

    @Test
    void leaveFormProtectionOffByDefault() {
        ProtectSettings p = parse(Map.of()).protect();
        assertThat(p.enabled()).isFalse();
        assertThat(p.honeypotField()).isEqualTo("website");
        assertThat(p.rate()).isEqualTo(new Rate(10, Duration.ofMinutes(1)));
        assertThat(p.difficulty()).isEqualTo(18);
        assertThat(p.challengeTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.recaptcha().configured()).isFalse();
        assertThat(p.recaptcha().verifyUrl()).isEqualTo(URI.create("https://www.google.com/recaptcha/api/siteverify"));
        assertThat(p.recaptcha().onError()).isEqualTo(ProtectSettings.OnError.CHALLENGE);
        assertThat(p.recaptcha().timeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void readEveryParam() {
        ProtectSettings p = parse(Map.ofEntries(Map.entry("protect.paths", "/contact, /forms/*"),
                Map.entry("protect.honeypot-field", "homepage"), Map.entry("protect.rate", "5/30s"),
                Map.entry("protect.challenge.difficulty", "20"), Map.entry("protect.challenge.ttl", "2m"),
                Map.entry("protect.recaptcha.site-key", "site-key_1"), Map.entry("protect.recaptcha.secret", "s3cr3t"),
                Map.entry("protect.recaptcha.version", "v2"),
                Map.entry("protect.recaptcha.verify-url", "https://www.recaptcha.net/recaptcha/api/siteverify"),
                Map.entry("protect.recaptcha.script-host", "www.recaptcha.net"),
                Map.entry("protect.recaptcha.action", "contact"), Map.entry("protect.recaptcha.min-score", "0.7"),
                Map.entry("protect.recaptcha.max-age", "1m"), Map.entry("protect.recaptcha.timeout", "PT0.5S"),
                Map.entry("protect.recaptcha.on-error", "reject"), Map.entry("protect.rate-ipv6-prefix", "56"),
                Map.entry("protect.recaptcha.hostnames", "www.example.com, Shop.Example.COM"))).protect();
        assertThat(p.rateIpv6Prefix()).isEqualTo(56);
        assertThat(p.recaptcha().hostnames()).containsExactlyInAnyOrder("www.example.com", "shop.example.com");
        assertThat(p.paths()).containsExactly("/contact", "/forms/*");
        assertThat(p.honeypotField()).isEqualTo("homepage");
        assertThat(p.rate()).isEqualTo(new Rate(5, Duration.ofSeconds(30)));
        assertThat(p.difficulty()).isEqualTo(20);
        assertThat(p.recaptcha().configured()).isTrue();
        assertThat(p.recaptcha().v3()).isFalse();
        assertThat(p.recaptcha().scriptUrl()).isEqualTo("https://www.recaptcha.net/recaptcha/api.js");
        assertThat(p.recaptcha().minScore()).isEqualTo(0.7);
        assertThat(p.recaptcha().timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(p.recaptcha().onError()).isEqualTo(ProtectSettings.OnError.REJECT);
        assertThat(p.recaptcha().toString()).doesNotContain("s3cr3t");
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("relative path", "protect.paths", "contact", "protect.paths='contact' (from init-param):"
                        + " 'contact' is not a path; expected comma-separated paths: /exact or /prefix/*"),
                Arguments.of("star inside a path", "protect.paths", "/a*b", "'/a*b' is not a path"),
                Arguments.of("honeypot with a space", "protect.honeypot-field", "web site",
                        "protect.honeypot-field='web site'"),
                Arguments.of("rate without duration", "protect.rate", "10", "protect.rate='10' (from init-param):"
                        + " '10' is not count/duration"),
                Arguments.of("difficulty too low", "protect.challenge.difficulty", "4",
                        "protect.challenge.difficulty='4' (from init-param): 4 is out of range; expected integer 8 to 28"),
                Arguments.of("difficulty too high", "protect.challenge.difficulty", "40", "40 is out of range"),
                Arguments.of("difficulty not a number", "protect.challenge.difficulty", "hard", "expected a whole number"),
                Arguments.of("ttl too short", "protect.challenge.ttl", "5s", "protect.challenge.ttl='5s'"),
                Arguments.of("version v1", "protect.recaptcha.version", "v1", "expected v2 or v3"),
                Arguments.of("verify url not http", "protect.recaptcha.verify-url", "ftp://example.com/x",
                        "is not an absolute http(s) URL"),
                Arguments.of("script host elsewhere", "protect.recaptcha.script-host", "evil.example",
                        "expected www.google.com or www.recaptcha.net"),
                Arguments.of("score above 1", "protect.recaptcha.min-score", "1.5",
                        "protect.recaptcha.min-score='1.5' (from init-param): 1.5 is out of range"),
                Arguments.of("score not a number", "protect.recaptcha.min-score", "high", "expected a decimal number"),
                Arguments.of("timeout too long", "protect.recaptcha.timeout", "1m", "protect.recaptcha.timeout='1m'"),
                Arguments.of("max age too long", "protect.recaptcha.max-age", "1h", "protect.recaptcha.max-age='1h'"),
                Arguments.of("on-error unknown", "protect.recaptcha.on-error", "ignore",
                        "expected one of [challenge, reject, allow]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsWithAMessageNamingTheParam(String name, String param, String value, String message) {
        assertThatThrownBy(() -> parse(Map.of(param, value))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(message);
    }

    @Test
    void rejectsOneRecaptchaKeyWithoutTheOtherSayingWhichIsMissing() {
        assertThatThrownBy(() -> parse(Map.of("protect.recaptcha.site-key", "abc")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("protect.recaptcha.site-key and protect.recaptcha.secret")
                .hasMessageContaining("set protect.recaptcha.secret")
                .hasMessageContaining("PRIVACY_PROTECT_RECAPTCHA_SECRET");
    }

    @Test
    void neverPrintsTheSecret() {
        assertThatThrownBy(() -> parse(Map.of("protect.recaptcha.secret", "top secret!")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("protect.recaptcha.secret='***'")
                .hasMessageNotContaining("top secret");
    }

    @Test
    void refusesReCaptchaKeysWithoutAHostNameToCheckTokensAgainst() {
        assertThatThrownBy(() -> parse(Map.of("protect.recaptcha.site-key", "abc", "protect.recaptcha.secret", "def")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("protect.recaptcha.hostnames").hasMessageContaining("referrer.site-hosts")
                .hasMessageNotContaining("def");
    }

    @Test
    void takesTheReCaptchaHostNamesFromTheSiteHostsWhenNoneAreGiven() {
        ProtectSettings p = parse(Map.of("protect.recaptcha.site-key", "abc", "protect.recaptcha.secret", "def",
                "referrer.site-hosts", "www.example.com")).protect();
        assertThat(p.recaptcha().hostnames()).containsExactly("www.example.com");
    }

    @Test
    void refusesAnIpv6PrefixOutOfRangeAndAHostNameThatIsNotOne() {
        assertThatThrownBy(() -> parse(Map.of("protect.rate-ipv6-prefix", "16")))
                .hasMessageContaining("protect.rate-ipv6-prefix='16'").hasMessageContaining("32 to 128");
        assertThatThrownBy(() -> parse(Map.of("protect.recaptcha.hostnames", "exa mple.com")))
                .hasMessageContaining("protect.recaptcha.hostnames");
    }

    @Test
    void takesTheSecretFromTheEnvironment() {
        PrivacySettings s = SettingsParser.parse(new ParamSource(Map.of("protect.recaptcha.site-key", "abc",
                "referrer.site-hosts", "www.example.com"),
                new Properties(), name -> name.equals("PRIVACY_PROTECT_RECAPTCHA_SECRET") ? "from-env" : null));
        assertThat(s.protect().recaptcha().secret()).isEqualTo("from-env");
        assertThat(List.of(s.toString())).noneMatch(t -> t.contains("from-env"));
    }
}
