package net.erpex.privacy.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContentSecurityPolicyTest {

    private static final ConsentCategories CATEGORIES = ConsentCategories.builder().build();

    @Test
    void addsTheNonceAndOnlyTheGrantedCategoriesSources() {
        ContentSecurityPolicy csp = new ContentSecurityPolicy("default-src 'self'; object-src 'none'", CATEGORIES);
        String header = csp.header(Set.of("necessary", "analytics"), "N0nce");
        // Each of Google's hosts only where the tag uses it: none may frame the page's content or serve a frame.
        assertThat(header).isEqualTo("default-src 'self'; object-src 'none'; script-src 'self' 'nonce-N0nce'"
                + " https://www.googletagmanager.com; style-src 'self' 'nonce-N0nce'; connect-src 'self'"
                + " https://*.google-analytics.com https://*.analytics.google.com https://www.googletagmanager.com;"
                + " img-src 'self' https://*.google-analytics.com https://www.googletagmanager.com; frame-src 'self'");
    }

    @Test
    void putsASourceThatNamesADirectiveIntoThatDirectiveOnly() {
        ConsentCategories categories = ConsentCategories.builder().category("marketing")
                .source("marketing", "connect-src https://collect.example.com")
                .source("marketing", "https://cdn.example.com").build();
        ContentSecurityPolicy csp = new ContentSecurityPolicy("default-src 'none'", categories);
        assertThat(csp.header(Set.of("marketing"), "n")).isEqualTo("default-src 'none'; script-src 'nonce-n'"
                + " https://cdn.example.com; style-src 'nonce-n'; connect-src https://collect.example.com"
                + " https://cdn.example.com; img-src https://cdn.example.com; frame-src https://cdn.example.com");
        assertThat(csp.header(Set.of(), "n")).doesNotContain("example.com");
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
    void givesAStateTheHeaderOfItsGrantedSetAsStatesAlternate() {
        ContentSecurityPolicy csp = new ContentSecurityPolicy("default-src 'self'", CATEGORIES);
        ConsentState all = state(Set.of("necessary", "analytics", "recaptcha"));
        ConsentState necessary = state(Set.of("necessary"));

        for (int i = 0; i < 3; i++) {
            assertThat(csp.header(all, "n" + i)).isEqualTo(csp.header(Set.of("necessary", "analytics", "recaptcha"),
                    "n" + i)).contains("'nonce-n" + i + "'", "googletagmanager", "recaptcha");
            assertThat(csp.header(necessary, "m" + i)).isEqualTo(csp.header(Set.of("necessary"), "m" + i))
                    .contains("'nonce-m" + i + "'").doesNotContain("google");
        }
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
    }
}
