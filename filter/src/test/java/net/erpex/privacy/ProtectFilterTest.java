package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.erpex.privacy.protect.ChallengeCodec;
import net.erpex.privacy.protect.ProtectAsset;
import net.erpex.privacy.security.SigningKeys;
import net.erpex.privacy.testing.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Form protection without reCAPTCHA keys: the cookieless challenge, the honeypot and the rate limit, through a real
 * Jetty, with the application's own form handling still intact.
 */
class ProtectFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String JSON_ACCEPT = "application/json";
    private static final int BITS = 8;
    /** Each test posts from its own documentation address, so that rate buckets do not mix. */
    private static final AtomicInteger NEXT_CLIENT = new AtomicInteger(1);

    private static MutableClock clock;
    private static TestSite site;

    @BeforeAll
    static void start() throws Exception {
        clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        site = TestSite.start(clock, Map.of("client.trusted-proxies", "127.0.0.1", "language.supported",
                "en, fr, de, es, nl, it, pt, ja", "protect.paths", "/contact, /forms/*",
                "protect.challenge.difficulty", Integer.toString(BITS), "protect.rate", "3/1m",
                "protect.challenge.ttl", "5m"));
    }

    @AfterAll
    static void stop() throws Exception {
        site.close();
    }

    private static String client() {
        return "198.51.100." + NEXT_CLIENT.getAndIncrement();
    }

    /** A fresh challenge for {@code path} from the filter's endpoint. */
    static JsonNode challenge(TestSite site, String path) throws Exception {
        HttpResponse<String> r = site.get("/privacy/challenge?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        return JSON.readTree(r.body());
    }

    /** The form fields of a solved challenge for {@code path}. */
    static String solved(TestSite site, String path) throws Exception {
        String token = challenge(site, path).get("challenge").asText();
        return "privacy-challenge=" + token + "&privacy-solution=" + solve(token);
    }

    static String solve(String token) {
        for (long n = 0; ; n++) {
            if (ChallengeCodec.meets(token, Long.toString(n), BITS)) {
                return Long.toString(n);
            }
        }
    }

    private static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = "X-Forwarded-For";
        all[1] = client();
        System.arraycopy(headers, 0, all, 2, headers.length);
        return site.post(path, FORM, body, all);
    }

    private static String reason(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).isEqualTo(403);
        return JSON.readTree(r.body()).get("reason").asText();
    }

    @Nested
    class TheChallenge {

        @Test
        void letsASolvedSubmissionThroughOnceAndRefusesItsReplay() throws Exception {
            String body = "name=Ada&message=Hello" + "&" + solved(site, "/forms/contact");
            HttpResponse<String> first = post("/forms/contact", body);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(TestSite.parse(first.body())).containsEntry("field.name", "Ada")
                    .containsEntry("field.message", "Hello");
            assertThat(reason(post("/forms/contact", body, "Accept", JSON_ACCEPT))).isEqualTo("challenge-replay");
        }

        @Test
        void refusesAForgedSignature() throws Exception {
            ChallengeCodec forger = new ChallengeCodec(SigningKeys.random(), BITS, Duration.ofMinutes(5), clock);
            String token = forger.issue("/contact").token();
            assertThat(reason(post("/contact", "privacy-challenge=" + token + "&privacy-solution=" + solve(token),
                    "Accept", JSON_ACCEPT))).isEqualTo("challenge-invalid");
        }

        @Test
        void refusesAProofMadeForLessWorkThanThisNodeAsks() throws Exception {
            // Another node of the cluster (same keys) asks for 4 bits; this one asks for 8.
            ChallengeCodec easier = new ChallengeCodec(SigningKeys.parse(TestSite.KEY), 4, Duration.ofMinutes(5), clock);
            String token = easier.issue("/contact").token();
            String cheap = "0";
            while (!ChallengeCodec.meets(token, cheap, 4) || ChallengeCodec.meets(token, cheap, BITS)) {
                cheap = Long.toString(Long.parseLong(cheap) + 1);
            }
            assertThat(reason(post("/contact", "privacy-challenge=" + token + "&privacy-solution=" + cheap,
                    "Accept", JSON_ACCEPT))).isEqualTo("challenge-invalid");
        }

        @Test
        void refusesAnExpiredChallenge() throws Exception {
            String fields = solved(site, "/contact");
            clock.advance(Duration.ofMinutes(6));
            assertThat(reason(post("/contact", fields, "Accept", JSON_ACCEPT))).isEqualTo("challenge-expired");
        }

        @Test
        void refusesAChallengeIssuedForAnotherForm() throws Exception {
            assertThat(reason(post("/contact", solved(site, "/forms/newsletter"), "Accept", JSON_ACCEPT)))
                    .isEqualTo("challenge-path");
        }

        @Test
        void refusesAWrongSolution() throws Exception {
            String token = challenge(site, "/contact").get("challenge").asText();
            String wrong = "0";
            while (ChallengeCodec.meets(token, wrong, BITS)) {
                wrong = Long.toString(Long.parseLong(wrong) + 1);
            }
            assertThat(reason(post("/contact", "privacy-challenge=" + token + "&privacy-solution=" + wrong,
                    "Accept", JSON_ACCEPT))).isEqualTo("challenge-solution");
        }

        @Test
        void refusesASubmissionWithoutProof() throws Exception {
            assertThat(reason(post("/contact", "name=Ada", "Accept", JSON_ACCEPT))).isEqualTo("no-proof");
            String token = challenge(site, "/contact").get("challenge").asText();
            assertThat(reason(post("/contact", "privacy-challenge=" + token, "Accept", JSON_ACCEPT)))
                    .isEqualTo("no-proof");
        }

        @Test
        void refusesAFilledHoneypotEvenWithAValidProof() throws Exception {
            assertThat(reason(post("/contact", "website=http%3A%2F%2Fspam.example&" + solved(site, "/contact"),
                    "Accept", JSON_ACCEPT))).isEqualTo("honeypot");
        }

        @Test
        void isIssuedOnlyForProtectedPaths() throws Exception {
            assertThat(site.get("/privacy/challenge?path=/about").statusCode()).isEqualTo(400);
            assertThat(site.get("/privacy/challenge").statusCode()).isEqualTo(400);
            JsonNode c = challenge(site, "/contact");
            assertThat(c.get("difficulty").asInt()).isEqualTo(BITS);
            assertThat(c.get("path").asText()).isEqualTo("/contact");
        }
    }

    @Nested
    class TheApplication {

        @Test
        void seesEveryFieldOfAMultipartFormWithTheProofInIt() throws Exception {
            String boundary = "----erpex";
            StringBuilder body = new StringBuilder();
            String token = challenge(site, "/forms/upload").get("challenge").asText();
            for (String[] f : List.of(new String[] {"name", "Ada"}, new String[] {"message", "Hi there"},
                    new String[] {"website", ""}, new String[] {"privacy-challenge", token},
                    new String[] {"privacy-solution", solve(token)})) {
                body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(f[0])
                        .append("\"\r\n\r\n").append(f[1]).append("\r\n");
            }
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"cv\";"
                    + " filename=\"cv.txt\"\r\nContent-Type: text/plain\r\n\r\nfile text\r\n--").append(boundary)
                    .append("--\r\n");
            HttpResponse<String> r = site.post("/forms/upload", "multipart/form-data; boundary=" + boundary,
                    body.toString(), "X-Forwarded-For", client());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(TestSite.parse(r.body())).containsEntry("field.name", "Ada")
                    .containsEntry("field.message", "Hi there").containsEntry("part.cv", "9");
        }

        @Test
        void getsAMultipartBodyUnreadWhenTheProofComesInTheHeader() throws Exception {
            String token = challenge(site, "/forms/upload").get("challenge").asText();
            String boundary = "----erpex";
            String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nGrace\r\n--"
                    + boundary + "--\r\n";
            HttpResponse<String> r = site.post("/forms/upload", "multipart/form-data; boundary=" + boundary, body,
                    "X-Forwarded-For", client(), "X-Privacy-Proof", token + ":" + solve(token));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(TestSite.parse(r.body())).containsEntry("field.name", "Grace").containsEntry("part.name", "5");
        }

        @Test
        void seesEveryFieldOfAnUrlEncodedForm() throws Exception {
            HttpResponse<String> r = post("/forms/contact", "name=Ada+L&email=ada%40example.com&message=%C3%A9t%C3%A9&"
                    + solved(site, "/forms/contact"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(TestSite.parse(r.body())).containsEntry("field.name", "Ada L")
                    .containsEntry("field.email", "ada@example.com").containsEntry("field.message", "été");
        }

        @Test
        void isNotProtectedOnOtherPathsOrMethods() throws Exception {
            assertThat(post("/forms-not", "name=x").statusCode()).isEqualTo(200);
            assertThat(site.get("/contact").statusCode()).isEqualTo(200);
        }
    }

    @Nested
    class TheRateLimit {

        @Test
        void refusesABurstBeyondItsBudgetAndRecoversAfterTheRefill() throws Exception {
            String ip = client();
            for (int i = 0; i < 3; i++) {
                assertThat(site.post("/contact", FORM, solved(site, "/contact"), "X-Forwarded-For", ip).statusCode())
                        .isEqualTo(200);
            }
            HttpResponse<String> limited = site.post("/contact", FORM, solved(site, "/contact"), "X-Forwarded-For",
                    ip, "Accept", JSON_ACCEPT);
            assertThat(reason(limited)).isEqualTo("rate-limit");
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("20");
            clock.advance(Duration.ofSeconds(20));
            assertThat(site.post("/contact", FORM, solved(site, "/contact"), "X-Forwarded-For", ip).statusCode())
                    .isEqualTo(200);
        }

        @Test
        void countsThirtyAddressesOfOneIpv6SlashSixtyFourAsOneClient() throws Exception {
            int limited = 0;
            for (int i = 1; i <= 30; i++) {
                String ip = "2001:db8:5:64:" + Integer.toHexString(i) + "::" + Integer.toHexString(i * 7);
                HttpResponse<String> r = site.post("/contact", FORM, solved(site, "/contact"), "X-Forwarded-For", ip,
                        "Accept", JSON_ACCEPT);
                if (r.statusCode() == 403 && reason(r).equals("rate-limit")) {
                    limited++;
                }
            }
            assertThat(limited).isEqualTo(27);
        }

        @Test
        void keepsSeparateIpv6NetworksApart() throws Exception {
            for (int net = 1; net <= 5; net++) {
                String ip = "2001:db8:6:" + Integer.toHexString(net) + "::1";
                assertThat(site.post("/contact", FORM, solved(site, "/contact"), "X-Forwarded-For", ip).statusCode())
                        .isEqualTo(200);
            }
        }
    }

    @Nested
    class Rejections {

        @Test
        void areJsonForScripts() throws Exception {
            HttpResponse<String> r = post("/contact", "name=Ada", "Accept", JSON_ACCEPT);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("error").asText()).isEqualTo("form-protection");
            assertThat(body.get("message").asText()).contains("JavaScript");
        }

        @Test
        void areASmallPageForBrowsers() throws Exception {
            HttpResponse<String> r = post("/contact", "name=Ada", "Accept", "text/html,*/*;q=0.8");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(r.body()).contains("<html lang=\"en\">", "Your form was not sent", "needs JavaScript",
                    "data-privacy-reason=\"no-proof\"", "href=\"/contact\"");
        }

        @Test
        void speakTheVisitorsLanguage() throws Exception {
            HttpResponse<String> r = post("/contact", "name=Ada", "Accept-Language", "fr-FR,fr;q=0.9");
            assertThat(r.body()).contains("<html lang=\"fr\">", "Votre formulaire n’a pas été envoyé",
                    "Ce formulaire a besoin de JavaScript");
            HttpResponse<String> ja = post("/contact", "name=Ada", "Accept-Language", "ja", "Accept", JSON_ACCEPT);
            assertThat(JSON.readTree(ja.body()).get("message").asText()).contains("JavaScript");
        }

        @Test
        void areCountedByOutcome() throws Exception {
            long before = site.filter().counters().get("protect-blocked-no-proof");
            long passed = site.filter().counters().get("protect-passed-challenge");
            post("/contact", "name=Ada");
            post("/contact", solved(site, "/contact"));
            assertThat(site.filter().counters()).containsEntry("protect-blocked-no-proof", before + 1)
                    .containsEntry("protect-passed-challenge", passed + 1)
                    .containsEntry("protect-recaptcha-calls", 0L);
        }
    }

    @Nested
    class ThePage {

        @Test
        void getsOurScriptsAndFieldsButNothingFromGoogle() throws Exception {
            String html = site.seen("/page?protect=/contact").get("protect");
            assertThat(html).contains("name=\"privacy-challenge\"", "name=\"privacy-solution\"", "name=\"website\"",
                    "<noscript>", "/privacy/protect.js?v=" + ProtectAsset.SCRIPT.version(),
                    "data-privacy-worker=\"/privacy/protect-worker.js?v=" + ProtectAsset.WORKER.version() + "\"",
                    "data-privacy-path=\"/contact\"");
            assertThat(html).doesNotContain("google", "gstatic", "recaptcha.net");
        }

        @Test
        void getsNothingForAFormPathThatIsNotProtected() throws Exception {
            assertThat(site.seen("/page?protect=/about").get("protect")).isEmpty();
        }

        @Test
        void getsTheScriptsWithVersionedCaching() throws Exception {
            HttpResponse<String> r = site.get("/privacy/protect-worker.js?v=" + ProtectAsset.WORKER.version());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
            assertThat(site.get("/privacy/protect.js").headers().firstValue("Cache-Control"))
                    .hasValue("public, max-age=300");
        }
    }
}
