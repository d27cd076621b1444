package net.erpex.privacy.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsentTagsTest {

    private static ConsentTags tags(String... granted) {
        return new ConsentTags(new ConsentState("1", true, List.of("necessary", "preferences", "analytics"),
                Set.of(granted), Optional.empty(), "", false, false, Regime.OPT_IN, ""), "N");
    }

    @Test
    void rendersAGrantedScriptWithTheNonce() {
        assertThat(tags("necessary", "analytics").script("analytics", "https://www.googletagmanager.com/gtag/js?id=G-1&x=\"y"))
                .isEqualTo("<script src=\"https://www.googletagmanager.com/gtag/js?id=G-1&amp;x=&quot;y\" nonce=\"N\""
                        + " async data-privacy-category=\"analytics\"></script>");
    }

    @Test
    void rendersAnInertPlaceholderWithoutTheCodeWhenDenied() {
        ConsentTags t = tags("necessary");
        assertThat(t.script("analytics", "https://a.example/x.js")).startsWith("<script type=\"text/plain\"")
                .doesNotContain("nonce");
        assertThat(t.inlineScript("analytics", "track()")).doesNotContain("track");
    }

    @Test
    void inlineCodeCannotCloseItsElement() {
        assertThat(tags("necessary", "analytics").inlineScript("analytics", "x='</script><img>'"))
                .contains("x='<\\/script><img>'").endsWith("</script>").containsOnlyOnce("</script>");
    }

    @Test
    void declaresGoogleConsentModeFromTheServerSideState() {
        String snippet = tags("necessary", "analytics").consentMode("default");
        assertThat(snippet).contains("gtag('consent','default',{").contains("'analytics_storage':'granted'")
                .contains("'ad_storage':'denied'").contains("'functionality_storage':'denied'")
                .contains("'security_storage':'granted'").startsWith("<script nonce=\"N\">");
        assertThat(tags("necessary", "preferences").consentMode("update")).contains("gtag('consent','update',{")
                .contains("'analytics_storage':'denied'").contains("'personalization_storage':'granted'");
    }

    @Test
    void keepsTheCategoryOnTheInertPlaceholderSoTheBannerCanActivateItLater() {
        assertThat(tags("necessary").inlineScript("analytics", "track()"))
                .isEqualTo("<script type=\"text/plain\" data-privacy-category=\"analytics\"></script>");
    }
}
