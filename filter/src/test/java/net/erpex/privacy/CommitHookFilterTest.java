package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the filter adds to a response is decided when the response is about to be sent, and its visit is handed to
 * the recorder before the response completes, whichever way the application answers: through the writer or the
 * stream, flushing, declaring a Content-Length, closing, with an error, a redirect, nothing at all, after a reset, an
 * exception, or asynchronously. {@link CommitModesServlet} answers each way; the site observes, as each response's
 * last bytes are about to go out, how many visits the recorder had been handed.
 */
class CommitHookFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PAGE = {"Sec-Fetch-Dest", "document", "Sec-Fetch-Mode", "navigate"};

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class EveryWayAServletAnswers {

        private TestSite site;

        @BeforeAll
        void start() throws Exception {
            site = TestSite.start("consent.csp", "enforce");
        }

        @AfterAll
        void stop() throws Exception {
            site.close();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"writer", "println", "stream", "flush", "content-length", "content-length-writer",
                "close", "large", "nothing", "error", "redirect", "reset", "async-writer", "async-nothing"})
        void getsThePagesHeaders(String mode) throws Exception {
            HttpResponse<String> response = site.get("/modes/" + mode, PAGE);
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(mode).isPresent();
            assertThat(response.headers().allValues("Set-Cookie")).as(mode).anyMatch(c -> c.startsWith("sid="));
            if (!mode.equals("error")) {
                // The container's error page replaces the content headers, Content-Language among them.
                assertThat(response.headers().firstValue("Content-Language")).as(mode).hasValue("en");
            }
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"writer", "println", "stream", "flush", "content-length", "content-length-writer",
                "close", "large", "nothing", "error", "redirect", "reset", "exception", "async-writer",
                "async-nothing"})
        void handsTheVisitToTheRecorderBeforeTheResponseCompletes(String mode) throws Exception {
            long before = site.submitted();
            site.get("/modes/" + mode, PAGE);
            assertThat(site.submittedAtCompletion("/modes/" + mode)).as(mode).isGreaterThan(before);
        }

        @Test
        void aResetResponseGetsTheHeadersAgainAndOnlyOnce() throws Exception {
            long started = site.filter().counters().get("session-new");
            HttpResponse<String> response = site.get("/modes/reset", PAGE);
            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(response.body()).doesNotContain("a first attempt");
            assertThat(response.headers().allValues("Content-Security-Policy")).hasSize(2)
                    .anyMatch(v -> v.startsWith("script-src 'nonce-"));
            assertThat(response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("sid=")))
                    .hasSize(1);
            // The session cookie went in twice (before and after the reset): one new session, counted once.
            assertThat(site.filter().counters().get("session-new")).isEqualTo(started + 1);
        }
    }

    @Test
    void recordsTheStatusEachResponseCompletedWith() throws Exception {
        TestSite site = TestSite.start();
        Map<String, Integer> expected = Map.ofEntries(Map.entry("writer", 200), Map.entry("stream", 200),
                Map.entry("flush", 200), Map.entry("content-length", 200), Map.entry("close", 200),
                Map.entry("nothing", 204), Map.entry("error", 404), Map.entry("redirect", 302),
                Map.entry("reset", 202), Map.entry("exception", 500), Map.entry("async-writer", 200),
                Map.entry("async-nothing", 202));
        try (site) {
            for (String mode : expected.keySet()) {
                site.get("/modes/" + mode, PAGE);
            }
        }
        Map<String, Integer> recorded = new HashMap<>();
        for (String line : site.visitLines()) {
            JsonNode r = JSON.readTree(line);
            recorded.merge(r.get("path").asText().substring("/modes/".length()), r.get("status").asInt(),
                    (a, b) -> -1);
        }
        assertThat(recorded).isEqualTo(expected);
    }

    @Test
    void handsOverTheVisitsOfResponsesTheFilterWritesItselfBeforeTheyComplete() throws Exception {
        TestSite site = TestSite.start("client.trusted-proxies", "127.0.0.1", "protect.paths", "/contact");
        try (site) {
            long before = site.submitted();
            HttpResponse<String> rejected = site.post("/contact", "application/x-www-form-urlencoded",
                    "message=hello", "X-Forwarded-For", "192.0.2.50");
            assertThat(rejected.statusCode()).isEqualTo(403);
            assertThat(site.submittedAtCompletion("/contact")).isGreaterThan(before);

            before = site.submitted();
            HttpResponse<String> decided = site.post("/privacy/consent", "application/json",
                    "{\"action\":\"accept-all\"}", "Origin", site.origin());
            assertThat(decided.statusCode()).isEqualTo(200);
            // The visit and the proof of consent: both handed over before the answer completes.
            assertThat(site.submittedAtCompletion("/privacy/consent")).isGreaterThanOrEqualTo(before + 2);
        }
        List<String> paths = site.visitLines().stream().map(l -> read(l).get("path").asText()).toList();
        assertThat(paths).containsExactlyInAnyOrder("/contact", "/privacy/consent");
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
