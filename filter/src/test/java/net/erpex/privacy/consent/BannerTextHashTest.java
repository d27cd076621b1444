package net.erpex.privacy.consent;

import static net.erpex.privacy.consent.BannerFixtures.BUILT_IN;
import static net.erpex.privacy.consent.BannerFixtures.NO_SITE_BUNDLES;
import static net.erpex.privacy.consent.BannerFixtures.siteBundles;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hash a consent record keeps as proof of which texts the visitor was shown (GDPR Art. 7(1)): the same texts give
 * the same hash, any changed text or policy address another.
 */
class BannerTextHashTest {

    private static final Locale FRENCH = Locale.FRENCH;

    private static BannerTexts texts(ClassLoader site, String policyUrl) {
        return BannerTexts.builder(BUILT_IN).siteClassLoader(site).policyUrl(policyUrl).build();
    }

    @Test
    void isTheSameForTheSameTextsAndDiffersBetweenLanguages() {
        BannerTexts a = texts(NO_SITE_BUNDLES, "/privacy");
        BannerTexts b = texts(NO_SITE_BUNDLES, "/privacy");
        assertThat(a.textHash(FRENCH)).isEqualTo(b.textHash(FRENCH)).hasSize(22)
                .isNotEqualTo(a.textHash(Locale.ENGLISH));
    }

    @Test
    void isTheEnglishHashForALanguageThatFallsBackToEnglish() {
        BannerTexts texts = texts(NO_SITE_BUNDLES, "");
        assertThat(texts.textHash(Locale.forLanguageTag("sv"))).isEqualTo(texts.textHash(Locale.ENGLISH));
    }

    @Test
    void changesWithOneChangedTextInThatLanguageOnly(@TempDir Path dir) {
        BannerTexts plain = texts(NO_SITE_BUNDLES, "/privacy");
        BannerTexts changed = texts(siteBundles(dir, Map.of("privacy-banner_fr.properties",
                "banner.title=Vos données, vos choix\n")), "/privacy");
        assertThat(changed.textHash(FRENCH)).isNotEqualTo(plain.textHash(FRENCH));
        assertThat(changed.textHash(Locale.ENGLISH)).isEqualTo(plain.textHash(Locale.ENGLISH));
    }

    @Test
    void changesWithThePolicyAddress() {
        assertThat(texts(NO_SITE_BUNDLES, "/privacy").textHash(FRENCH))
                .isNotEqualTo(texts(NO_SITE_BUNDLES, "/privacy-v2").textHash(FRENCH))
                .isNotEqualTo(texts(NO_SITE_BUNDLES, "").textHash(FRENCH));
    }
}
