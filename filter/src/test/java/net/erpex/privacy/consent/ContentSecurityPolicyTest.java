package net.erpex.privacy.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ContentSecurityPolicyTest {

    private static final ConsentCategories CATEGORIES = ConsentCategories.builder().build();

    @Test
    void addsTheNonceAndOnlyTheGrantedCategoriesSources() {
        ContentSecurityPolicy csp = new ContentSecurityPolicy("default-src 'self'; object-src 'none'", CATEGORIES);
        String header = csp.header(Set.of("necessary", "analytics"), "N0nce");
        assertThat(header).isEqualTo("default-src 'self'; object-src 'none'; script-src 'self' 'nonce-N0nce'"
                + " https://www.googletagmanager.com https://www.google-analytics.com https://*.google-analytics.com"
                + " https://*.analytics.google.com; style-src 'self' 'nonce-N0nce'; connect-src 'self'"
                + " https://www.googletagmanager.com https://www.google-analytics.com https://*.google-analytics.com"
                + " https://*.analytics.google.com; img-src 'self' https://www.googletagmanager.com"
                + " https://www.google-analytics.com https://*.google-analytics.com https://*.analytics.google.com;"
                + " frame-src 'self' https://www.googletagmanager.com https://www.google-analytics.com"
                + " https://*.google-analytics.com https://*.analytics.google.com");
    }

    @Test
    void keepsTheSitesOwnDirectivesAndReplacesNoneWhenItAddsASource() {
        ContentSecurityPolicy csp = new ContentSecurityPolicy("script-src 'self' https://cdn.example.com;"
                + " frame-src 'none'", CATEGORIES);
        String header = csp.header(Set.of("recaptcha"), "x");
        assertThat(header).startsWith("script-src 'self' https://cdn.example.com 'nonce-x' https://www.google.com/recaptcha/")
                .contains("frame-src https://www.google.com/recaptcha/");
        assertThat(csp.header(Set.of(), "x")).contains("frame-src 'none'").doesNotContain("recaptcha");
    }

    @Test
    void addsNoDirectiveTheBasePolicyLeavesUnrestricted() {
        ContentSecurityPolicy csp = new ContentSecurityPolicy("frame-ancestors 'self'", CATEGORIES);
        assertThat(csp.header(Set.of("analytics"), "x")).isEqualTo("frame-ancestors 'self'");
    }

    @Test
    void putsEachRequestsOwnNonceIntoTheCachedTemplate() {
        ContentSecurityPolicy csp = new ContentSecurityPolicy("default-src 'self'", CATEGORIES);
        assertThat(csp.header(Set.of(), "first")).contains("'nonce-first'").doesNotContain("second");
        assertThat(csp.header(Set.of(), "second")).contains("'nonce-second'").doesNotContain("first");
    }

    @Test
    void rejectsAPolicyThatIsNotOne() {
        assertThatThrownBy(() -> ContentSecurityPolicy.parse(" ; ")).hasMessageContaining("no directive");
        assertThatThrownBy(() -> ContentSecurityPolicy.parse("script-src a; script-src b"))
                .hasMessageContaining("appears twice");
        assertThatThrownBy(() -> ContentSecurityPolicy.parse("default_src 'self'"))
                .hasMessageContaining("not a CSP directive name");
    }
}
