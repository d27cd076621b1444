package net.erpex.privacy.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentSecurityPolicyTest {

    private static final ConsentCategories CATEGORIES = ConsentCategories.builder().build();

    @Test
    void addsOnlyTheGrantedCategoriesSourcesAndPutsTheNonceIntoAShortPolicyOfItsOwn() {
        ContentSecurityPolicy csp = new ContentSecurityPolicy("default-src 'self'; object-src 'none'", CATEGORIES);
        // Each of Google's hosts only where the tag uses it: none may frame the page's content or serve a frame.
        assertThat(headers(csp, Set.of("necessary", "analytics"), "N0nce")).containsExactly(
                "default-src 'self'; object-src 'none'; script-src 'self' https://www.googletagmanager.com"
                        + " 'unsafe-inline'; style-src 'self' 'unsafe-inline'; connect-src 'self'"
                        + " https://*.google-analytics.com https://*.analytics.google.com"
                        + " https://www.googletagmanager.com; img-src 'self' https://*.google-analytics.com"
                        + " https://www.googletagmanager.com; frame-src 'self'",
                "script-src 'nonce-N0nce' 'self' https:; style-src 'nonce-N0nce' 'self'");
        // Nothing granted: the nonce policy needs no https: either.
        assertThat(headers(csp, Set.of("necessary"), "N0nce")).element(1)
                .isEqualTo("script-src 'nonce-N0nce' 'self'; style-src 'nonce-N0nce' 'self'");
    }

    @Test
    void putsASourceThatNamesADirectiveIntoThatDirectiveOnly() {
        ConsentCategories categories = ConsentCategories.builder().category("marketing")
                .source("marketing", "connect-src https://collect.example.com")
                .source("marketing", "https://cdn.example.com").build();
        ContentSecurityPolicy csp = new ContentSecurityPolicy("default-src 'none'", categories);
        assertThat(headers(csp, Set.of("marketing"), "n")).containsExactly("default-src 'none'; script-src"
                + " https://cdn.example.com 'unsafe-inline'; style-src 'unsafe-inline'; connect-src"
                + " https://collect.example.com https://cdn.example.com; img-src https://cdn.example.com; frame-src"
                + " https://cdn.example.com", "script-src 'nonce-n' https:; style-src 'nonce-n'");
        assertThat(headers(csp, Set.of(), "n")).containsExactly("default-src 'none'; script-src 'unsafe-inline';"
                + " style-src 'unsafe-inline'; connect-src 'none'; img-src 'none'; frame-src 'none'",
                "script-src 'nonce-n'; style-src 'nonce-n'");
    }

    @Test
    void keepsTheSitesOwnDirectivesAndReplacesNoneWhenItAddsASource() {
        ContentSecurityPolicy csp = new ContentSecurityPolicy("script-src 'self' https://cdn.example.com;"
                + " frame-src 'none'", CATEGORIES);
        List<String> headers = headers(csp, Set.of("recaptcha"), "x");
        assertThat(headers.get(0)).startsWith("script-src 'self' https://cdn.example.com https://www.google.com/recaptcha/")
                .contains("frame-src https://www.google.com/recaptcha/");
        assertThat(headers.get(1)).isEqualTo("script-src 'nonce-x' 'self' https:");
        assertThat(headers(csp, Set.of(), "x").get(0)).contains("frame-src 'none'").doesNotContain("recaptcha");
    }

    @Test
    void givesTheNoncePolicyEverySourceThatHttpsDoesNotCoverAndTheReportDirectives() {
        ContentSecurityPolicy csp = new ContentSecurityPolicy("script-src 'self' 'unsafe-eval' blob: data:"
                + " http://legacy.example.com static.example.com HTTPS://CDN.EXAMPLE.COM 'unsafe-inline'; style-src"
                + " https:; report-uri /csp-reports; report-to csp", CATEGORIES);
        assertThat(headers(csp, Set.of(), "n")).containsExactly("script-src 'self' 'unsafe-eval' blob: data:"
                + " http://legacy.example.com static.example.com HTTPS://CDN.EXAMPLE.COM 'unsafe-inline'; style-src"
                + " https: 'unsafe-inline'; report-uri /csp-reports; report-to csp", "script-src 'nonce-n' 'self'"
                + " 'unsafe-eval' blob: data: http://legacy.example.com static.example.com https:; style-src"
                + " 'nonce-n' https:; report-uri /csp-reports; report-to csp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"script-src 'self' 'sha256-B2yPHKaXnvFWtRChIbabYmUBFZdVfKKXHbWtWidDVF8='",
            "script-src 'self' 'SHA384-abc'", "script-src 'self' 'sha512-abc'", "script-src 'strict-dynamic'",
            "script-src 'self' 'unsafe-hashes'", "style-src 'self' 'nonce-static'",
            "default-src 'self'; script-src-elem 'self'", "default-src 'self'; script-src-attr 'none'",
            "default-src 'self'; style-src-elem 'self'", "default-src 'self'; style-src-attr 'none'"})
    void sendsOnePolicyWithTheNonceWhereTwoWouldAllowSomethingElse(String base) {
        ContentSecurityPolicy csp = new ContentSecurityPolicy(base, CATEGORIES);
        List<String> headers = headers(csp, Set.of("necessary", "analytics"), "n");
        assertThat(headers).hasSize(1);
        assertThat(headers.get(0)).contains("'nonce-n'").doesNotContain("'unsafe-inline'");
        assertThat(csp.policies(Set.of("necessary", "analytics")).fixed()).isNull();
    }

    @Test
    void addsNoDirectiveTheBasePolicyLeavesUnrestricted() {
        ContentSecurityPolicy csp = new ContentSecurityPolicy("frame-ancestors 'self'", CATEGORIES);
        assertThat(headers(csp, Set.of("analytics"), "x")).containsExactly("frame-ancestors 'self'");
        assertThat(csp.policies(Set.of("analytics")).withNonce("x")).isNull();
    }

    @Test
    void putsEachRequestsOwnNonceIntoTheShortPolicyAndSendsTheOtherAsItWasBuilt() {
        ContentSecurityPolicy csp = new ContentSecurityPolicy("default-src 'self'", CATEGORIES);
        ContentSecurityPolicy.Policies first = csp.policies(Set.of());
        assertThat(first.withNonce("first")).contains("'nonce-first'").doesNotContain("second");
        assertThat(csp.policies(Set.of()).withNonce("second")).contains("'nonce-second'").doesNotContain("first");
        assertThat(csp.policies(Set.of()).fixed()).isSameAs(first.fixed()).doesNotContain("nonce");
    }

    @Test
    void givesAGrantedSetItsOwnPoliciesAsSetsAlternate() {
        ContentSecurityPolicy csp = new ContentSecurityPolicy("default-src 'self'", CATEGORIES);
        Set<String> all = Set.of("necessary", "analytics", "recaptcha");
        ConsentState necessary = state(Set.of("necessary"));

        for (int round = 0; round < 3; round++) {
            int i = round;
            assertThat(headers(csp, all, "n" + i)).satisfiesExactly(
                    fixed -> assertThat(fixed).contains("googletagmanager", "recaptcha"),
                    nonced -> assertThat(nonced).contains("'nonce-n" + i + "'"));
            assertThat(headers(csp, necessary.granted(), "m" + i)).satisfiesExactly(
                    fixed -> assertThat(fixed).doesNotContain("google"),
                    nonced -> assertThat(nonced).contains("'nonce-m" + i + "'").doesNotContain("https:"));
        }
    }

    @Test
    void keepsEachGrantedSetsPoliciesApartBeyondTheSlottedCategoriesToo() {
        ConsentCategories.Builder builder = ConsentCategories.builder();
        for (int i = 0; i < 11; i++) {
            builder.category("c" + i).source("c" + i, "https://c" + i + ".example.com");
        }
        ContentSecurityPolicy csp = new ContentSecurityPolicy("default-src 'self'", builder.build());
        for (int round = 0; round < 2; round++) {
            assertThat(csp.policies(Set.of("c10")).fixed()).contains("https://c10.example.com")
                    .doesNotContain("https://c1.example.com");
            assertThat(csp.policies(Set.of("c1")).fixed()).contains("https://c1.example.com")
                    .doesNotContain("https://c10.example.com");
            assertThat(csp.policies(Set.of()).fixed()).doesNotContain("example.com");
        }
        assertThat(csp.policies(Set.of("c3"))).isSameAs(csp.policies(Set.of("c3")));
    }

    /** The header values in the order the filter sends them (ConsentEnforcer.applyCsp): fixed, then nonced. */
    private static List<String> headers(ContentSecurityPolicy csp, Set<String> granted, String nonce) {
        ContentSecurityPolicy.Policies policies = csp.policies(granted);
        List<String> headers = new ArrayList<>(2);
        if (policies.fixed() != null) {
            headers.add(policies.fixed());
        }
        if (policies.withNonce(nonce) != null) {
            headers.add(policies.withNonce(nonce));
        }
        return headers;
    }

    private static ConsentState state(Set<String> granted) {
        return new ConsentState("1", true, CATEGORIES.names(), granted, Optional.empty(), "", false, false,
                Regime.OPT_IN, "");
    }

    @Test
    void rejectsAPolicyThatIsNotOne() {
        assertThatThrownBy(() -> ContentSecurityPolicy.parse(" ; ")).hasMessageContaining("no directive");
        assertThatThrownBy(() -> ContentSecurityPolicy.parse("script-src a; script-src b"))
                .hasMessageContaining("appears twice");
        assertThatThrownBy(() -> ContentSecurityPolicy.parse("default_src 'self'"))
                .hasMessageContaining("not a CSP directive name");
        assertThatThrownBy(() -> ContentSecurityPolicy.parse("script-src ,'self'"))
                .hasMessageContaining("is not a CSP source");
        assertThatThrownBy(() -> ContentSecurityPolicy.parse("script-src \u0000x"))
                .hasMessageContaining("is not a CSP source");
    }
}
