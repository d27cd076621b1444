package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * reCAPTCHA for visitors who granted it, against a local stand-in for Google's siteverify that answers by token:
 * {@code ok-}, {@code fail-}, {@code low-}, {@code host-}, {@code action-}, {@code stale-}, {@code slow-},
 * {@code e500-} and {@code junk-}.
 */
class ProtectRecaptchaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String SECRET = "test-secret_42";
    private static final AtomicInteger NEXT = new AtomicInteger(1);

    private static HttpServer siteverify;
    private static final AtomicInteger CALLS = new AtomicInteger();
    private static final ConcurrentLinkedQueue<Map<String, String>> RECEIVED = new ConcurrentLinkedQueue<>();
    private static final CountDownLatch NEVER = new CountDownLatch(1);
    private static TestSite challengeOnError;
    private static TestSite rejectOnError;
    private static TestSite allowOnError;

    @BeforeAll
    static void start() throws Exception {
        siteverify = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        siteverify.setExecutor(Executors.newCachedThreadPool());
        siteverify.createContext("/recaptcha/api/siteverify", ProtectRecaptchaTest::answer);
        siteverify.start();
        challengeOnError = site("challenge");
        rejectOnError = site("reject");
        allowOnError = site("allow");
    }

    @AfterAll
    static void stop() throws Exception {
        NEVER.countDown();
        challengeOnError.close();
        rejectOnError.close();
        allowOnError.close();
        siteverify.stop(0);
    }

    private static TestSite site(String onError) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client.trusted-proxies", "127.0.0.1");
        params.put("protect.paths", "/contact");
        params.put("protect.rate", "1000/1m");
        params.put("protect.challenge.difficulty", "8");
        params.put("protect.recaptcha.site-key", "site-key-for-tests");
        params.put("protect.recaptcha.secret", SECRET);
        params.put("protect.recaptcha.hostnames", "127.0.0.1");
        params.put("protect.recaptcha.verify-url", "http://127.0.0.1:" + siteverify.getAddress().getPort()
                + "/recaptcha/api/siteverify");
        params.put("protect.recaptcha.timeout", "PT0.3S");
        params.put("protect.recaptcha.on-error", onError);
        return TestSite.start(params);
    }

    /** The stand-in: what siteverify would say about each kind of token. */
    private static void answer(HttpExchange x) throws IOException {
        CALLS.incrementAndGet();
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        RECEIVED.add(form);
        String token = form.getOrDefault("response", "");
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String body = switch (token.substring(0, token.indexOf('-') + 1)) {
            case "ok-" -> verdict(true, "127.0.0.1", now, 0.9, "submit");
            case "fail-" -> "{\"success\": false, \"error-codes\": [\"invalid-input-response\"]}";
            case "low-" -> verdict(true, "127.0.0.1", now, 0.1, "submit");
            case "host-" -> verdict(true, "evil.example", now, 0.9, "submit");
            case "action-" -> verdict(true, "127.0.0.1", now, 0.9, "login");
            case "stale-" -> verdict(true, "127.0.0.1", Instant.now().minusSeconds(600).toString(), 0.9, "submit");
            case "junk-" -> "<html>Service Unavailable</html>";
            default -> null;
        };
        if (token.startsWith("slow-")) {
            try {
                NEVER.await(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            body = verdict(true, "127.0.0.1", now, 0.9, "submit");
        }
        int status = token.startsWith("e500-") ? 500 : 200;
        byte[] bytes = (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    private static String verdict(boolean success, String host, String ts, double score, String action) {
        return "{\"success\": " + success + ", \"challenge_ts\": \"" + ts + "\", \"hostname\": \"" + host
                + "\", \"score\": " + score + ", \"action\": \"" + action + "\"}";
    }

    private static String token(String kind) {
        return kind + "-" + NEXT.getAndIncrement();
    }

    /** The consent cookie of a visitor who accepted everything, recaptcha included. */
    private static String accepted(TestSite site) throws Exception {
        HttpResponse<String> r = site.post("/privacy/consent", FORM, "action=accept-all&return=%2F", "Origin",
                site.origin());
        String cookie = TestSite.cookie(r, "consent");
        assertThat(cookie).isNotEmpty();
        return cookie;
    }

    private static HttpResponse<String> submit(TestSite site, String cookie, String body) throws Exception {
        return cookie == null
                ? site.post("/contact", FORM, body, "Accept", "application/json", "X-Forwarded-For", "203.0.113.9")
                : site.post("/contact", FORM, body, "Accept", "application/json", "X-Forwarded-For", "203.0.113.9",
                        "Cookie", cookie);
    }

    private static String reason(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        JsonNode body = JSON.readTree(r.body());
        return body.get("reason").asText();
    }

    @Nested
    class WithConsent {

        @Test
        void passesAGoodTokenAndSendsTheSecretTheTokenAndTheClientAddress() throws Exception {
            String token = token("ok");
            HttpResponse<String> r = submit(challengeOnError, accepted(challengeOnError), "name=Ada&g-recaptcha-response="
                    + token);
            assertThat(r.statusCode()).isEqualTo(200);
            Map<String, String> sent = RECEIVED.stream().filter(f -> token.equals(f.get("response"))).findFirst()
                    .orElseThrow();
            assertThat(sent).containsEntry("secret", SECRET).containsEntry("remoteip", "203.0.113.9");
        }

        @Test
        void refusesTheReplayOfAGoodToken() throws Exception {
            String cookie = accepted(challengeOnError);
            String body = "g-recaptcha-response=" + token("ok");
            assertThat(submit(challengeOnError, cookie, body).statusCode()).isEqualTo(200);
            int calls = CALLS.get();
            assertThat(reason(submit(challengeOnError, cookie, body))).isEqualTo("recaptcha-replay");
            assertThat(CALLS.get()).isEqualTo(calls);
        }

        @Test
        void acceptsTheTokenFromTheHeaderOfAFetch() throws Exception {
            HttpResponse<String> r = challengeOnError.post("/contact", FORM, "name=Ada", "Cookie",
                    accepted(challengeOnError), "X-Privacy-Recaptcha", token("ok"));
            assertThat(r.statusCode()).isEqualTo(200);
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({"fail, recaptcha-failed", "low, recaptcha-score", "host, recaptcha-hostname",
                "action, recaptcha-action", "stale, recaptcha-stale"})
        void refusesWhatSiteverifyDoesNotVouchFor(String kind, String expected) throws Exception {
            assertThat(reason(submit(challengeOnError, accepted(challengeOnError), "g-recaptcha-response="
                    + token(kind) + "&" + ProtectFilterTest.solved(challengeOnError, "/contact"))))
                    .isEqualTo(expected);
        }

        @Test
        void refusesATokenSolvedOnAnotherSiteWhateverHostHeaderTheRequestCarries() throws Exception {
            // The attacker solves a token on evil.example (same site key) and sends it with Host: evil.example.
            String head = "POST /contact HTTP/1.1\r\nHost: evil.example\r\nAccept: application/json\r\n"
                    + "Content-Type: " + FORM + "\r\nContent-Length: 0\r\nX-Forwarded-For: 203.0.113.9\r\n"
                    + "Cookie: " + accepted(challengeOnError) + "\r\nX-Privacy-Recaptcha: " + token("host");
            String response = challengeOnError.raw(head.getBytes(StandardCharsets.ISO_8859_1));
            assertThat(response).startsWith("HTTP/1.1 403").contains("recaptcha-hostname");
        }

        @Test
        void countsEveryCall() throws Exception {
            long before = challengeOnError.filter().counters().get("protect-recaptcha-calls");
            submit(challengeOnError, accepted(challengeOnError), "g-recaptcha-response=" + token("ok"));
            assertThat(challengeOnError.filter().counters()).containsEntry("protect-recaptcha-calls", before + 1);
        }

        @Test
        void getsGooglesScriptOnThePage() throws Exception {
            String html = challengeOnError.seen("/page?protect=/contact", "Cookie", accepted(challengeOnError))
                    .get("protect");
            assertThat(html).contains("src=\"https://www.google.com/recaptcha/api.js?render=site-key-for-tests\"",
                    "data-privacy-recaptcha=\"v3\"", "name=\"g-recaptcha-response\"", "/privacy/protect.js");
        }
    }

    @Nested
    class WhenSiteverifyFails {

        @ParameterizedTest(name = "{0}")
        @CsvSource({"slow", "e500", "junk"})
        void fallsBackToTheChallengeByDefault(String kind) throws Exception {
            String cookie = accepted(challengeOnError);
            assertThat(reason(submit(challengeOnError, cookie, "g-recaptcha-response=" + token(kind))))
                    .isEqualTo("challenge-required");
            assertThat(submit(challengeOnError, cookie, "g-recaptcha-response=" + token(kind) + "&"
                    + ProtectFilterTest.solved(challengeOnError, "/contact")).statusCode()).isEqualTo(200);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"slow", "e500", "junk"})
        void rejectsWhenConfiguredTo(String kind) throws Exception {
            assertThat(reason(submit(rejectOnError, accepted(rejectOnError), "g-recaptcha-response=" + token(kind)
                    + "&" + ProtectFilterTest.solved(rejectOnError, "/contact")))).isEqualTo("recaptcha-unavailable");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"slow", "e500", "junk"})
        void letsTheFormThroughWhenConfiguredTo(String kind) throws Exception {
            long before = allowOnError.filter().counters().get("protect-passed-on-error");
            assertThat(submit(allowOnError, accepted(allowOnError), "g-recaptcha-response=" + token(kind))
                    .statusCode()).isEqualTo(200);
            assertThat(allowOnError.filter().counters()).containsEntry("protect-passed-on-error", before + 1);
        }
    }

    @Nested
    class WithoutConsent {

        @Test
        void neverAsksGoogleEvenWhenTheRequestCarriesAToken() throws Exception {
            int calls = CALLS.get();
            assertThat(reason(submit(challengeOnError, null, "g-recaptcha-response=" + token("ok"))))
                    .isEqualTo("no-proof");
            assertThat(challengeOnError.post("/contact", FORM, "name=Ada", "X-Privacy-Recaptcha", token("ok"))
                    .statusCode()).isEqualTo(403);
            assertThat(submit(challengeOnError, null, ProtectFilterTest.solved(challengeOnError, "/contact"))
                    .statusCode()).isEqualTo(200);
            HttpResponse<String> refused = challengeOnError.post("/privacy/consent", FORM, "action=reject-all&return=%2F",
                    "Origin", challengeOnError.origin());
            assertThat(submit(challengeOnError, TestSite.cookie(refused, "consent"), "g-recaptcha-response="
                    + token("ok") + "&" + ProtectFilterTest.solved(challengeOnError, "/contact")).statusCode())
                    .isEqualTo(200);
            assertThat(CALLS.get()).isEqualTo(calls);
        }

        @Test
        void getsNoGoogleScriptOnThePage() throws Exception {
            String html = challengeOnError.seen("/page?protect=/contact").get("protect");
            assertThat(html).contains("/privacy/protect.js").doesNotContain("google", "gstatic", "g-recaptcha");
        }
    }
}
