package net.erpex.privacy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import net.erpex.privacy.consent.ConsentCategory;
import net.erpex.privacy.consent.ConsentSettings;
import net.erpex.privacy.consent.Regime;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The consent init-params: what a site can configure, and the mistakes refused at start-up. */
class ConsentSettingsTest {

    private static ConsentSettings parse(Map<String, String> init) {
        return SettingsParser.parse(new ParamSource(init, new Properties(), name -> null)).consent();
    }

    @Nested
    class Defaults {

        @Test
        void areOptInEverywhereWithAReportOnlyPolicyAndSixMonthDecisions() {
            ConsentSettings s = parse(Map.of());
            assertThat(s.regimeFor("FR")).isEqualTo(Regime.OPT_IN);
            assertThat(s.regimeFor("")).isEqualTo(Regime.OPT_IN);
            assertThat(s.preGranted(Regime.OPT_IN)).isEmpty();
            assertThat(s.maxAge()).isEqualTo(Duration.ofDays(182));
            assertThat(s.csp()).isEqualTo(ConsentSettings.CspMode.REPORT_ONLY);
            assertThat(s.blockUnclassified()).isTrue();
            assertThat(s.categories().names()).containsExactly("necessary", "preferences", "analytics", "recaptcha",
                    "session-recording");
        }

        @Test
        void classifyTheCommonAnalyticsAndRecaptchaCookies() {
            ConsentSettings s = parse(Map.of());
            assertThat(s.categories().classify("_ga").map(ConsentCategory::name)).hasValue("analytics");
            assertThat(s.categories().classify("_ga_ABC123").map(ConsentCategory::name)).hasValue("analytics");
            assertThat(s.categories().classify("_pk_id.1.abcd").map(ConsentCategory::name)).hasValue("analytics");
            assertThat(s.categories().classify("_GRECAPTCHA").map(ConsentCategory::name)).hasValue("recaptcha");
            assertThat(s.categories().classify("_grecaptcha")).isEmpty();
            assertThat(s.categories().classify("cart")).isEmpty();
        }
    }

    @Test
    void letsASiteAddACategoryWithItsCookiesSourcesAndTheGpcRule() {
        ConsentSettings s = parse(Map.of("consent.categories", "marketing",
                "consent.cookies", "marketing:_fbp, marketing:_gcl_*, necessary:XSRF-TOKEN",
                "consent.sources",
                "marketing:https://connect.facebook.net, marketing:connect-src https://www.facebook.com",
                "consent.sale-sharing", "marketing",
                "consent.opt-out-countries", "us, ca",
                "consent.pre-granted", "opt-out:marketing"));
        ConsentCategory marketing = s.categories().get("marketing").orElseThrow();
        assertThat(marketing.saleOrSharing()).isTrue();
        assertThat(marketing.sources()).containsExactly("https://connect.facebook.net",
                "connect-src https://www.facebook.com");
        assertThat(s.categories().classify("_gcl_au").map(ConsentCategory::name)).hasValue("marketing");
        assertThat(s.categories().classify("XSRF-TOKEN").map(ConsentCategory::name)).hasValue("necessary");
        assertThat(s.regimeFor("US")).isEqualTo(Regime.OPT_OUT);
        assertThat(s.preGranted(Regime.OPT_OUT)).containsExactly("marketing");
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("pre-granting in the opt-in regime", Map.of("consent.pre-granted", "opt-in:analytics"),
                        "consent.pre-granted: 'opt-in:analytics' pre-grants in the opt-in regime"),
                Arguments.of("pre-granting session recording", Map.of("consent.pre-granted",
                        "opt-out:session-recording"), "session-recording is granted only by the visitor's explicit"
                        + " choice"),
                Arguments.of("pre-granting an unknown category", Map.of("consent.pre-granted", "notice:ads"),
                        "unknown category 'ads'"),
                Arguments.of("a cookie for an unknown category", Map.of("consent.cookies", "marketing:_fbp"),
                        "consent.cookies: unknown category 'marketing'"),
                Arguments.of("a bare wildcard cookie", Map.of("consent.cookies", "analytics:*"),
                        "'*' is not a cookie name"),
                Arguments.of("a directive sources do not go into", Map.of("consent.sources",
                        "analytics:style-src https://cdn.example.com"), "consent.sources: 'style-src' in 'style-src"
                        + " https://cdn.example.com' is not a directive a category's sources go into"),
                Arguments.of("a keyword as a source", Map.of("consent.sources", "analytics:'unsafe-inline'"),
                        "is not a CSP host source"),
                Arguments.of("a source for necessary", Map.of("consent.sources", "necessary:https://cdn.example.com"),
                        "necessary needs no third-party source"),
                Arguments.of("a country in two regimes", Map.of("consent.opt-out-countries", "US",
                        "consent.notice-countries", "us"), "[US] appear in both"),
                Arguments.of("a country that is not a code", Map.of("consent.notice-countries", "USA"),
                        "'USA' is not a two-letter country code"),
                Arguments.of("the session cookie's name", Map.of("consent.cookie-name", "sid", "session.cookie-name",
                        "sid"),
                        "the consent cookie needs a name of its own"),
                Arguments.of("a decision kept beyond 13 months", Map.of("consent.max-age", "400d"),
                        "consent.max-age='400d' (from init-param): 400d is out of range"),
                Arguments.of("a policy version with a space", Map.of("consent.policy-version", "v 2"),
                        "consent.policy-version='v 2'"),
                Arguments.of("a policy that is not CSP", Map.of("consent.csp-policy", "default-src, 'self'"),
                        "consent.csp-policy="),
                Arguments.of("an unknown CSP mode", Map.of("consent.csp", "strict"),
                        "expected one of [enforce, report-only, off]"),
                Arguments.of("an unclassified policy typo", Map.of("consent.unclassified-cookies", "deny"),
                        "expected one of [block, allow]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void refusesAtStartUpNamingTheParam(String name, Map<String, String> init, String message) {
        assertThatThrownBy(() -> parse(init)).isInstanceOf(ConfigurationException.class).hasMessageContaining(message);
    }
}
