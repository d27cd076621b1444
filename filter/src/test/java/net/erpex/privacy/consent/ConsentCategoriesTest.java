package net.erpex.privacy.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConsentCategoriesTest {

    private final ConsentCategories builtIn = ConsentCategories.builder().build();

    @Nested
    class TheBuiltInSet {

        @Test
        void namesThePolicysCategoriesNecessaryFirst() {
            assertThat(builtIn.names()).containsExactly("necessary", "preferences", "analytics", "recaptcha",
                    "session-recording");
            assertThat(builtIn.necessary()).containsExactly("necessary");
            assertThat(builtIn.index("analytics")).isEqualTo(2);
            assertThat(builtIn.index("marketing")).isEqualTo(-1);
        }

        @Test
        void makesSessionRecordingOptInOnlyAndNothingSaleOrSharing() {
            assertThat(builtIn.get("session-recording")).hasValueSatisfying(c -> assertThat(c.optInOnly()).isTrue());
            assertThat(builtIn.get("analytics")).hasValueSatisfying(c -> assertThat(c.optInOnly()).isFalse());
            assertThat(builtIn.all()).noneMatch(ConsentCategory::saleOrSharing);
            assertThat(builtIn.get("marketing")).isEmpty();
        }

        @Test
        void classifiesTheCookiesOfGoogleAnalyticsRecaptchaAndHotjar() {
            assertThat(builtIn.classify("_ga").map(ConsentCategory::name)).hasValue("analytics");
            assertThat(builtIn.classify("_ga_ABC123").map(ConsentCategory::name)).hasValue("analytics");
            assertThat(builtIn.classify("__utmz").map(ConsentCategory::name)).hasValue("analytics");
            assertThat(builtIn.classify("_GRECAPTCHA").map(ConsentCategory::name)).hasValue("recaptcha");
            assertThat(builtIn.classify("_hjSession_1").map(ConsentCategory::name)).hasValue("session-recording");
        }

        @Test
        void leavesUnknownAndDifferentlyCasedNamesUnclassified() {
            assertThat(builtIn.classify("theme")).isEmpty();
            assertThat(builtIn.classify("_GA")).isEmpty();
            assertThat(builtIn.classify("_gax")).isEmpty();
        }
    }

    @Nested
    class WithCookies {

        @Test
        void addsNamesToOneCategoryWithoutDuplicatesAndLeavesTheOthers() {
            ConsentCategories more = builtIn.withCookies("necessary", List.of("sid", "consent", "sid", "_ga"));
            assertThat(more.get("necessary").orElseThrow().cookies()).extracting(CookiePattern::toString)
                    .containsExactly("sid", "consent", "_ga");
            assertThat(more.get("analytics")).isEqualTo(builtIn.get("analytics"));
            assertThat(more.names()).isEqualTo(builtIn.names());
            assertThat(more.necessary()).containsExactly("necessary");
        }

        @Test
        void letsTheFirstCategoryWinACookieTwoOfThemClaim() {
            ConsentCategories more = builtIn.withCookies("necessary", List.of("_ga"));
            assertThat(more.classify("_ga").map(ConsentCategory::name)).hasValue("necessary");
            assertThat(more.classify("_ga_X").map(ConsentCategory::name)).hasValue("analytics");
        }
    }

    @Nested
    class TheBuilder {

        @Test
        void addsASiteCategoryAfterTheBuiltInOnesWithItsCookiesAndSources() {
            ConsentCategories c = ConsentCategories.builder().category("marketing").cookie("marketing", "_fbp")
                    .source("marketing", " https://connect.facebook.net/en_US/ ").saleOrSharing("marketing").build();
            assertThat(c.names()).endsWith("marketing");
            ConsentCategory marketing = c.get("marketing").orElseThrow();
            assertThat(marketing.saleOrSharing()).isTrue();
            assertThat(marketing.necessary()).isFalse();
            assertThat(marketing.sources()).containsExactly("https://connect.facebook.net/en_US/");
            assertThat(c.classify("_fbp")).contains(marketing);
        }

        @Test
        void knowsWhichCategoriesItHas() {
            ConsentCategories.Builder b = ConsentCategories.builder().category("marketing");
            assertThat(b.has("marketing")).isTrue();
            assertThat(b.has("analytics")).isTrue();
            assertThat(b.has("ads")).isFalse();
        }

        @Test
        void rejectsADuplicateOrMalformedCategory() {
            assertThatIllegalArgumentException().isThrownBy(() -> ConsentCategories.builder().category("analytics"))
                    .withMessage("category 'analytics' is already defined");
            assertThatIllegalArgumentException().isThrownBy(() -> ConsentCategories.builder().category("Ads"))
                    .withMessageContaining("'Ads' is not a category name");
        }

        @Test
        void acceptsThirtyTwoCategoriesAndNoMore() {
            ConsentCategories.Builder b = ConsentCategories.builder();
            for (int i = 0; i < ConsentCategories.MAX_CATEGORIES - 5; i++) {
                b.category("site" + i);
            }
            assertThat(b.build().all()).hasSize(ConsentCategories.MAX_CATEGORIES);
            assertThatIllegalArgumentException().isThrownBy(() -> b.category("one-more"))
                    .withMessage("at most 32 categories are supported");
        }

        @Test
        void rejectsReferencesToAnUnknownCategory() {
            assertThatIllegalArgumentException().isThrownBy(() -> ConsentCategories.builder().cookie("ads", "_x"))
                    .withMessageStartingWith("unknown category 'ads': expected one of [necessary, preferences,");
            assertThatIllegalArgumentException().isThrownBy(() -> ConsentCategories.builder().source("ads",
                    "https://a.example")).withMessageStartingWith("unknown category 'ads'");
        }

        @Test
        void keepsNecessaryFreeOfThirdPartySourcesAndOfSaleOrSharing() {
            assertThatIllegalArgumentException().isThrownBy(() -> ConsentCategories.builder().source("necessary",
                    "https://cdn.example.com")).withMessageStartingWith("necessary needs no third-party source");
            assertThatIllegalArgumentException().isThrownBy(() -> ConsentCategories.builder()
                    .saleOrSharing("necessary")).withMessageStartingWith("necessary cannot be sale or sharing");
        }

        @Test
        void acceptsOnlyHostSourcesAThirdPartyCanBeNarrowedTo() {
            ConsentCategories.Builder b = ConsentCategories.builder();
            b.source("analytics", "wss://live.example.com:8443/socket");
            b.source("analytics", "cdn.example.com");
            for (String bad : new String[] {"'unsafe-inline'", "*", "https://*", "http://cdn.example.com",
                "https://example", "https://cdn.example.com; script-src *", "https://a.example.com,https://b.example",
                "https://cdn.example.com/'x'", "data:"}) {
                assertThatIllegalArgumentException().as(bad).isThrownBy(() -> b.source("analytics", bad))
                        .withMessageContaining("is not a CSP host source");
            }
        }

        @Test
        void limitsASourceToTheDirectiveItNames() {
            ConsentCategories c = ConsentCategories.builder().category("marketing")
                    .source("marketing", "  connect-src   https://collect.example.com ")
                    .source("marketing", "https://cdn.example.com").build();
            assertThat(c.get("marketing").orElseThrow().sources())
                    .containsExactly("connect-src https://collect.example.com", "https://cdn.example.com");
            for (String bad : new String[] {"style-src https://cdn.example.com", "default-src https://cdn.example.com",
                "script https://cdn.example.com"}) {
                assertThatIllegalArgumentException().as(bad).isThrownBy(() -> ConsentCategories.builder()
                        .category("marketing").source("marketing", bad))
                        .withMessageContaining("is not a directive a category's sources go into: expected one of"
                                + " [script-src, connect-src, img-src, frame-src], or no directive for all of them");
            }
            assertThatIllegalArgumentException().isThrownBy(() -> ConsentCategories.builder()
                    .category("marketing").source("marketing", "script-src 'unsafe-inline'"))
                    .withMessageContaining("is not a CSP host source");
        }
    }

    @Nested
    class Names {

        @Test
        void areLowerCaseWordsWithSingleDashesOfAtMostThirtyTwoCharacters() {
            assertThat(new ConsentCategory("a".repeat(32), false, false, false, null, null).cookies()).isEmpty();
            for (String bad : new String[] {"a".repeat(33), "", "1st", "ads-", "a--b", "ads_x", "Ads"}) {
                assertThatIllegalArgumentException().as(bad)
                        .isThrownBy(() -> new ConsentCategory(bad, false, false, false, List.of(), List.of()));
            }
        }
    }

    @Nested
    class Patterns {

        @Test
        void matchAnExactNameOrAPrefixCaseSensitively() {
            CookiePattern exact = CookiePattern.parse(" _gid ");
            assertThat(exact.matches("_gid")).isTrue();
            assertThat(exact.matches("_gid2")).isFalse();
            CookiePattern prefix = CookiePattern.parse("_ga_*");
            assertThat(prefix.matches("_ga_")).isTrue();
            assertThat(prefix.matches("_ga_X1")).isTrue();
            assertThat(prefix.matches("_ga")).isFalse();
            assertThat(prefix.matches("_GA_X1")).isFalse();
        }

        @Test
        void areEqualByTheirText() {
            assertThat(CookiePattern.parse("_ga_*")).isEqualTo(CookiePattern.parse("_ga_*"))
                    .hasSameHashCodeAs(CookiePattern.parse(" _ga_* ")).isNotEqualTo(CookiePattern.parse("_ga_"))
                    .isNotEqualTo("_ga_*").hasToString("_ga_*");
        }

        @Test
        void acceptNamesUpToSixtyFourCharactersAndOnlyATrailingStar() {
            assertThat(CookiePattern.parse("x".repeat(64)).matches("x".repeat(64))).isTrue();
            for (String bad : new String[] {"*", "", "x".repeat(65), "a*b", "*a", "a b", "a;b", "a=b"}) {
                assertThatIllegalArgumentException().as(bad).isThrownBy(() -> CookiePattern.parse(bad))
                        .withMessageContaining("is not a cookie name or a name prefix followed by *");
            }
        }
    }
}
