package net.erpex.privacy.language;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The languages spoken in a country, most widely used first, for visitors whose browser names no
 * language the site offers.
 *
 * <p>Multilingual countries list their alternates so that a site can take the first one it supports:
 * Belgium is {@code nl-BE, fr-BE, de-BE} (Flemish speakers are the majority), Switzerland
 * {@code de-CH, fr-CH, it-CH, rm-CH}, Canada {@code en-CA, fr-CA}. Entries carry the country as region
 * so that a site offering {@code en-GB} and {@code en-US} picks the right one; a site offering plain
 * {@code en} still matches through {@link LanguageNegotiator}'s lookup. Chinese entries carry their
 * script ({@code zh-Hant-TW}, {@code zh-Hans-CN}) because the script, not the region, decides what a
 * reader can read. India lists English first, the language of its government and commerce across
 * every state, then Hindi.
 *
 * <p>Covers every EU and EEA member, Switzerland, the United Kingdom, and the larger economies of the
 * other continents; unknown codes yield an empty list.
 */
public final class CountryLanguages {

    private static final Map<String, List<Locale>> TABLE = Map.ofEntries(
            // European Union
            country("AT", "de-AT"),
            country("BE", "nl-BE", "fr-BE", "de-BE"),
            country("BG", "bg-BG"),
            country("CY", "el-CY", "tr-CY"),
            country("CZ", "cs-CZ"),
            country("DE", "de-DE"),
            country("DK", "da-DK"),
            country("EE", "et-EE"),
            country("ES", "es-ES", "ca-ES", "gl-ES", "eu-ES"),
            country("FI", "fi-FI", "sv-FI"),
            country("FR", "fr-FR"),
            country("GR", "el-GR"),
            country("HR", "hr-HR"),
            country("HU", "hu-HU"),
            country("IE", "en-IE", "ga-IE"),
            country("IT", "it-IT"),
            country("LT", "lt-LT"),
            country("LU", "lb-LU", "fr-LU", "de-LU"),
            country("LV", "lv-LV"),
            country("MT", "mt-MT", "en-MT"),
            country("NL", "nl-NL"),
            country("PL", "pl-PL"),
            country("PT", "pt-PT"),
            country("RO", "ro-RO"),
            country("SE", "sv-SE"),
            country("SI", "sl-SI"),
            country("SK", "sk-SK"),
            // rest of the EEA, Switzerland, United Kingdom
            country("IS", "is-IS"),
            country("LI", "de-LI"),
            // Bokmål first; "no" too, as many sites and browsers still use the macrolanguage code
            country("NO", "nb-NO", "no-NO", "nn-NO"),
            country("CH", "de-CH", "fr-CH", "it-CH", "rm-CH"),
            country("GB", "en-GB"),
            // rest of Europe
            country("AL", "sq-AL"),
            country("BA", "bs-BA", "hr-BA", "sr-BA"),
            country("BY", "be-BY", "ru-BY"),
            country("MD", "ro-MD"),
            country("MK", "mk-MK"),
            country("RS", "sr-RS"),
            country("RU", "ru-RU"),
            country("TR", "tr-TR"),
            country("UA", "uk-UA"),
            // Americas
            country("AR", "es-AR"),
            country("BR", "pt-BR"),
            country("CA", "en-CA", "fr-CA"),
            country("CL", "es-CL"),
            country("CO", "es-CO"),
            country("MX", "es-MX"),
            country("PE", "es-PE"),
            country("US", "en-US", "es-US"),
            country("UY", "es-UY"),
            country("VE", "es-VE"),
            // Asia and Oceania
            country("AU", "en-AU"),
            country("CN", "zh-Hans-CN"),
            country("HK", "zh-Hant-HK", "en-HK"),
            country("ID", "id-ID"),
            country("IL", "he-IL", "ar-IL"),
            country("IN", "en-IN", "hi-IN"),
            country("JP", "ja-JP"),
            country("KR", "ko-KR"),
            country("KZ", "kk-KZ", "ru-KZ"),
            country("MO", "zh-Hant-MO", "pt-MO"),
            country("MY", "ms-MY", "en-MY"),
            country("NZ", "en-NZ", "mi-NZ"),
            country("PH", "fil-PH", "en-PH"),
            country("SG", "en-SG", "zh-Hans-SG", "ms-SG", "ta-SG"),
            country("TH", "th-TH"),
            country("TW", "zh-Hant-TW"),
            country("VN", "vi-VN"),
            // Africa and the Middle East
            country("AE", "ar-AE", "en-AE"),
            country("DZ", "ar-DZ", "fr-DZ"),
            country("EG", "ar-EG"),
            country("MA", "ar-MA", "fr-MA"),
            country("NG", "en-NG"),
            country("SA", "ar-SA"),
            country("TN", "ar-TN", "fr-TN"),
            country("ZA", "en-ZA", "af-ZA"));

    private CountryLanguages() {
    }

    /**
     * Returns a country's languages, most widely used first.
     *
     * @param countryIsoCode an ISO 3166-1 alpha-2 code, any case; may be {@code null}
     * @return the languages, empty if the code is unknown; immutable
     */
    public static List<Locale> languagesOf(String countryIsoCode) {
        if (countryIsoCode == null) {
            return List.of();
        }
        String code = countryIsoCode.strip();
        return code.length() == 2 ? TABLE.getOrDefault(code.toUpperCase(Locale.ROOT), List.of()) : List.of();
    }

    private static Map.Entry<String, List<Locale>> country(String code, String... tags) {
        return Map.entry(code, Arrays.stream(tags).map(Locale::forLanguageTag).toList());
    }
}
