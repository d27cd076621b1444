package net.erpex.privacy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The packaged demo site, run with {@code java -jar} and asked over HTTP like a visitor would. */
class DemoSiteIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHROME_ANDROID = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like"
            + " Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
    private static DemoProcess demo;

    @BeforeAll
    static void start() throws Exception {
        demo = new DemoProcess();
    }

    @AfterAll
    static void stop() throws Exception {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void answersApiVisitorWithTheCallersContext() throws Exception {
        HttpResponse<String> response = demo.get("/api/visitor", "X-Forwarded-For", "192.0.2.10",
                "Accept-Language", "fr-FR,fr;q=0.9,en;q=0.5", "User-Agent", CHROME_ANDROID,
                "Referer", "https://www.bing.com/search?q=erpex+privacy");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("application/json"));
        JsonNode v = JSON.readTree(response.body());
        assertThat(v.fieldNames()).toIterable().containsExactly("ip", "language", "country", "region", "city",
                "timeZone", "browser", "browserVersion", "os", "osVersion", "device", "referrer", "referrerKind");
        assertThat(v.get("ip").asText()).isEqualTo("192.0.2.10");
        assertThat(v.get("language").asText()).isEqualTo("fr");
        assertThat(v.get("country").asText()).isEqualTo("FR");
        assertThat(v.get("city").asText()).isEqualTo("Paris");
        assertThat(v.get("timeZone").asText()).isEqualTo("Europe/Paris");
        assertThat(v.get("browser").asText()).contains("Chrome");
        assertThat(v.get("browserVersion").asText()).isEqualTo("131");
        assertThat(v.get("os").asText()).isEqualTo("Android");
        assertThat(v.get("osVersion").asText()).isEmpty();
        assertThat(v.get("device").asText()).isEqualTo("mobile");
        assertThat(v.get("referrer").asText()).isEqualTo("https://www.bing.com/search");
        assertThat(v.get("referrerKind").asText()).isEqualTo("search");
    }

    @Test
    void servesTheHomePageInTheVisitorsLanguageWithWhatWasDetected() throws Exception {
        HttpResponse<String> response = demo.get("/", "X-Forwarded-For", "2001:db8:1::42", "Accept-Language", "ja");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Language")).hasValue("ja");
        assertThat(response.body()).contains("<html lang=\"ja\"", "このサイトがあなたの訪問について知っていること",
                "2001:db8:1::42", "Tokyo");
    }

    @Test
    void escapesWhatTheVisitorSent() throws Exception {
        String body = demo.get("/", "User-Agent", "<script>alert(1)</script>").body();
        assertThat(body).doesNotContain("<script>alert(1)</script>");
    }

    @Test
    void showsAVisitorTheRecordsOfTheirOwnSessionOnly() throws Exception {
        HttpResponse<String> first = demo.get("/?lang=en", "X-Forwarded-For", "198.51.100.20");
        String cookie = first.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("sid="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
        demo.get("/", "X-Forwarded-For", "203.0.113.99"); // somebody else
        String page = "";
        for (int i = 0; i < 50 && !page.contains("198.51.100.20"); i++) {
            page = demo.get("/visits", "Cookie", cookie, "X-Forwarded-For", "198.51.100.20").body();
            Thread.sleep(100); // the recorder writes within its flush interval; polling, not timing
        }
        assertThat(page).contains("198.51.100.20", "Berlin").doesNotContain("203.0.113.99");
    }

    @Test
    void letsAVisitorDownloadAndEraseTheirOwnRecordsFromTheVisitsPage() throws Exception {
        HttpResponse<String> first = demo.get("/?lang=en", "X-Forwarded-For", "192.0.2.77");
        String cookie = first.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("sid="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
        demo.get("/", "X-Forwarded-For", "192.0.2.78"); // somebody else, who keeps their records
        String page = "";
        for (int i = 0; i < 50 && !page.contains("192.0.2.77"); i++) {
            page = demo.get("/visits", "Cookie", cookie, "X-Forwarded-For", "192.0.2.77").body();
            Thread.sleep(100); // the recorder writes within its flush interval; polling, not timing
        }
        assertThat(page).contains("href=\"/privacy/my-data\"", "action=\"/privacy/my-data/erase\"");

        JsonNode mine = JSON.readTree(demo.get("/privacy/my-data", "Cookie", cookie).body());
        assertThat(mine.get("visits")).isNotEmpty().allSatisfy(r -> assertThat(r.get("ip").asText())
                .isEqualTo("192.0.2.77"));

        HttpResponse<String> erased = demo.postForm("/privacy/my-data/erase", "", "Cookie", cookie);
        assertThat(erased.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(erased.body()).at("/erased/visits").asInt()).isPositive();
        // The download itself was a visit of this session too, recorded as it ended: only the page visits are asserted.
        assertThat(JSON.readTree(demo.get("/privacy/my-data", "Cookie", cookie).body()).get("visits"))
                .noneSatisfy(r -> assertThat(r.get("ip").asText()).isEqualTo("192.0.2.77"));
        assertThat(demo.get("/visits", "Cookie", cookie).body()).doesNotContain("192.0.2.77");
    }

    @Test
    void writesEveryVisitToTheJsonLinesFileBeforeItExits() throws Exception {
        DemoProcess own = new DemoProcess();
        int requests = 200;
        try {
            for (int i = 0; i < requests; i++) {
                // A browser navigating to missing pages: page views, each recorded (visits.record=pages).
                assertThat(own.get("/probe/" + i, "Sec-Fetch-Dest", "document", "Sec-Fetch-Mode", "navigate")
                        .statusCode()).isEqualTo(404);
            }
        } finally {
            own.close();
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(own.visitsDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("visits-\\d{4}-\\d\\d-\\d\\d\\.jsonl"))
                    .toList()) {
                lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        long probes = lines.stream().filter(l -> l.contains("\"path\":\"/probe/") && l.contains("\"status\":404"))
                .count();
        assertThat(probes).isEqualTo(requests);
        assertThat(lines).allSatisfy(l -> assertThat(JSON.readTree(l).get("ts")).isNotNull());
    }
}
