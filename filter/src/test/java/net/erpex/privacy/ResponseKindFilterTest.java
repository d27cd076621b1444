package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The filter works in proportion to the response: a page gets the Content-Security-Policy and may start a session;
 * a stylesheet, script, image or API answer gets neither, but still the client address, the language (with its
 * {@code Content-Language} when the application asked for it) and the cookie gate; a worker's script gets its policy; a response a shared cache may store gets no cookie of the filter.
 */
class ResponseKindFilterTest {

    private static final String CSP = "Content-Security-Policy";

    private static boolean startsSession(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("sid="));
    }

    @Nested
    class Subresources {

        @Test
        void getNoPolicyAndStartNoSession() throws Exception {
            try (TestSite site = TestSite.start("consent.csp", "enforce")) {
                for (String dest : new String[] {"style", "script", "image", "font", "empty", "manifest"}) {
                    HttpResponse<String> r = site.get("/asset?type=text/css", "Sec-Fetch-Dest", dest);
                    assertThat(r.headers().firstValue(CSP)).as(dest).isEmpty();
                    assertThat(startsSession(r)).as(dest).isFalse();
                }
                assertThat(site.filter().counters().get("session-new")).isZero();
            }
        }

        @Test
        void withoutFetchMetadataAreToldByTheirContentType() throws Exception {
            try (TestSite site = TestSite.start("consent.csp", "enforce")) {
                HttpResponse<String> css = site.get("/site.css?type=text/css");
                assertThat(css.headers().firstValue(CSP)).isEmpty();
                assertThat(startsSession(css)).isFalse();
                HttpResponse<String> page = site.get("/page");
                assertThat(page.headers().firstValue(CSP)).isPresent();
                assertThat(startsSession(page)).isTrue();
            }
        }

        @Test
        void stillGetTheResolvedClientAndTheLanguage() throws Exception {
            try (TestSite site = TestSite.start("client.trusted-proxies", "127.0.0.1", "language.supported",
                    "en,fr")) {
                HttpResponse<String> r = site.get("/site.css?type=text/css", "Sec-Fetch-Dest", "style",
                        "X-Forwarded-For", "198.51.100.7", "Accept-Language", "fr");
                assertThat(TestSite.parse(r.body())).containsEntry("remoteAddr", "198.51.100.7")
                        .containsEntry("locale", "fr");
                assertThat(r.headers().firstValue("Content-Language")).hasValue("fr");
            }
        }

        @Test
        void sayNoLanguageTheApplicationDidNotAskFor() throws Exception {
            try (TestSite site = TestSite.start("language.supported", "en,fr")) {
                HttpResponse<String> css = site.get("/plain/site.css", "Sec-Fetch-Dest", "style", "Accept-Language",
                        "fr");
                assertThat(css.statusCode()).isEqualTo(200);
                assertThat(css.headers().firstValue("Content-Language")).isEmpty();
                assertThat(css.headers().allValues("Vary")).noneMatch(v -> v.contains("Accept-Language"));
                HttpResponse<String> page = site.get("/plain/page", "Sec-Fetch-Dest", "document", "Accept-Language",
                        "fr");
                assertThat(page.headers().firstValue("Content-Language")).hasValue("fr");
                assertThat(page.headers().allValues("Vary")).anyMatch(v -> v.contains("Accept-Language"));
            }
        }

        @Test
        void stillRememberALanguageTheVisitorChose() throws Exception {
            try (TestSite site = TestSite.start("language.supported", "en,fr")) {
                HttpResponse<String> css = site.get("/plain/site.css?lang=fr", "Sec-Fetch-Dest", "style");
                assertThat(css.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("lang=fr;"));
                assertThat(css.headers().firstValue("Content-Language")).hasValue("fr");
            }
        }

        @Test
        void stillHaveTheCookieGate() throws Exception {
            try (TestSite site = TestSite.start()) {
                HttpResponse<String> r = site.get("/site.css?type=text/css&header=_ga&set=_gid", "Sec-Fetch-Dest",
                        "style");
                assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("_ga=")
                        || c.startsWith("_gid="));
                assertThat(site.filter().counters().get("cookie-blocked")).isEqualTo(2);
            }
        }

        @Test
        void stillExpireTheCookiesTheVisitorHasNotGranted() throws Exception {
            try (TestSite site = TestSite.start()) {
                HttpResponse<String> r = site.get("/site.css?type=text/css", "Sec-Fetch-Dest", "style", "Cookie",
                        "_ga=GA1.1.1.1");
                assertThat(r.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("_ga=;")
                        && c.contains("Max-Age=0"));
                assertThat(TestSite.parse(r.body()).get("cookies")).doesNotContain("_ga");
            }
        }

        @Test
        void keepTheVisitorsSession() throws Exception {
            try (TestSite site = TestSite.start()) {
                String sid = TestSite.cookie(site.get("/page", "Sec-Fetch-Dest", "document"), "sid");
                HttpResponse<String> css = site.get("/site.css?type=text/css", "Sec-Fetch-Dest", "style", "Cookie",
                        sid);
                assertThat(startsSession(css)).isFalse();
                assertThat(site.filter().counters().get("session-new")).isEqualTo(1);
            }
        }
    }

    @Nested
    class Workers {

        @Test
        void getThePolicyOfTheirOwnResponseButStartNoSession() throws Exception {
            try (TestSite site = TestSite.start("consent.csp", "enforce")) {
                for (String dest : new String[] {"worker", "sharedworker", "serviceworker"}) {
                    HttpResponse<String> r = site.get("/worker.js?type=text/javascript", "Sec-Fetch-Dest", dest);
                    assertThat(r.headers().firstValue(CSP)).as(dest).isPresent();
                    assertThat(startsSession(r)).as(dest).isFalse();
                }
            }
        }
    }

    @Nested
    class Pages {

        @Test
        void getThePolicyAndStartASession() throws Exception {
            try (TestSite site = TestSite.start("consent.csp", "enforce")) {
                for (String dest : new String[] {"document", "iframe"}) {
                    HttpResponse<String> r = site.get("/page", "Sec-Fetch-Dest", dest);
                    assertThat(r.headers().firstValue(CSP)).as(dest).isPresent();
                    assertThat(startsSession(r)).as(dest).isTrue();
                }
            }
        }

        @Test
        void aPolicyTheApplicationAddsAppliesBesideTheFilters() throws Exception {
            try (TestSite site = TestSite.start("consent.csp", "enforce")) {
                HttpResponse<String> r = site.get("/page?csp=add", "Sec-Fetch-Dest", "document");
                assertThat(r.headers().allValues(CSP)).hasSize(3).contains("default-src 'none'")
                        .anyMatch(v -> v.contains("'nonce-"));
            }
        }

        @Test
        void aPolicyTheApplicationSetsReplacesTheFilters() throws Exception {
            try (TestSite site = TestSite.start("consent.csp", "enforce")) {
                HttpResponse<String> r = site.get("/page?csp=set", "Sec-Fetch-Dest", "document");
                assertThat(r.headers().allValues(CSP)).containsExactly("default-src 'none'");
            }
        }

        @Test
        void aNavigationToAnImageIsAPageToo() throws Exception {
            try (TestSite site = TestSite.start("consent.csp", "enforce")) {
                HttpResponse<String> r = site.get("/photo.png?type=image/png", "Sec-Fetch-Dest", "document");
                assertThat(r.headers().firstValue(CSP)).isPresent();
                assertThat(startsSession(r)).isTrue();
            }
        }
    }

    @Nested
    class SharedCaches {

        @Test
        void aPublicPageStartsNoSessionAndTheWithheldCookieIsCounted() throws Exception {
            try (TestSite site = TestSite.start()) {
                HttpResponse<String> r = site.get("/cached?cache=public,%20max-age=600", "Sec-Fetch-Dest",
                        "document");
                assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=600");
                assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
                assertThat(site.filter().counters()).containsEntry("session-withheld-public", 1L)
                        .containsEntry("session-new", 0L);
            }
        }

        @Test
        void sMaxageMakesAResponsePublicToo() throws Exception {
            try (TestSite site = TestSite.start()) {
                HttpResponse<String> r = site.get("/cached?cache=s-maxage=60", "Sec-Fetch-Dest", "document",
                        "Cookie", "_ga=GA1.1.1.1");
                assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
                assertThat(site.filter().counters().get("session-withheld-public")).isEqualTo(1);
            }
        }

        @Test
        void aLanguageChoiceOnAPublicPageSetsNoCookie() throws Exception {
            try (TestSite site = TestSite.start("language.supported", "en,fr")) {
                HttpResponse<String> r = site.get("/cached?lang=fr&cache=public", "Sec-Fetch-Dest", "document");
                assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
                assertThat(r.headers().firstValue("Content-Language")).hasValue("fr");
            }
        }

        @Test
        void aPublicAssetExpiresNoRefusedCookieWhereAPrivateOneDoes() throws Exception {
            try (TestSite site = TestSite.start()) {
                // No session can start on an asset: the refused cookie's expiry alone is what the cache decides.
                HttpResponse<String> shared = site.get("/site.css?type=text/css&cache=public,%20max-age=600",
                        "Sec-Fetch-Dest", "style", "Cookie", "_ga=GA1.1.1.1");
                assertThat(shared.headers().allValues("Set-Cookie")).isEmpty();
                HttpResponse<String> own = site.get("/site.css?type=text/css&cache=private", "Sec-Fetch-Dest",
                        "style", "Cookie", "_ga=GA1.1.1.1");
                assertThat(own.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("_ga=;"));
            }
        }

        @Test
        void aLanguageChoiceOnAPublicAssetSetsNoCookieWhereAPrivateOneDoes() throws Exception {
            try (TestSite site = TestSite.start("language.supported", "en,fr")) {
                HttpResponse<String> shared = site.get("/site.css?type=text/css&lang=fr&cache=public",
                        "Sec-Fetch-Dest", "style");
                assertThat(shared.headers().allValues("Set-Cookie")).isEmpty();
                HttpResponse<String> own = site.get("/site.css?type=text/css&lang=fr&cache=private",
                        "Sec-Fetch-Dest", "style");
                assertThat(own.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("lang=fr"));
            }
        }

        @Test
        void aPrivatePageStartsOne() throws Exception {
            try (TestSite site = TestSite.start()) {
                HttpResponse<String> r = site.get("/cached?cache=private,%20max-age=600", "Sec-Fetch-Dest",
                        "document");
                assertThat(startsSession(r)).isTrue();
                assertThat(site.filter().counters().get("session-withheld-public")).isZero();
            }
        }

        @Test
        void theFiltersOwnAssetsSetNoCookieEvenWhenOpenedAsAPage() throws Exception {
            try (TestSite site = TestSite.start()) {
                String version = net.erpex.privacy.consent.BannerAsset.SCRIPT.asset().version();
                for (String path : new String[] {"/privacy/banner.js?v=" + version, "/privacy/banner.js",
                        "/privacy/banner.css"}) {
                    HttpResponse<String> r = site.get(path, "Sec-Fetch-Dest", "document");
                    assertThat(r.statusCode()).as(path).isEqualTo(200);
                    assertThat(r.headers().allValues("Set-Cookie")).as(path).isEmpty();
                }
            }
        }
    }
}
