package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A visitor's access and erasure through the filter's endpoints, with the embedded JSON-lines store. The same
 * behaviour against PostgreSQL is specified in {@code store.PostgresFilterTest}.
 */
class DataSubjectFilterTest {

    static final ObjectMapper JSON = new ObjectMapper();

    private TestSite site;

    @BeforeEach
    void start() throws Exception {
        site = TestSite.start("client.trusted-proxies", "127.0.0.1");
    }

    @AfterEach
    void stop() throws Exception {
        site.close();
    }

    /** A visitor with their own session: the cookie of their first response, sent on every later request. */
    static final class Visitor {
        final TestSite site;
        final String ip;
        String cookie;
        String session;

        Visitor(TestSite site, String ip) {
            this.site = site;
            this.ip = ip;
        }

        HttpResponse<String> visit(String path) throws Exception {
            HttpResponse<String> r = cookie == null ? site.get(path, "X-Forwarded-For", ip)
                    : site.get(path, "X-Forwarded-For", ip, "Cookie", cookie);
            if (cookie == null) {
                cookie = TestSite.cookie(r, "sid");
                session = TestSite.parse(r.body()).get("session");
            }
            return r;
        }

        JsonNode myData() throws Exception {
            HttpResponse<String> r = site.get("/privacy/my-data", "X-Forwarded-For", ip, "Cookie", cookie);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return JSON.readTree(r.body());
        }

        HttpResponse<String> erase(String... extraHeaders) throws Exception {
            List<String> headers = new ArrayList<>(List.of("X-Forwarded-For", ip, "Cookie", cookie));
            headers.addAll(List.of(extraHeaders));
            return site.postEmpty("/privacy/my-data/erase", headers.toArray(String[]::new));
        }
    }

    static List<String> paths(JsonNode records) {
        List<String> paths = new ArrayList<>();
        records.forEach(r -> paths.add(r.get("path").asText()));
        return paths;
    }

    @Nested
    class Access {

        @Test
        void returnsEveryVisitOfTheVisitorsSessionAsADownloadAndNobodyElses() throws Exception {
            Visitor alice = new Visitor(site, "192.0.2.10");
            Visitor bob = new Visitor(site, "198.51.100.20");
            alice.visit("/a/1");
            bob.visit("/b/1");
            alice.visit("/a/2");

            HttpResponse<String> r = site.get("/privacy/my-data", "X-Forwarded-For", alice.ip, "Cookie", alice.cookie);

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Disposition"))
                    .hasValue("attachment; filename=\"my-data.json\"");
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
            JsonNode data = JSON.readTree(r.body());
            assertThat(paths(data.get("visits"))).containsExactly("/a/1", "/a/2");
            assertThat(data.get("consents")).isEmpty();
            assertThat(data.get("visits")).allSatisfy(v -> {
                assertThat(v.get("session").asText()).isEqualTo(alice.session);
                assertThat(v.get("ip").asText()).isEqualTo("192.0.2.10");
            });
        }

        @Test
        void includesVisitsStillInTheRecordersQueue() throws Exception {
            Visitor alice = new Visitor(site, "192.0.2.10");
            for (int i = 0; i < 20; i++) {
                alice.visit("/page/" + i);
            }

            assertThat(paths(alice.myData().get("visits"))).hasSize(20).startsWith("/page/0").endsWith("/page/19");
        }

        @Test
        void returnsNothingForAForgedSessionCookie() throws Exception {
            Visitor alice = new Visitor(site, "192.0.2.10");
            alice.visit("/a/1");
            Visitor forger = new Visitor(site, "203.0.113.5");
            forger.cookie = "sid=" + alice.session; // the hash seen in a record is not a cookie

            assertThat(forger.myData().get("visits")).isEmpty();
        }
    }

    @Nested
    class Erasure {

        @Test
        void deletesExactlyTheVisitorsRecordsAndStartsANewSession() throws Exception {
            Visitor alice = new Visitor(site, "192.0.2.10");
            Visitor bob = new Visitor(site, "198.51.100.20");
            alice.visit("/a/1");
            alice.visit("/a/2");
            bob.visit("/b/1");

            HttpResponse<String> r = alice.erase("Origin", site.origin());

            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).get("erased").get("visits").asInt()).isGreaterThanOrEqualTo(2);
            String newCookie = TestSite.cookie(r, "sid");
            assertThat(newCookie).isNotEqualTo(alice.cookie);
            alice.cookie = newCookie;
            assertThat(alice.myData().get("visits")).allSatisfy(v ->
                    assertThat(v.get("path").asText()).isNotIn("/a/1", "/a/2"));
            assertThat(paths(bob.myData().get("visits"))).contains("/b/1");
            site.close();
            assertThat(site.visitLines()).noneMatch(l -> l.contains("\"" + alice.session + "\""))
                    .anyMatch(l -> l.contains("/b/1"));
        }

        @Test
        void refusesACrossOriginRequestAndErasesNothing() throws Exception {
            Visitor alice = new Visitor(site, "192.0.2.10");
            alice.visit("/a/1");

            HttpResponse<String> r = alice.erase("Origin", "https://evil.example");

            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(r.body()).get("error").asText()).contains("cross-origin");
            assertThat(paths(alice.myData().get("visits"))).contains("/a/1");
        }

        @Test
        void refusesARequestWithoutOriginEvidence() throws Exception {
            Visitor alice = new Visitor(site, "192.0.2.10");
            alice.visit("/a/1");

            assertThat(alice.erase().statusCode()).isEqualTo(403);
        }

        @Test
        void erasesNobodysRecordsForAForgedCookie() throws Exception {
            Visitor alice = new Visitor(site, "192.0.2.10");
            alice.visit("/a/1");
            Visitor forger = new Visitor(site, "203.0.113.5");
            forger.cookie = "sid=" + alice.session;

            HttpResponse<String> r = forger.erase("Origin", site.origin());

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).get("total").asInt()).isZero();
            assertThat(paths(alice.myData().get("visits"))).contains("/a/1");
        }

        @Test
        void answersOnlyPostWithAllow() throws Exception {
            HttpResponse<String> r = site.get("/privacy/my-data/erase");
            assertThat(r.statusCode()).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).hasValue("POST");
        }
    }
}
