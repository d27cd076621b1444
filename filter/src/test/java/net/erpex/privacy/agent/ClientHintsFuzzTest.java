package net.erpex.privacy.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Set;

/**
 * {@code Sec-CH-UA}, {@code Sec-CH-UA-Mobile} and {@code Sec-CH-UA-Platform} are written by the client: whatever they
 * hold, reading them never throws, keeps at most 16 brands of at most 64 characters, no GREASE brand, a major version
 * of digits only, and a platform from the specification's list. A regression run over the committed inputs in every
 * build; {@code JAZZER_FUZZ=1} fuzzes.
 */
class ClientHintsFuzzTest {

    private static final Set<String> PLATFORMS = Set.of("", "Windows", "Mac OS X", "Linux", "Android", "iOS",
            "Chrome OS", "Fuchsia");

    @FuzzTest
    void anyHintsGiveBoundedFacts(FuzzedDataProvider data) {
        String mobile = data.consumeString(8);
        String platform = data.consumeString(64);
        String brandList = data.consumeRemainingAsString();

        var brands = SecChUaList.brands(brandList);
        assertThat(brands).hasSizeLessThanOrEqualTo(16);
        for (SecChUaList.Brand brand : brands) {
            assertThat(brand.family()).isNotBlank().hasSizeLessThanOrEqualTo(64);
            assertThat(SecChUaList.isGrease(brand.family())).isFalse();
            assertThat(brand.major()).matches("[0-9]{0,5}");
        }

        ClientHints hints = new ClientHints(brandList, mobile, platform);
        HintFacts facts = HintFacts.of(hints);
        assertThat(PLATFORMS).contains(facts.platform());
        assertThat(facts.brandMajor()).matches("[0-9]{0,5}");
        assertThat(facts.brandFamily().length()).isLessThanOrEqualTo(64);
        // The flag is read from the stored hint: control characters blanked, surrounding space stripped.
        facts.mobile().ifPresent(m -> assertThat(hints.secChUaMobile()).isEqualTo(m ? "?1" : "?0"));
    }
}
