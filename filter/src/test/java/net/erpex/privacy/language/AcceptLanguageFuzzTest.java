package net.erpex.privacy.language;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code Accept-Language}, {@code ?lang=} and the language cookie are written by the client: whatever they hold, the
 * negotiation answers with a supported language and never throws. A regression run over the committed inputs in every
 * build; {@code JAZZER_FUZZ=1} fuzzes (see the README's testing section).
 */
class AcceptLanguageFuzzTest {

    private static final List<Locale> SUPPORTED = LanguageNegotiator.parseSupported("en,fr,de,es,nl,ja,fr-CA,zh-Hant");
    private static final LanguageNegotiator NEGOTIATOR = new LanguageNegotiator(SUPPORTED, Locale.ENGLISH);

    @FuzzTest
    void anyHeaderChoiceAndCountryGiveASupportedLanguage(FuzzedDataProvider data) {
        String choice = data.consumeBoolean() ? data.consumeString(48) : null;
        String country = data.consumeBoolean() ? data.consumeString(4) : null;
        String header = data.consumeRemainingAsString();

        List<AcceptLanguage.Range> ranges = AcceptLanguage.parse(header);
        assertThat(ranges).hasSizeLessThanOrEqualTo(AcceptLanguage.MAX_RANGES);
        Set<String> seen = new HashSet<>();
        for (AcceptLanguage.Range range : ranges) {
            assertThat(range.quality()).isBetween(0, 1000);
            assertThat(seen.add(range.wildcard() ? "*" : range.locale().toLanguageTag())).as("a repeated range").isTrue();
        }

        LanguageResult result = NEGOTIATOR.negotiate(choice, header, country);
        assertThat(SUPPORTED).contains(result.locale());
        assertThat(SUPPORTED).containsAll(result.locales());
        assertThat(result.locales().get(0)).isEqualTo(result.locale());
        NEGOTIATOR.match(choice).ifPresent(match -> assertThat(SUPPORTED).contains(match));
    }
}
