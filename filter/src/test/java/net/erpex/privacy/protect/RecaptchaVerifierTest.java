package net.erpex.privacy.protect;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.erpex.privacy.protect.RecaptchaVerifier.Outcome;
import net.erpex.privacy.shared.MemorySharedState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verifier against a real HTTP server standing in for siteverify: what it sends, and how it judges each field of
 * the answer. The filter-level {@code ProtectRecaptchaTest} shows the same through Jetty; this one pins every rule.
 */
class RecaptchaVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String SECRET = "6LeSecret-of-the-site";

    private HttpServer server;
    private final AtomicReference<String> answer = new AtomicReference<>("{}");
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicReference<Map<String, String>> sent = new AtomicReference<>(Map.of());

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/siteverify", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange x) throws IOException {
        calls.incrementAndGet();
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        form.put("content-type", x.getRequestHeaders().getFirst("Content-Type"));
        form.put("method", x.getRequestMethod());
        sent.set(form);
        byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status.get(), body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private RecaptchaVerifier verifier(boolean v3) {
        return verifier(v3, "/siteverify");
    }

    private RecaptchaVerifier verifier(boolean v3, String path) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        return new RecaptchaVerifier(new ProtectSettings.Recaptcha("site-key", SECRET, v3, url, "www.google.com",
                "contact", 0.5, Duration.ofMinutes(2), Duration.ofSeconds(3), ProtectSettings.OnError.CHALLENGE,
                Set.of("www.example.com", "example.com")), MemorySharedState.inMemory(CLOCK), CLOCK);
    }

    private static String v2(boolean success, String hostname, Instant solved) {
        return "{\"success\":" + success + ",\"hostname\":\"" + hostname + "\",\"challenge_ts\":\"" + solved + "\"}";
    }

    private static String v3(String action, double score) {
        return "{\"success\":true,\"hostname\":\"example.com\",\"challenge_ts\":\"" + NOW.minusSeconds(5)
                + "\",\"action\":\"" + action + "\",\"score\":" + score + ",\"unknown\":{\"a\":[1,2]}}";
    }

    @Test
    void postsTheSecretTheTokenAndTheAddressAsAForm() {
        answer.set(v2(true, "www.example.com", NOW.minusSeconds(10)));

        assertThat(verifier(false).verify("tok en&=", "203.0.113.9")).isEqualTo(Outcome.PASSED);

        assertThat(sent.get()).containsEntry("secret", SECRET).containsEntry("response", "tok en&=")
                .containsEntry("remoteip", "203.0.113.9").containsEntry("method", "POST")
                .containsEntry("content-type", "application/x-www-form-urlencoded");
    }

    @Test
    void refusesWithoutAskingAnEmptyMissingOrOversizedToken() {
        RecaptchaVerifier verifier = verifier(false);
        answer.set(v2(true, "www.example.com", NOW));

        assertThat(verifier.verify(null, "203.0.113.9")).isEqualTo(Outcome.FAILED);
        assertThat(verifier.verify("", "203.0.113.9")).isEqualTo(Outcome.FAILED);
        assertThat(verifier.verify("x".repeat(4097), "203.0.113.9")).isEqualTo(Outcome.FAILED);
        assertThat(calls).hasValue(0);
        assertThat(verifier.verify("x".repeat(4096), "203.0.113.9")).isEqualTo(Outcome.PASSED);
    }

    @Test
    void acceptsEachTokenOnceEvenWhenTheFirstUseFailed() {
        RecaptchaVerifier verifier = verifier(false);
        answer.set(v2(false, "www.example.com", NOW));
        assertThat(verifier.verify("token-1", "203.0.113.9")).isEqualTo(Outcome.FAILED);

        answer.set(v2(true, "www.example.com", NOW));
        assertThat(verifier.verify("token-1", "203.0.113.9")).isEqualTo(Outcome.REPLAY);
        assertThat(verifier.verify("token-2", "203.0.113.9")).isEqualTo(Outcome.PASSED);
        assertThat(verifier.verify("token-2", "203.0.113.9")).isEqualTo(Outcome.REPLAY);
        assertThat(calls).hasValue(2);
    }

    @Test
    void requiresOneOfTheConfiguredHostNamesInAnyCase() {
        RecaptchaVerifier verifier = verifier(false);
        answer.set(v2(true, "WWW.Example.COM", NOW));
        assertThat(verifier.verify("a", "203.0.113.9")).isEqualTo(Outcome.PASSED);
        answer.set(v2(true, "attacker.example", NOW));
        assertThat(verifier.verify("b", "203.0.113.9")).isEqualTo(Outcome.WRONG_HOSTNAME);
        answer.set("{\"success\":true,\"challenge_ts\":\"" + NOW + "\"}");
        assertThat(verifier.verify("c", "203.0.113.9")).isEqualTo(Outcome.WRONG_HOSTNAME);
        answer.set("{\"success\":true,\"hostname\":7,\"challenge_ts\":\"" + NOW + "\"}");
        assertThat(verifier.verify("d", "203.0.113.9")).isEqualTo(Outcome.WRONG_HOSTNAME);
    }

    @Test
    void acceptsATokenSolvedWithinItsMaximumAgeAndAClockSkewOfThirtySeconds() {
        RecaptchaVerifier verifier = verifier(false);
        answer.set(v2(true, "example.com", NOW.minus(Duration.ofMinutes(2))));
        assertThat(verifier.verify("exactly-max-age", "203.0.113.9")).isEqualTo(Outcome.PASSED);
        answer.set(v2(true, "example.com", NOW.minus(Duration.ofMinutes(2)).minusMillis(1)));
        assertThat(verifier.verify("older", "203.0.113.9")).isEqualTo(Outcome.STALE);
        answer.set(v2(true, "example.com", NOW.plusSeconds(30)));
        assertThat(verifier.verify("skew", "203.0.113.9")).isEqualTo(Outcome.PASSED);
        answer.set(v2(true, "example.com", NOW.plusSeconds(30).plusMillis(1)));
        assertThat(verifier.verify("future", "203.0.113.9")).isEqualTo(Outcome.STALE);
        answer.set("{\"success\":true,\"hostname\":\"example.com\",\"challenge_ts\":\"yesterday\"}");
        assertThat(verifier.verify("unreadable", "203.0.113.9")).isEqualTo(Outcome.STALE);
        answer.set("{\"success\":true,\"hostname\":\"example.com\"}");
        assertThat(verifier.verify("missing", "203.0.113.9")).isEqualTo(Outcome.STALE);
        answer.set("{\"success\":true,\"hostname\":\"example.com\",\"challenge_ts\":\"2026-11-25T11:59:50+02:00\"}");
        assertThat(verifier.verify("offset", "203.0.113.9")).isEqualTo(Outcome.PASSED);
    }

    @Test
    void takesOnlyALiteralTrueAsSuccess() {
        RecaptchaVerifier verifier = verifier(false);
        answer.set("{\"success\":\"true\",\"hostname\":\"example.com\",\"challenge_ts\":\"" + NOW + "\"}");
        assertThat(verifier.verify("a", "203.0.113.9")).isEqualTo(Outcome.FAILED);
        answer.set("{\"success\":false,\"error-codes\":[\"invalid-input-response\",\"timeout-or-duplicate\"],"
                + "\"hostname\":\"example.com\",\"challenge_ts\":\"" + NOW + "\"}");
        assertThat(verifier.verify("b", "203.0.113.9")).isEqualTo(Outcome.FAILED);
        answer.set("{\"error-codes\":\"not-a-list\",\"hostname\":\"example.com\",\"challenge_ts\":\"" + NOW + "\"}");
        assertThat(verifier.verify("c", "203.0.113.9")).isEqualTo(Outcome.FAILED);
    }

    @Test
    void forVersionThreeRequiresTheActionAndAScoreOfAtLeastTheMinimum() {
        RecaptchaVerifier verifier = verifier(true);
        answer.set(v3("contact", 0.5));
        assertThat(verifier.verify("a", "203.0.113.9")).isEqualTo(Outcome.PASSED);
        answer.set(v3("contact", 0.49));
        assertThat(verifier.verify("b", "203.0.113.9")).isEqualTo(Outcome.LOW_SCORE);
        answer.set(v3("login", 0.9));
        assertThat(verifier.verify("c", "203.0.113.9")).isEqualTo(Outcome.WRONG_ACTION);
        answer.set("{\"success\":true,\"hostname\":\"example.com\",\"challenge_ts\":\"" + NOW
                + "\",\"action\":\"contact\"}");
        assertThat(verifier.verify("d", "203.0.113.9")).isEqualTo(Outcome.LOW_SCORE);
        answer.set("{\"success\":true,\"hostname\":\"example.com\",\"challenge_ts\":\"" + NOW
                + "\",\"action\":\"contact\",\"score\":\"0.9\"}");
        assertThat(verifier.verify("e", "203.0.113.9")).isEqualTo(Outcome.LOW_SCORE);
        answer.set("{\"success\":true,\"hostname\":\"example.com\",\"challenge_ts\":\"" + NOW
                + "\",\"action\":7,\"score\":0.9}");
        assertThat(verifier.verify("f", "203.0.113.9")).isEqualTo(Outcome.WRONG_ACTION);
    }

    @Test
    void forVersionTwoIgnoresActionAndScore() {
        answer.set(v3("login", 0.1));
        assertThat(verifier(false).verify("a", "203.0.113.9")).isEqualTo(Outcome.PASSED);
    }

    @Test
    void anErrorStatusGarbageOrAnUnreachableServiceIsAnError() throws IOException {
        RecaptchaVerifier verifier = verifier(false);
        status.set(500);
        answer.set(v2(true, "example.com", NOW));
        assertThat(verifier.verify("a", "203.0.113.9")).isEqualTo(Outcome.ERROR);
        status.set(200);
        answer.set("<html>not json</html>");
        assertThat(verifier.verify("b", "203.0.113.9")).isEqualTo(Outcome.ERROR);
        answer.set("[\"success\",true]");
        assertThat(verifier.verify("c", "203.0.113.9")).isEqualTo(Outcome.ERROR);
        answer.set(v2(true, "example.com", NOW));
        assertThat(verifier.verify("d", "203.0.113.9")).isEqualTo(Outcome.PASSED);
        assertThat(verifier(false, "/elsewhere").verify("e", "203.0.113.9")).isEqualTo(Outcome.ERROR);

        int port = server.getAddress().getPort();
        server.stop(0);
        RecaptchaVerifier down = new RecaptchaVerifier(new ProtectSettings.Recaptcha("site-key", SECRET, false,
                URI.create("http://127.0.0.1:" + port + "/siteverify"), "www.google.com", "contact", 0.5,
                Duration.ofMinutes(2), Duration.ofSeconds(3), ProtectSettings.OnError.CHALLENGE, Set.of("example.com")),
                MemorySharedState.inMemory(CLOCK), CLOCK);
        assertThat(down.verify("f", "203.0.113.9")).isEqualTo(Outcome.ERROR);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.start();
    }
}
