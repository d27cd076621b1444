package net.erpex.privacy.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A missing or extra translation is a failing build, not a silent fallback to English. */
class BannerBundlesTest {

    static Stream<String> translations() {
        return BannerTexts.LANGUAGES.stream().filter(l -> !l.equals(Locale.ENGLISH)).map(Locale::toLanguageTag);
    }

    private static Map<String, String> bundle(String suffix) {
        return BannerBundle.read(BannerTexts.class.getClassLoader(), BannerTexts.BUILT_IN + suffix + ".properties")
                .orElseThrow(() -> new AssertionError("no bundle banner" + suffix + ".properties"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("translations")
    void everyTranslationHasExactlyTheKeysOfTheEnglishBundle(String language) {
        assertThat(bundle("_" + language).keySet()).containsExactlyInAnyOrderElementsOf(bundle("").keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("translations")
    void everyTranslationTranslatesTheButtons(String language) {
        Map<String, String> english = bundle("");
        Map<String, String> translated = bundle("_" + language);

        for (String key : new String[] {"button.accept-all", "button.reject-all", "button.customize", "button.save"}) {
            assertThat(translated.get(key)).as(key).isNotEqualTo(english.get(key));
        }
    }

    @Test
    void noTextIsEmpty() {
        Stream.concat(Stream.of(""), translations().map(l -> "_" + l)).forEach(suffix ->
                bundle(suffix).forEach((key, value) -> assertThat(value).as("banner%s: %s", suffix, key).isNotBlank()));
    }

    @Test
    void everyBundleIsValidUtf8() throws IOException {
        for (String suffix : Stream.concat(Stream.of(""), translations().map(l -> "_" + l)).toList()) {
            String resource = BannerTexts.BUILT_IN + suffix + ".properties";
            try (InputStream in = BannerTexts.class.getClassLoader().getResourceAsStream(resource)) {
                assertThat(in).as(resource).isNotNull();
                byte[] bytes = in.readAllBytes();
                // Throws on a byte sequence that is not UTF-8, which BannerTexts would silently read as ISO-8859-1.
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes));
            }
        }
    }
}
