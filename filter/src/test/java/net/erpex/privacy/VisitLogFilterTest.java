package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The visit log as an operator reads it: one JSON object per request, written by the time the filter is gone. */
class VisitLogFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

    @Test
    void recordsTheSummaryThePolicyPromisesAndNothingMore() throws Exception {
        String session;
        TestSite site = TestSite.start("client.trusted-proxies", "127.0.0.1", "geo.database", TestSite.DEMO_DB,
                "language.supported", "en,fr");
        try (site) {
            HttpResponse<String> response = site.get("/pricing?coupon=SECRET;jsessionid=X", "X-Forwarded-For",
                    "192.0.2.10", "User-Agent", FIREFOX, "Accept-Language", "fr-FR",
                    "Referer", "https://www.google.fr/search?q=alice%40example.com#frag");
            session = TestSite.parse(response.body()).get("session");
        }
        List<String> lines = site.visitLines();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).doesNotContain("SECRET", "alice", "frag", "jsessionid");
        JsonNode r = JSON.readTree(lines.get(0));
        assertThat(r.get("ip").asText()).isEqualTo("192.0.2.10");
        assertThat(r.get("country").asText()).isEqualTo("FR");
        assertThat(r.get("region").asText()).isEqualTo("Île-de-France");
        assertThat(r.get("city").asText()).isEqualTo("Paris");
        assertThat(r.get("language").asText()).isEqualTo("fr");
        assertThat(r.get("method").asText()).isEqualTo("GET");
        assertThat(r.get("path").asText()).isEqualTo("/pricing");
        assertThat(r.get("status").asInt()).isEqualTo(200);
        assertThat(r.get("browser").get("family").asText()).isEqualTo("Firefox");
        assertThat(r.get("browser").get("version").asText()).startsWith("128");
        assertThat(r.get("os").get("family").asText()).isEqualTo("Linux");
        assertThat(r.get("device").asText()).isEqualTo("desktop");
        assertThat(r.get("referrer").asText()).isEqualTo("https://www.google.fr/search");
        assertThat(r.get("referrerKind").asText()).isEqualTo("search");
        assertThat(r.get("session").asText()).isEqualTo(session);
        assertThat(r.get("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }

    @Test
    void stripsPathParametersFromTheReferrerAsFromThePath() throws Exception {
        TestSite site = TestSite.start();
        try (site) {
            site.get("/shop;jsessionid=node0OWN/cart", "Referer",
                    "http://127.0.0.1/visits;jsessionid=node0SECRET/list;v=2?x=1");
        }
        JsonNode r = JSON.readTree(site.visitLines().get(0));
        assertThat(r.get("path").asText()).isEqualTo("/shop/cart");
        assertThat(r.get("referrer").asText()).isEqualTo("http://127.0.0.1/visits/list");
        assertThat(site.visitLines().get(0)).doesNotContain("SECRET", "node0", "jsessionid");
    }

    @Test
    void recordsTheStatusTheApplicationAnswered() throws Exception {
        TestSite site = TestSite.start();
        try (site) {
            site.get("/missing?status=404");
        }
        assertThat(JSON.readTree(site.visitLines().get(0)).get("status").asInt()).isEqualTo(404);
    }

    @Test
    void storesTruncatedAddressesWhenConfigured() throws Exception {
        TestSite site = TestSite.start("client.trusted-proxies", "127.0.0.1", "visits.ip", "truncated");
        try (site) {
            site.get("/", "X-Forwarded-For", "198.51.100.77");
            site.get("/", "X-Forwarded-For", "2001:db8:1:2::5");
        }
        List<String> ips = site.visitLines().stream().map(l -> read(l).get("ip").asText()).toList();
        assertThat(ips).containsExactlyInAnyOrder("198.51.100.0", "2001:db8:1::");
    }

    @Test
    void writesExactlyOneRecordPerRequestFromEightThreadsBeforeDestroyReturns() throws Exception {
        TestSite site = TestSite.start("visits.batch-size", "200", "visits.queue-capacity", "1000");
        int threads = 8;
        int perThread = 1250;
        AtomicInteger ok = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (site) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        if (site.get("/page/" + thread + "/" + i).statusCode() == 200) {
                            ok.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> lines = site.visitLines();
        assertThat(ok.get()).isEqualTo(threads * perThread);
        Set<String> paths = new HashSet<>();
        Set<String> ids = new HashSet<>();
        List<String> repeated = new ArrayList<>();
        for (String line : lines) {
            JsonNode r = read(line);
            if (!paths.add(r.get("path").asText())) {
                repeated.add(line);
            }
            ids.add(r.get("id").asText());
        }
        // Named first, so that a failure says which request has two records and whether they are one record twice
        // (the same id) or two requests (the HTTP client may resend a GET whose connection the server closed).
        assertThat(repeated).as("records of a path already recorded").isEmpty();
        assertThat(lines).hasSize(threads * perThread);
        assertThat(paths).hasSize(threads * perThread);
        assertThat(ids).hasSize(threads * perThread);
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
