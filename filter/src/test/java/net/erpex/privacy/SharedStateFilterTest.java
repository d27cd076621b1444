package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import net.erpex.privacy.testing.RequiresPostgresql;
import net.erpex.privacy.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What must hold on the whole site, not per node: two nodes behind one load balancer (two real Jettys with the same
 * keys) on one real PostgreSQL; and a JSON-lines node across a restart.
 */
class SharedStateFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORM = "application/x-www-form-urlencoded";

    private static String reason(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        return JSON.readTree(r.body()).get("reason").asText();
    }

    @Nested
    @RequiresPostgresql
    class TwoNodesOnOneDatabase {

        private TestDatabase db;
        private TestSite a;
        private TestSite b;

        @BeforeEach
        void start() throws Exception {
            db = new TestDatabase();
            Map<String, String> params = Map.of("visits.store", db.url(), "client.trusted-proxies", "127.0.0.1",
                    "protect.paths", "/contact", "protect.challenge.difficulty", "8", "protect.rate", "3/1m");
            a = TestSite.start(params);
            b = TestSite.start(params);
        }

        @AfterEach
        void stop() throws Exception {
            a.close();
            b.close();
            db.close();
        }

        @Test
        void aChallengeUsedOnOneNodeDoesNotPassOnTheOther() throws Exception {
            String body = "name=Ada&" + ProtectFilterTest.solved(a, "/contact");
            assertThat(a.post("/contact", FORM, body, "X-Forwarded-For", "192.0.2.1").statusCode()).isEqualTo(200);
            assertThat(reason(b.post("/contact", FORM, body, "X-Forwarded-For", "192.0.2.2", "Accept",
                    "application/json"))).isEqualTo("challenge-replay");
        }

        @Test
        void aClientHasOneRateBudgetWhicheverNodeItReaches() throws Exception {
            for (TestSite node : new TestSite[] {a, b, a}) {
                assertThat(node.post("/contact", FORM, ProtectFilterTest.solved(node, "/contact"), "X-Forwarded-For",
                        "198.51.100.9").statusCode()).isEqualTo(200);
            }
            assertThat(reason(b.post("/contact", FORM, ProtectFilterTest.solved(b, "/contact"), "X-Forwarded-For",
                    "198.51.100.9", "Accept", "application/json"))).isEqualTo("rate-limit");
        }

        @Test
        void anErasureEndsTheSessionOnEveryNode() throws Exception {
            HttpResponse<String> first = a.get("/", "X-Forwarded-For", "203.0.113.5");
            String cookie = TestSite.cookie(first, "sid");
            String erased = TestSite.parse(first.body()).get("session");
            assertThat(TestSite.parse(b.get("/", "Cookie", cookie).body()).get("session")).isEqualTo(erased);

            HttpResponse<String> erase = a.postEmpty("/privacy/my-data/erase", "Cookie", cookie, "Origin", a.origin(),
                    "X-Forwarded-For", "203.0.113.5");
            assertThat(erase.statusCode()).isEqualTo(200);

            long revokedBefore = a.filter().counters().get("session-revoked");
            assertThat(TestSite.parse(a.get("/", "Cookie", cookie).body()).get("session")).isNotEqualTo(erased);
            assertThat(a.filter().counters().get("session-revoked")).isEqualTo(revokedBefore + 1);
            // The other node learns it within the refresh interval (5 s), without a query per request.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (erased.equals(TestSite.parse(b.get("/", "Cookie", cookie).body()).get("session"))) {
                assertThat(System.nanoTime()).as("node b still accepts the erased session").isLessThan(deadline);
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
            HttpResponse<String> later = b.get("/", "Cookie", cookie);
            assertThat(TestSite.parse(later.body()).get("session")).isNotEqualTo(erased);
            assertThat(TestSite.cookie(later, "sid")).isNotEqualTo(cookie);
        }
    }

    @Nested
    class OneJsonLinesNode {

        @Test
        void aUsedChallengeStaysUsedAcrossARestart() throws Exception {
            Path dir = Files.createTempDirectory("erpex-visits");
            Map<String, String> params = Map.of("visits.dir", dir.toString(), "protect.paths", "/contact",
                    "protect.challenge.difficulty", "8");
            String body;
            try (TestSite before = TestSite.start(params)) {
                body = "name=Ada&" + ProtectFilterTest.solved(before, "/contact");
                assertThat(before.post("/contact", FORM, body).statusCode()).isEqualTo(200);
            }
            try (TestSite after = TestSite.start(params)) {
                assertThat(reason(after.post("/contact", FORM, body, "Accept", "application/json")))
                        .isEqualTo("challenge-replay");
            }
        }

        @Test
        void anErasedSessionStaysEndedAcrossARestart() throws Exception {
            Path dir = Files.createTempDirectory("erpex-visits");
            Map<String, String> params = Map.of("visits.dir", dir.toString());
            String cookie;
            String erased;
            try (TestSite before = TestSite.start(params)) {
                HttpResponse<String> first = before.get("/");
                cookie = TestSite.cookie(first, "sid");
                erased = TestSite.parse(first.body()).get("session");
                assertThat(before.postEmpty("/privacy/my-data/erase", "Cookie", cookie, "Origin", before.origin())
                        .statusCode()).isEqualTo(200);
            }
            try (TestSite after = TestSite.start(params)) {
                assertThat(TestSite.parse(after.get("/", "Cookie", cookie).body()).get("session"))
                        .isNotEqualTo(erased);
            }
        }
    }
}
