package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What makes a visit record ({@code visits.record}, {@code visits.exclude}): with {@code pages}, a page view, not
 * every file the page loads; with {@code all}, every request; never an excluded path.
 */
class PageViewFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A page and what a browser loads for it, with the Fetch Metadata the browser sends. */
    private static void loadAPage(TestSite site) throws Exception {
        site.get("/pricing", "Sec-Fetch-Dest", "document", "Sec-Fetch-Mode", "navigate");
        site.get("/css/site.css?type=text/css", "Sec-Fetch-Dest", "style", "Sec-Fetch-Mode", "no-cors");
        site.get("/js/site.js?type=text/javascript", "Sec-Fetch-Dest", "script", "Sec-Fetch-Mode", "no-cors");
        site.get("/img/logo.png?type=image/png", "Sec-Fetch-Dest", "image", "Sec-Fetch-Mode", "no-cors");
        site.get("/favicon.ico?type=image/x-icon", "Sec-Fetch-Dest", "image", "Sec-Fetch-Mode", "no-cors");
        site.get("/api/prices?type=application/json", "Sec-Fetch-Dest", "empty", "Sec-Fetch-Mode", "cors");
    }

    private static List<String> recordedPaths(TestSite site) throws Exception {
        return site.visitLines().stream().map(PageViewFilterTest::read).map(r -> r.get("path").asText()).toList();
    }

    @Nested
    class Pages {

        @Test
        void aPageAndItsStylesheetScriptImageAndFaviconMakeOneRecord() throws Exception {
            TestSite site = TestSite.start();
            try (site) {
                loadAPage(site);
            }
            assertThat(recordedPaths(site)).containsExactly("/pricing");
        }

        @Test
        void isTheDefault() throws Exception {
            TestSite site = TestSite.start("visits.record", "pages");
            try (site) {
                loadAPage(site);
            }
            assertThat(recordedPaths(site)).containsExactly("/pricing");
        }

        @Test
        void countsAFrameAsAPageView() throws Exception {
            TestSite site = TestSite.start();
            try (site) {
                site.get("/embedded-map", "Sec-Fetch-Dest", "iframe");
            }
            assertThat(recordedPaths(site)).containsExactly("/embedded-map");
        }

        @Test
        void takesAnHtmlResponseToAClientWithoutFetchMetadataForAPageAndNothingElse() throws Exception {
            TestSite site = TestSite.start();
            try (site) {
                site.get("/old-browser-page");
                site.get("/old-browser.css?type=text/css");
                site.get("/old-browser.xhtml?type=application/xhtml%2Bxml;charset=utf-8");
            }
            assertThat(recordedPaths(site)).containsExactlyInAnyOrder("/old-browser-page", "/old-browser.xhtml");
        }

        @Test
        void recordsFormPostsWhateverTheyAnswer() throws Exception {
            TestSite site = TestSite.start();
            try (site) {
                site.post("/forms/subscribe", "application/x-www-form-urlencoded", "email=x", "Sec-Fetch-Dest",
                        "empty");
                site.post("/api/json?type=application/json", "application/json", "{}", "Sec-Fetch-Dest", "empty");
            }
            assertThat(recordedPaths(site)).containsExactly("/forms/subscribe");
        }

        @Test
        void recordsAConsentDecisionButNotAReadOfTheConsent() throws Exception {
            TestSite site = TestSite.start();
            try (site) {
                site.get("/privacy/consent", "Sec-Fetch-Dest", "empty");
                site.post("/privacy/consent", "application/json", "{\"action\":\"reject-all\"}", "Origin",
                        site.origin(), "Sec-Fetch-Dest", "empty");
            }
            assertThat(site.visitLines()).extracting(l -> read(l).get("method").asText() + " "
                    + read(l).get("path").asText()).containsExactly("POST /privacy/consent");
        }

        @Test
        void recordsAPostTheFormProtectionRejectedEvenWhenItIsNoForm() throws Exception {
            TestSite site = TestSite.start("protect.paths", "/contact");
            try (site) {
                site.post("/contact", "application/json", "{\"message\":\"hello\"}", "Sec-Fetch-Dest", "empty");
            }
            assertThat(site.visitLines()).singleElement().satisfies(l -> {
                assertThat(read(l).get("status").asInt()).isEqualTo(403);
                assertThat(read(l).get("blocked").asText()).isEqualTo("no-proof");
            });
        }
    }

    @Nested
    class All {

        @Test
        void recordsEveryRequest() throws Exception {
            TestSite site = TestSite.start("visits.record", "all");
            try (site) {
                loadAPage(site);
            }
            assertThat(recordedPaths(site)).containsExactlyInAnyOrder("/pricing", "/css/site.css", "/js/site.js",
                    "/img/logo.png", "/favicon.ico", "/api/prices");
        }
    }

    @Nested
    class Exclude {

        @Test
        void keepsExcludedPathsOutOfTheLogWhateverTheMode() throws Exception {
            TestSite site = TestSite.start("visits.record", "all", "visits.exclude", "/health, /static/*, *.map");
            try (site) {
                site.get("/health", "Sec-Fetch-Dest", "document");
                site.get("/health/", "Sec-Fetch-Dest", "document");
                site.get("/static", "Sec-Fetch-Dest", "document");
                site.get("/static/app.js?type=text/javascript", "Sec-Fetch-Dest", "script");
                site.get("/js/app.js.MAP?type=application/json", "Sec-Fetch-Dest", "empty");
                site.get("/healthy", "Sec-Fetch-Dest", "document");
                site.get("/statics/page", "Sec-Fetch-Dest", "document");
            }
            assertThat(recordedPaths(site)).containsExactlyInAnyOrder("/healthy", "/statics/page");
        }

        @Test
        void matchesThePathTheContainerDecodedNotTheRawOne() throws Exception {
            TestSite site = TestSite.start("visits.exclude", "/static/*");
            try (site) {
                site.get("/%73tatic/page", "Sec-Fetch-Dest", "document");
                site.get("/static;x=1/page", "Sec-Fetch-Dest", "document");
                site.get("/other/../static/page", "Sec-Fetch-Dest", "document");
            }
            assertThat(site.visitLines()).isEmpty();
        }

        @Test
        void stillServesTheExcludedPathsWithEverythingElseTheFilterDoes() throws Exception {
            TestSite site = TestSite.start("visits.exclude", "/health");
            try (site) {
                var response = site.get("/health", "Sec-Fetch-Dest", "document");
                assertThat(response.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("sid="));
                assertThat(response.headers().firstValue("Content-Security-Policy-Report-Only")).isPresent();
            }
        }
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
