package net.erpex.privacy.consent;

import static net.erpex.privacy.consent.BannerFixtures.BUILT_IN;
import static net.erpex.privacy.consent.BannerFixtures.NO_SITE_BUNDLES;
import static net.erpex.privacy.consent.BannerFixtures.siteBundles;
import static net.erpex.privacy.consent.BannerFixtures.texts;
import static net.erpex.privacy.consent.BannerFixtures.withCustom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BannerTextsTest {

    private static final Locale FRENCH = Locale.FRENCH;

    @Nested
    class LanguageFallback {

        @ParameterizedTest(name = "{0} is shown in {1}")
        @CsvSource({
            "en,    en, Accept all",
            "fr,    fr, Tout accepter",
            "fr-CA, fr, Tout accepter",
            "de-AT, de, Alle akzeptieren",
            "pt-BR, pt, Aceitar tudo",
            "ja-JP, ja, すべて許可",
            "sv,    en, Accept all",
            "zh-Hant-TW, en, Accept all",
        })
        void fallsBackToTheBaseLanguageThenEnglish(String visitor, String shown, String acceptAll) {
            BannerTexts texts = texts();
            Locale locale = Locale.forLanguageTag(visitor);

            assertThat(texts.language(locale).toLanguageTag()).isEqualTo(shown);
            assertThat(texts.text(locale, "button.accept-all")).isEqualTo(acceptAll);
        }

        @Test
        void neverConsultsTheJvmDefaultLocale() {
            Locale before = Locale.getDefault();
            try {
                Locale.setDefault(Locale.GERMAN);
                BannerTexts texts = texts();

                assertThat(texts.text(Locale.forLanguageTag("sv"), "button.reject-all")).isEqualTo("Reject all");
                assertThat(texts.language(Locale.forLanguageTag("sv"))).isEqualTo(Locale.ENGLISH);
            } finally {
                Locale.setDefault(before);
            }
        }
    }

    @Nested
    class SiteBundles {

        @Test
        void overrideATextInTheirLanguageOnly(@TempDir Path dir) {
            BannerTexts texts = BannerTexts.builder(BUILT_IN).siteClassLoader(siteBundles(dir, Map.of(
                    "privacy-banner_fr.properties", "banner.title=Vos données, vos choix\n"))).build();

            assertThat(texts.text(FRENCH, "banner.title")).isEqualTo("Vos données, vos choix");
            assertThat(texts.text(FRENCH, "button.accept-all")).isEqualTo("Tout accepter");
            assertThat(texts.text(Locale.ENGLISH, "banner.title")).isEqualTo("Cookies and your privacy");
        }

        @Test
        void labelACustomCategoryInEveryLanguageFromTheRootBundle(@TempDir Path dir) {
            BannerTexts texts = BannerTexts.builder(withCustom("marketing")).siteClassLoader(siteBundles(dir, Map.of(
                    "privacy-banner.properties", "category.marketing.label=Advertising\n",
                    "privacy-banner_de.properties", "category.marketing.label=Werbung\n"))).build();

            assertThat(texts.label(Locale.ENGLISH, "marketing")).isEqualTo("Advertising");
            assertThat(texts.label(FRENCH, "marketing")).isEqualTo("Advertising");
            assertThat(texts.label(Locale.GERMAN, "marketing")).isEqualTo("Werbung");
        }

        @Test
        void doNotBeatAMoreSpecificBuiltInTranslation(@TempDir Path dir) {
            BannerTexts texts = BannerTexts.builder(BUILT_IN).siteClassLoader(siteBundles(dir, Map.of(
                    "privacy-banner.properties", "button.customize=Choose\n"))).build();

            assertThat(texts.text(Locale.ENGLISH, "button.customize")).isEqualTo("Choose");
            assertThat(texts.text(FRENCH, "button.customize")).isEqualTo("Personnaliser");
        }

        @Test
        void canAddALanguage(@TempDir Path dir) {
            BannerTexts texts = BannerTexts.builder(BUILT_IN).siteClassLoader(siteBundles(dir, Map.of(
                    "privacy-banner_sv.properties", "button.accept-all=Godkänn alla\n"))).build();

            assertThat(texts.language(Locale.forLanguageTag("sv"))).isEqualTo(Locale.forLanguageTag("sv"));
            assertThat(texts.text(Locale.forLanguageTag("sv"), "button.accept-all")).isEqualTo("Godkänn alla");
        }

        @Test
        void areReadAsIso88591WhenTheyAreNotUtf8(@TempDir Path dir) throws Exception {
            Files.write(dir.resolve("privacy-banner_fr.properties"),
                    "banner.title=Vos données\n".getBytes(StandardCharsets.ISO_8859_1));
            BannerTexts texts = BannerTexts.builder(BUILT_IN).siteClassLoader(siteBundles(dir, Map.of())).build();

            assertThat(texts.text(FRENCH, "banner.title")).isEqualTo("Vos données");
        }

        @Test
        void thatAreMalformedFailTheBuildNamingTheFile(@TempDir Path dir) {
            ClassLoader site = siteBundles(dir, Map.of("privacy-banner_fr.properties", "banner.title=\\u00zz\n"));

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> BannerTexts.builder(BUILT_IN).siteClassLoader(site).build())
                    .withMessageContaining("privacy-banner_fr.properties");
        }
    }

    @Nested
    class Categories {

        @Test
        void withoutTextsShowTheirName() {
            BannerTexts texts = texts(withCustom("marketing"));

            assertThat(texts.label(FRENCH, "marketing")).isEqualTo("marketing");
        }

        @Test
        void builtInOnesHaveTranslatedLabels() {
            assertThat(texts().label(FRENCH, "recaptcha")).isEqualTo("Protection des formulaires");
            assertThat(texts().label(Locale.ENGLISH, "recaptcha")).isEqualTo("Form protection");
        }
    }

    @Nested
    class TextHash {

        @Test
        void isStableAcrossInstancesAndCalls() {
            String first = texts().textHash(FRENCH);

            assertThat(texts().textHash(FRENCH)).isEqualTo(first).matches("[A-Za-z0-9_-]{22}");
            assertThat(texts().textHash(FRENCH)).isEqualTo(first);
        }

        @Test
        void differsByLanguage() {
            BannerTexts texts = texts();

            assertThat(BannerTexts.LANGUAGES.stream().map(texts::textHash).distinct())
                    .hasSameSizeAs(BannerTexts.LANGUAGES);
        }

        @Test
        void isTheSameForLanguagesShowingTheSameTexts() {
            assertThat(texts().textHash(Locale.forLanguageTag("sv"))).isEqualTo(texts().textHash(Locale.ENGLISH));
            assertThat(texts().textHash(Locale.CANADA_FRENCH)).isEqualTo(texts().textHash(FRENCH));
        }

        @Test
        void changesWhenATextChanges(@TempDir Path dir) {
            BannerTexts reworded = BannerTexts.builder(BUILT_IN).policyUrl("/privacy-policy")
                    .siteClassLoader(siteBundles(dir, Map.of("privacy-banner_fr.properties", "button.save=Valider\n")))
                    .build();

            assertThat(reworded.textHash(FRENCH)).isNotEqualTo(texts().textHash(FRENCH));
            assertThat(reworded.textHash(Locale.ENGLISH)).isEqualTo(texts().textHash(Locale.ENGLISH));
        }

        @Test
        void changesWithThePolicyAddressAndTheCategoriesShown() {
            BannerTexts other = BannerTexts.builder(BUILT_IN).siteClassLoader(NO_SITE_BUNDLES)
                    .policyUrl("/legal/privacy").build();
            BannerTexts fewer = texts(List.of(BannerFixtures.NECESSARY, BannerFixtures.ANALYTICS));

            assertThat(other.textHash(FRENCH)).isNotEqualTo(texts().textHash(FRENCH));
            assertThat(fewer.textHash(FRENCH)).isNotEqualTo(texts().textHash(FRENCH));
        }
    }

    @Nested
    class Building {

        @ParameterizedTest(name = "refuses {0}")
        @ValueSource(strings = {"javascript:alert(1)", "//evil.example/", "/\\evil.example", "privacy", "/a b",
            "data:text/html,x"})
        void refusesAPolicyAddressThatIsNotAPathOrAWebUrl(String url) {
            assertThatIllegalArgumentException().isThrownBy(() -> BannerTexts.builder(BUILT_IN).policyUrl(url))
                    .withMessageContaining("'" + url + "'").withMessageContaining("/privacy-policy");
        }

        @ParameterizedTest(name = "accepts {0}")
        @ValueSource(strings = {"", "/privacy-policy", "https://www.example.com/privacy"})
        void acceptsAPathOrAWebUrlOrNothing(String url) {
            assertThat(BannerTexts.builder(BUILT_IN).siteClassLoader(NO_SITE_BUNDLES).policyUrl(url).build()
                    .policyUrl()).isEqualTo(url);
        }

        @Test
        void namesTheKnownKeysWhenAskedForAnUnknownOne() {
            assertThatIllegalArgumentException().isThrownBy(() -> texts().text(FRENCH, "button.maybe-later"))
                    .withMessageContaining("'button.maybe-later'").withMessageContaining("button.accept-all");
        }
    }
}
