package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The language order through the filter: explicit choice, then Accept-Language, then the country's language, then
 * the site default; and what the response and {@code getLocale()} say about it.
 */
class LanguageFilterTest {

    private static TestSite site;

    @BeforeAll
    static void start() throws Exception {
        site = TestSite.start("language.supported", "en, fr, de, es, nl, ja, zh-Hant", "language.default", "en",
                "client.trusted-proxies", "127.0.0.1", "geo.database", TestSite.DEMO_DB);
    }

    @AfterAll
    static void stop() throws Exception {
        site.close();
    }

    static Stream<Arguments> scenarios() {
        String garbage20k = "x".repeat(20 * 1024);
        String many = "fr;q=0.9, " + "xx-YY;q=0.1, ".repeat(2000) + "de";
        return Stream.of(
                // name, query, Accept-Language, X-Forwarded-For (country), expected language, expected source
                Arguments.of("no header, no country: site default", "", null, null, "en", "default"),
                Arguments.of("exact supported language", "", "fr", null, "fr", "accept-language"),
                Arguments.of("region subtag falls back to its language", "", "de-AT", null, "de", "accept-language"),
                Arguments.of("highest q wins over header order", "", "es;q=0.5, nl;q=0.8", null, "nl", "accept-language"),
                Arguments.of("equal q keeps header order", "", "ja;q=0.7, fr;q=0.7", null, "ja", "accept-language"),
                Arguments.of("unsupported languages are skipped", "", "pl, sv;q=0.9, es;q=0.3", null, "es", "accept-language"),
                Arguments.of("q=0 excludes a language", "", "fr;q=0, de;q=0.1", null, "de", "accept-language"),
                Arguments.of("star picks the site default", "", "pl, *;q=0.5", null, "en", "accept-language"),
                Arguments.of("star does not bring back an excluded default", "", "*, en;q=0", null, "fr", "accept-language"),
                Arguments.of("malformed q skips only its range", "", "fr;q=abc, de;q=0.4", null, "de", "accept-language"),
                Arguments.of("q above 1 is malformed", "", "fr;q=1.5, es;q=0.2", null, "es", "accept-language"),
                Arguments.of("garbage ranges among good ones", "", ";;;, 12345, @@, nl", null, "nl", "accept-language"),
                Arguments.of("upper case and spaces", "", "  FR-be ; Q=0.9 ", null, "fr", "accept-language"),
                Arguments.of("zh-TW means Traditional Chinese", "", "zh-TW", null, "zh-Hant", "accept-language"),
                Arguments.of("zh-CN is not Traditional Chinese", "", "zh-CN, ja;q=0.5", null, "ja", "accept-language"),
                Arguments.of("20 KB of garbage: country decides", "", garbage20k, "198.51.100.7", "de", "country"),
                Arguments.of("huge header that starts well", "", "ja, " + garbage20k, null, "ja", "accept-language"),
                Arguments.of("thousands of ranges", "", many, null, "fr", "accept-language"),
                Arguments.of("no acceptable language: country of Paris", "", "pl", "192.0.2.10", "fr", "country"),
                Arguments.of("country of Tokyo over IPv6", "", null, "2001:db8:1::9", "ja", "country"),
                Arguments.of("country of Brussels takes Dutch first", "", null, "2001:db8:2::9", "nl", "country"),
                Arguments.of("country of San Francisco: English", "", null, "203.0.113.5", "en", "country"),
                Arguments.of("explicit choice beats the header", "?lang=es", "fr", "192.0.2.10", "es", "explicit"),
                Arguments.of("explicit choice by region tag", "?lang=de-CH", "fr", null, "de", "explicit"),
                Arguments.of("unsupported explicit choice is ignored", "?lang=pl", "nl", null, "nl", "accept-language"),
                Arguments.of("hostile explicit choice is ignored", "?lang=%3Cscript%3E", "nl", null, "nl", "accept-language"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void choosesTheLanguage(String name, String query, String acceptLanguage, String forwardedFor, String expected,
            String source) throws Exception {
        List<String> headers = new ArrayList<>();
        if (acceptLanguage != null) {
            headers.add("Accept-Language");
            headers.add(acceptLanguage);
        }
        if (forwardedFor != null) {
            headers.add("X-Forwarded-For");
            headers.add(forwardedFor);
        }
        HttpResponse<String> response = site.get("/" + query, headers.toArray(String[]::new));
        Map<String, String> seen = TestSite.parse(response.body());
        assertThat(seen).containsEntry("language", expected).containsEntry("languageSource", source)
                .containsEntry("locale", expected);
        assertThat(response.headers().firstValue("Content-Language")).hasValue(expected);
    }

    @Nested
    class TheResponse {

        @Test
        void variesOnAcceptLanguageAndCookie() throws Exception {
            assertThat(site.get("/").headers().allValues("Vary")).anyMatch(v -> v.contains("Accept-Language")
                    && v.contains("Cookie"));
        }

        @Test
        void remembersAnExplicitChoiceInTheLangCookie() throws Exception {
            HttpResponse<String> chosen = site.get("/?lang=ja");
            String cookie = chosen.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("lang="))
                    .findFirst().orElseThrow();
            assertThat(cookie).startsWith("lang=ja;").contains("Path=/", "Max-Age=31536000", "HttpOnly",
                    "SameSite=Lax");
            Map<String, String> later = site.seen("/", "Accept-Language", "fr", "Cookie", "lang=ja");
            assertThat(later).containsEntry("language", "ja").containsEntry("languageSource", "explicit");
        }

        @Test
        void ignoresALangCookieForAnUnsupportedLanguage() throws Exception {
            assertThat(site.seen("/", "Accept-Language", "fr", "Cookie", "lang=pl")).containsEntry("language", "fr");
        }

        @Test
        void givesGetLocalesTheAcceptableLanguagesBestFirst() throws Exception {
            assertThat(site.seen("/", "Accept-Language", "de, fr;q=0.5, pl;q=0.4")).containsEntry("locales", "de,fr");
        }

        @Test
        void setsNoLangCookieWithoutAnExplicitChoice() throws Exception {
            assertThat(site.get("/", "Accept-Language", "fr").headers().allValues("Set-Cookie"))
                    .noneMatch(c -> c.startsWith("lang="));
        }
    }
}
