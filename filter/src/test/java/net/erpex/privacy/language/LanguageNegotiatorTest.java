package net.erpex.privacy.language;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import net.erpex.privacy.language.LanguageResult.Source;

class LanguageNegotiatorTest {

    /** Supported languages as a list whose first entry is the default. */
    private static LanguageNegotiator negotiator(String supportedWithDefaultFirst) {
        List<Locale> supported = LanguageNegotiator.parseSupported(supportedWithDefaultFirst);
        return new LanguageNegotiator(supported, supported.get(0));
    }

    private static List<String> tags(List<Locale> locales) {
        return locales.stream().map(Locale::toLanguageTag).toList();
    }

    @Nested
    class AcceptLanguageHeader {

        private static Arguments scenario(String name, String supported, String header, String country,
                                          String locales, Source source) {
            return Arguments.of(name, supported, header, country, locales, source);
        }

        static Stream<Arguments> scenarios() {
            Source al = Source.ACCEPT_LANGUAGE;
            Source none = Source.DEFAULT;
            return Stream.of(
                    scenario("absent header", "en, fr, de", null, null, "en", none),
                    scenario("empty header", "en, fr, de", "", null, "en", none),
                    scenario("exact language", "en, fr, de", "fr", null, "fr", al),
                    scenario("highest weight first", "en, fr, de", "de;q=0.5, fr;q=0.9", null, "fr, de", al),
                    scenario("equal weights keep header order", "en, fr, de", "de;q=0.8, fr;q=0.8", null, "de, fr",
                            al),
                    scenario("region falls back to language", "en, fr, de", "de-AT", null, "de", al),
                    scenario("uppercase tags", "en, fr, de", "FR-ca, DE", null, "fr, de", al),
                    scenario("whitespace everywhere", "en, fr, de", "  fr ;  q=0.7 ,\tde ; Q=0.9 ", null, "de, fr",
                            al),
                    scenario("browser default", "en, fr, de", "fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", null,
                            "fr, en, de", al),
                    scenario("wildcard picks the default", "en, fr, de", "*", null, "en, fr, de", al),
                    scenario("wildcard skips an excluded default", "fr, en, de", "fr;q=0, *", null, "en, de", al),
                    scenario("wildcard leaves ranged languages at their weight", "en, fr, de", "*, en;q=0.1", null,
                            "fr, de, en", al),
                    scenario("wildcard refused alone", "en, fr, de", "*;q=0", null, "en", none),
                    scenario("wildcard refused skips the country", "en, fr, de", "ja, *;q=0", "FR", "en", none),
                    scenario("wildcard refused keeps lookup fallback", "en, de", "de-AT, *;q=0", null, "de", al),
                    scenario("q=0 excludes a language", "en, fr, de", "fr;q=0, de;q=0.5", null, "de", al),
                    scenario("q=0 on a language excludes its other regions", "en, fr-CA", "fr;q=0, fr-FR", null, "en",
                            none),
                    scenario("q=0 on language blocks region fallback", "en, de", "de-AT, de;q=0", null, "en", none),
                    scenario("exact range beats broader exclusion", "en, fr, fr-CA", "fr-CA, fr;q=0", null, "fr-CA",
                            al),
                    scenario("q=0 on the default", "en, fr, de", "en;q=0", null, "fr", none),
                    scenario("q=0 on every language", "en, fr, de", "en;q=0, fr;q=0, de;q=0", "DE", "en", none),
                    scenario("malformed weight skips the range", "en, fr, de", "de;q=abc, fr;q=0.5", null, "fr", al),
                    scenario("weight above one", "en, fr, de", "de;q=1.5, fr;q=0.2", null, "fr", al),
                    scenario("weight with four decimals", "en, fr, de", "de;q=0.1234, fr;q=0.2", null, "fr", al),
                    scenario("one with decimals", "en, fr, de", "fr;q=0.5, de;q=1.000", null, "de, fr", al),
                    scenario("negative weight", "en, fr, de", "de;q=-1, fr;q=0.2", null, "fr", al),
                    scenario("empty weight", "en, fr, de", "de;q=, fr;q=0.2", null, "fr", al),
                    scenario("unknown parameter", "en, fr, de", "de;level=1, fr;q=0.5", null, "fr", al),
                    scenario("only separators", "en, fr, de", ";;;", null, "en", none),
                    scenario("only commas", "en, fr, de", ",,, ,", null, "en", none),
                    scenario("digits are no language", "en, fr, de", "12345", null, "en", none),
                    scenario("digits then language", "en, fr, de", "12345, de", null, "de", al),
                    scenario("duplicate: first refusal wins", "en, fr, de", "fr;q=0, fr, de;q=0.5", null, "de", al),
                    scenario("duplicate: first acceptance wins", "en, fr, de", "fr, fr;q=0", null, "fr", al),
                    scenario("private use only", "en, fr, de", "x-klingon", null, "en", none),
                    scenario("unsupported languages", "en, fr, de", "ja, ko;q=0.8", null, "en", none),
                    scenario("ranges beyond the 64th ignored", "en, fr, de", "ja, ".repeat(64) + "fr", null, "en",
                            none),
                    scenario("20 KB header starting with a supported language", "en, fr, de",
                            "de;q=0.9, " + "!@#$%^&*(), ".repeat(2000), null, "de", al),
                    scenario("20 KB header with one language then no commas", "en, fr, de",
                            "fr, " + "a".repeat(20_000), null, "fr", al),
                    scenario("20 KB header of garbage", "en, fr, de", "~".repeat(20_000), null, "en", none),
                    scenario("language read past the 4096th character ignored", "en, fr, de",
                            "ja, ".repeat(1100) + "fr", null, "en", none),
                    scenario("zh-TW gets Traditional", "en, zh-Hans, zh-Hant", "zh-TW", null, "zh-Hant", al),
                    scenario("zh-HK gets Traditional", "en, zh-Hans, zh-Hant", "zh-HK", null, "zh-Hant", al),
                    scenario("zh-CN never gets Traditional", "en, zh-Hant", "zh-CN", null, "en", none),
                    scenario("zh-SG gets Simplified", "en, zh-Hant, zh-Hans", "zh-SG", null, "zh-Hans", al),
                    scenario("zh-Hant-TW gets zh-TW", "en, zh-CN, zh-TW", "zh-Hant-TW", null, "zh-TW", al),
                    scenario("zh-MO gets another Traditional region", "en, zh-CN, zh-TW", "zh-MO", null, "zh-TW", al),
                    scenario("zh-CN never gets zh-TW", "en, zh-TW", "zh-CN", null, "en", none),
                    scenario("plain zh supported takes any Chinese", "en, zh", "zh-TW, zh-CN;q=0.5", null, "zh", al),
                    scenario("plain zh requested takes any Chinese", "en, zh-Hant", "zh", null, "zh-Hant", al),
                    scenario("en accepts en-GB", "fr, en-GB, en-US", "en", null, "en-GB, en-US", al),
                    scenario("exact region beats other region", "en-GB, en-US", "en-US", null, "en-US, en-GB", al),
                    scenario("other region of the same language", "fr, en-GB", "en-AU, fr;q=0.5", null,
                            "en-GB, fr", al),
                    scenario("lookup before same language", "de-CH, de", "de-AT", null, "de, de-CH", al));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("scenarios")
        void negotiates(String name, String supported, String header, String country, String locales,
                        Source source) {
            LanguageResult result = negotiator(supported).negotiate(null, header, country);

            assertThat(String.join(", ", tags(result.locales()))).isEqualTo(locales);
            assertThat(result.locale()).isEqualTo(result.locales().get(0));
            assertThat(result.source()).isEqualTo(source);
        }

        @Test
        void neverThrowsOnRandomHeaders() {
            LanguageNegotiator negotiator = negotiator("en, fr-CA, zh-Hant, de");
            Random random = new Random(9110);
            String alphabet = "abcdefzhHnt-_*;,=q.0123456789 \t\"é";
            assertThatNoException().isThrownBy(() -> {
                for (int run = 0; run < 5000; run++) {
                    StringBuilder header = new StringBuilder();
                    for (int i = random.nextInt(80); i > 0; i--) {
                        header.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                    LanguageResult result = negotiator.negotiate(header.toString(), header.toString(), "BE");
                    assertThat(negotiator.supported()).contains(result.locale());
                }
            });
        }
    }

    @Nested
    class ExplicitChoice {

        private final LanguageNegotiator negotiator = negotiator("en, fr, de, zh-Hant");

        @Test
        void beatsAcceptLanguageAndCountry() {
            LanguageResult result = negotiator.negotiate("de", "fr, en;q=0.5", "FR");

            assertThat(result.locale()).isEqualTo(Locale.GERMAN);
            assertThat(result.source()).isEqualTo(Source.EXPLICIT);
            assertThat(tags(result.locales())).containsExactly("de", "fr", "en");
        }

        @Test
        void beatsAnExclusionInTheHeader() {
            LanguageResult result = negotiator.negotiate("fr", "fr;q=0", null);

            assertThat(result.locale()).isEqualTo(Locale.FRENCH);
            assertThat(result.source()).isEqualTo(Source.EXPLICIT);
        }

        @Test
        void isMatchedLikeARequestedLanguage() {
            assertThat(negotiator.negotiate("fr-CA", null, null).locale()).isEqualTo(Locale.FRENCH);
            assertThat(negotiator.negotiate("zh-TW", null, null).locale().toLanguageTag()).isEqualTo("zh-Hant");
        }

        @ParameterizedTest(name = "''{0}''")
        @NullSource
        @ValueSource(strings = {"", "  ", "ja", "en_US", "<script>", "fr;q=1", "x-private", "zh-CN",
                "abcdefghi", "de-DE-1996-abcdefgh-abcdefgh-abcdefg", "f\u0131r"})
        void isIgnoredWhenItMatchesNothingSupported(String choice) {
            LanguageResult result = negotiator.negotiate(choice, "de", null);

            assertThat(result.locale()).isEqualTo(Locale.GERMAN);
            assertThat(result.source()).isEqualTo(Source.ACCEPT_LANGUAGE);
        }
    }

    @Nested
    class CountryFallback {

        @Test
        void takesBelgiumsMainLanguageWhenSupported() {
            LanguageResult result = negotiator("en, fr, nl").negotiate(null, "ja", "BE");

            assertThat(result.locale()).isEqualTo(Locale.forLanguageTag("nl"));
            assertThat(result.source()).isEqualTo(Source.COUNTRY);
            assertThat(tags(result.locales())).containsExactly("nl", "fr");
        }

        @Test
        void takesTheNextBelgianLanguageWhenTheMainOneIsNotSupported() {
            LanguageResult result = negotiator("en, fr").negotiate(null, null, "be");

            assertThat(result.locale()).isEqualTo(Locale.FRENCH);
            assertThat(result.source()).isEqualTo(Source.COUNTRY);
        }

        @Test
        void skipsACountryLanguageTheVisitorRefused() {
            LanguageResult result = negotiator("en, nl, fr").negotiate(null, "nl;q=0", "BE");

            assertThat(result.locale()).isEqualTo(Locale.FRENCH);
            assertThat(result.source()).isEqualTo(Source.COUNTRY);
        }

        @Test
        void prefersTheCountrysOwnRegion() {
            LanguageResult result = negotiator("en-US, en-GB, fr").negotiate(null, null, "GB");

            assertThat(result.locale().toLanguageTag()).isEqualTo("en-GB");
        }

        @Test
        void comesAfterAcceptLanguage() {
            LanguageResult result = negotiator("en, fr, nl").negotiate(null, "fr", "BE");

            assertThat(result.locale()).isEqualTo(Locale.FRENCH);
            assertThat(result.source()).isEqualTo(Source.ACCEPT_LANGUAGE);
        }

        @ParameterizedTest(name = "country ''{0}''")
        @NullSource
        @ValueSource(strings = {"", "XX", "JP"})
        void fallsBackToTheDefaultLast(String country) {
            LanguageResult result = negotiator("en, fr, nl").negotiate("ja", "ja", country);

            assertThat(result.locale()).isEqualTo(Locale.ENGLISH);
            assertThat(result.locales()).containsExactly(Locale.ENGLISH);
            assertThat(result.source()).isEqualTo(Source.DEFAULT);
        }
    }

    @Nested
    class Matching {

        @ParameterizedTest(name = "{0}: {1} in [{2}] -> ''{3}''")
        @CsvSource(delimiter = '|', textBlock = """
                exact                  | fr         | en, fr             | fr
                case-insensitive       | FR         | en, fr             | fr
                surrounding space      | ' fr '     | en, fr             | fr
                region to language     | fr-CA      | en, fr             | fr
                language to region     | fr         | en, fr-CA          | fr-CA
                traditional chinese    | zh-TW      | en, zh-Hans, zh-Hant | zh-Hant
                simplified chinese     | zh-CN      | en, zh-Hant        | ''
                unsupported            | ja         | en, fr             | ''
                underscore             | fr_CA      | en, fr             | ''
                too long (36)          | fr-aaaaaaaa-bbbbbbbb-cccccccc-dddddd | en, fr | ''
                longest accepted (35)  | fr-aaaaaaaa-bbbbbbbb-cccccccc-ddddd  | en, fr | fr
                non-ascii letter       | fré        | en, fr             | ''
                empty                  | ''         | en, fr             | ''
                """)
        void mapsAVisitorTagToASupportedLanguage(String name, String tag, String supported, String expected) {
            assertThat(negotiator(supported).match(tag).map(Locale::toLanguageTag).orElse("")).isEqualTo(expected);
        }

        @Test
        void matchesNothingForNull() {
            assertThat(negotiator("en").match(null)).isEmpty();
        }
    }

    @Nested
    class Configuration {

        @Test
        void parsesSupportedLanguagesInOrder() {
            assertThat(tags(LanguageNegotiator.parseSupported(" en , fr-CA,zh-hant, de-CH-1996")))
                    .containsExactly("en", "fr-CA", "zh-Hant", "de-CH-1996");
        }

        @ParameterizedTest(name = "{0}: ''{1}''")
        @CsvSource(delimiter = '|', textBlock = """
                underscore           | en, en_US       | 'en_US' uses '_'; BCP 47 separates subtags with '-', e.g. en-US
                punctuation          | en, xx-!!       | 'xx-!!' is not a language tag
                duplicate            | en, fr, EN      | 'EN' is listed more than once in 'en, fr, EN'
                empty entry          | en,, fr         | contains an empty entry
                trailing comma       | en, fr,         | contains an empty entry
                long language        | english         | 'english' is not a well-formed BCP 47 language tag
                deprecated code      | iw              | 'iw' is not a well-formed BCP 47 language tag (Java reads it as 'he')
                undetermined         | und             | 'und' is not a well-formed BCP 47 language tag
                ill-formed subtag    | en-US-x         | 'en-US-x' is not a well-formed BCP 47 language tag
                private use only     | x-private       | 'x-private' is not a well-formed BCP 47 language tag
                digit language       | 12              | '12' is not a language tag
                """)
        void rejectsBadSupportedLists(String name, String list, String message) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> LanguageNegotiator.parseSupported(list))
                    .withMessageContaining(message)
                    .withMessageEndingWith("expected a comma-separated list of BCP 47 language tags, e.g. en, fr-CA,"
                            + " zh-Hant");
        }

        @ParameterizedTest
        @NullSource
        @ValueSource(strings = {"", " "})
        void rejectsAnEmptySupportedList(String list) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> LanguageNegotiator.parseSupported(list))
                    .withMessageStartingWith("no languages given");
        }

        @Test
        void rejectsADefaultOutsideTheSupportedLanguages() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new LanguageNegotiator(List.of(Locale.ENGLISH, Locale.FRENCH), Locale.GERMAN))
                    .withMessage("the default language 'de' is not one of the supported languages [en, fr]");
        }

        @Test
        void rejectsAMissingDefault() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new LanguageNegotiator(List.of(Locale.ENGLISH), null))
                    .withMessageContaining("'null' is not one of the supported languages [en]");
        }

        @Test
        void rejectsNoSupportedLanguages() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new LanguageNegotiator(List.of(), Locale.ENGLISH))
                    .withMessageStartingWith("the supported languages are empty");
        }

        @Test
        void rejectsDuplicateSupportedLanguages() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new LanguageNegotiator(List.of(Locale.ENGLISH, Locale.ENGLISH), Locale.ENGLISH))
                    .withMessage("the supported languages [en, en] list 'en' twice");
        }

        @Test
        void rejectsLocalesWithoutLanguage() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new LanguageNegotiator(Arrays.asList(Locale.ENGLISH, Locale.ROOT),
                            Locale.ENGLISH))
                    .withMessageContaining("names no language");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new LanguageNegotiator(Arrays.asList(Locale.ENGLISH, null), Locale.ENGLISH))
                    .withMessageContaining("contain null");
        }

        @Test
        void keepsTheSupportedOrderAndDefault() {
            LanguageNegotiator negotiator = new LanguageNegotiator(List.of(Locale.FRENCH, Locale.ENGLISH),
                    Locale.ENGLISH);

            assertThat(negotiator.supported()).containsExactly(Locale.FRENCH, Locale.ENGLISH);
            assertThat(negotiator.defaultLocale()).isEqualTo(Locale.ENGLISH);
        }
    }

    @Nested
    class Result {

        @Test
        void defaultsItsLocalesToTheLocale() {
            assertThat(new LanguageResult(Locale.FRENCH, null, Source.DEFAULT).locales())
                    .containsExactly(Locale.FRENCH);
        }

        @Test
        void requiresTheLocaleFirst() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new LanguageResult(Locale.FRENCH, List.of(Locale.ENGLISH), Source.DEFAULT))
                    .withMessageContaining("must start with locale fr");
        }
    }

    /**
     * The outcome for each header value is remembered: a remembering negotiator answers exactly what one that
     * remembers nothing answers, for any mix of headers, explicit choices and countries, asked in any order.
     */
    @Nested
    class RememberedHeaders {

        private static final String[] HEADERS = {null, "", "fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", "zh",
            "de-AT", "*;q=0", "fr;q=0, *", "ja, en;q=0.1", "xx, yy;q=0.5", "en-GB;q=0.8, es", "*"};
        private static final String[] CHOICES = {null, "fr", "de", "xx", "EN", "zh-Hant", ""};
        private static final String[] COUNTRIES = {"", "CH", "JP", "ES", "BE", "US", "CN"};

        @Test
        void answersWhatANegotiatorWithoutMemoryAnswers() {
            List<Locale> supported = LanguageNegotiator.parseSupported("en, fr, de, es, nl, ja");
            LanguageNegotiator remembering = new LanguageNegotiator(supported, Locale.ENGLISH);
            LanguageNegotiator forgetting = new LanguageNegotiator(supported, Locale.ENGLISH, 0);
            Random random = new Random(20261204);
            for (int i = 0; i < 5_000; i++) {
                String header = HEADERS[random.nextInt(HEADERS.length)];
                String choice = CHOICES[random.nextInt(CHOICES.length)];
                String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
                assertThat(remembering.negotiate(choice, header, country))
                        .as("%s / %s / %s", choice, header, country)
                        .isEqualTo(forgetting.negotiate(choice, header, country));
            }
        }

        @Test
        void answersAHeaderTooLongToRememberAsWell() {
            String header = "fr;q=0.9, " + "x-" + "a".repeat(LanguageNegotiator.MAX_CACHED_HEADER) + ";q=0.1";
            LanguageNegotiator negotiator = negotiator("en, fr");
            assertThat(negotiator.negotiate(null, header, "").locale()).isEqualTo(Locale.FRENCH);
            assertThat(negotiator.negotiate(null, header, "").locale()).isEqualTo(Locale.FRENCH);
        }
    }
}
