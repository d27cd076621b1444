package net.erpex.privacy.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CountryLanguagesTest {

    private static final List<String> EU_MEMBERS = List.of("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI",
            "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE");

    private static List<String> tags(String country) {
        return CountryLanguages.languagesOf(country).stream().map(Locale::toLanguageTag).toList();
    }

    @Test
    void coversEveryEuMember() {
        assertThat(EU_MEMBERS).hasSize(27).doesNotHaveDuplicates();
        for (String member : EU_MEMBERS) {
            assertThat(CountryLanguages.languagesOf(member)).as(member).isNotEmpty();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            IS | is-IS
            LI | de-LI
            NO | nb-NO, no-NO, nn-NO
            CH | de-CH, fr-CH, it-CH, rm-CH
            GB | en-GB
            US | en-US, es-US
            CA | en-CA, fr-CA
            JP | ja-JP
            CN | zh-Hans-CN
            TW | zh-Hant-TW
            BR | pt-BR
            MX | es-MX
            AR | es-AR
            AU | en-AU
            IN | en-IN, hi-IN
            RU | ru-RU
            KR | ko-KR
            BE | nl-BE, fr-BE, de-BE
            LU | lb-LU, fr-LU, de-LU
            IE | en-IE, ga-IE
            FI | fi-FI, sv-FI
            AT | de-AT
            GR | el-GR
            """)
    void listsTheMainLanguageFirstThenTheAlternates(String country, String expected) {
        assertThat(String.join(", ", tags(country))).isEqualTo(expected);
    }

    @Test
    void ordersBelgiumByNumberOfSpeakers() {
        assertThat(CountryLanguages.languagesOf("BE").get(0).getLanguage()).isEqualTo("nl");
    }

    @Test
    void usesTheScriptThatTaiwanAndChinaRead() {
        assertThat(CountryLanguages.languagesOf("TW").get(0).getScript()).isEqualTo("Hant");
        assertThat(CountryLanguages.languagesOf("CN").get(0).getScript()).isEqualTo("Hans");
    }

    @Test
    void holdsOnlyWellFormedTagsWithTheirOwnRegion() {
        for (String country : List.of("AT", "BE", "CH", "CA", "US", "GB", "CN", "TW", "HK", "SG", "NO", "IL", "PH")) {
            for (Locale locale : CountryLanguages.languagesOf(country)) {
                assertThat(locale.getLanguage()).as(country).hasSizeBetween(2, 3);
                assertThat(locale.getCountry()).as(country).isEqualTo(country);
                assertThat(Locale.forLanguageTag(locale.toLanguageTag())).isEqualTo(locale);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"be", " Be ", "bE"})
    void ignoresCaseAndSurroundingSpace(String code) {
        assertThat(tags(code)).containsExactly("nl-BE", "fr-BE", "de-BE");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"XX", "ZZ", "EU", "BEL", "B", "a very long country name"})
    void returnsNothingForUnknownCodes(String code) {
        assertThat(CountryLanguages.languagesOf(code)).isEmpty();
    }
}
