package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import net.erpex.privacy.testing.RequiresPostgresql;
import net.erpex.privacy.testing.TcpProxy;
import net.erpex.privacy.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The filter with visits.store=jdbc:postgresql://..., through a real Jetty, against the real server. */
@RequiresPostgresql
class PostgresFilterTest {

    TestDatabase db;
    TcpProxy proxy;
    Path spool;

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase();
        proxy = new TcpProxy(TestDatabase.HOST, TestDatabase.PORT);
        spool = Files.createTempDirectory("erpex-spool");
    }

    @AfterEach
    void tearDown() throws Exception {
        proxy.close();
        db.close();
    }

    TestSite site(String... more) throws Exception {
        List<String> params = new ArrayList<>(List.of("visits.store", db.url(TestDatabase.HOST, proxy.port()),
                "visits.spool-dir", spool.toString(), "client.trusted-proxies", "127.0.0.1"));
        params.addAll(List.of(more));
        return TestSite.start(params.toArray(String[]::new));
    }

    Set<String> column(String sql) throws Exception {
        Set<String> values = new HashSet<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    @Nested
    class Recording {

        @Test
        void writesExactlyOneRowPerRequest() throws Exception {
            try (TestSite site = site()) {
                for (int i = 0; i < 200; i++) {
                    assertThat(site.get("/n/" + i).statusCode()).isEqualTo(200);
                }
            }
            assertThat(db.count("SELECT count(*) FROM erpex_visits")).isEqualTo(200);
            assertThat(db.count("SELECT count(DISTINCT id) FROM erpex_visits")).isEqualTo(200);
            assertThat(db.count("SELECT count(DISTINCT record->>'path') FROM erpex_visits")).isEqualTo(200);
        }

        @Test
        void losesAndDuplicatesNothingWhenTheNetworkToTheDatabaseIsCutUnderLoad() throws Exception {
            int threads = 4;
            int perThread = 1000;
            AtomicInteger done = new AtomicInteger();
            TestSite site = site("visits.batch-size", "100");
            ExecutorService clients = Executors.newFixedThreadPool(threads);
            long spoolPeak;
            try (site) {
                List<Future<?>> load = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    load.add(clients.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            assertThat(site.get("/load/" + thread + "/" + i).statusCode()).isEqualTo(200);
                            done.incrementAndGet();
                        }
                        return null;
                    }));
                }
                awaitProgress(done, threads * perThread / 4);
                proxy.cut();
                awaitProgress(done, threads * perThread * 3 / 5);
                proxy.restore();
                for (Future<?> f : load) {
                    f.get();
                }
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (site.filter().counters().get("spool-records") > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(50); // the recorder replays the spool once the database answers again
                }
                assertThat(site.filter().counters().get("spool-records")).as("spool replayed while running").isZero();
                spoolPeak = site.filter().counters().get("spool-peak");
            } finally {
                clients.shutdownNow();
            }

            int n = threads * perThread;
            assertThat(spoolPeak).as("records went through the spool during the cut").isPositive();
            assertThat(column("SELECT (record->>'path') || ' ' || id || ' ' || ts || ' ' || (record->>'time')"
                    + " FROM erpex_visits WHERE record->>'path' IN (SELECT record->>'path' FROM erpex_visits"
                    + " GROUP BY 1 HAVING count(*) > 1)")).as("paths recorded more than once").isEmpty();
            assertThat(db.count("SELECT count(*) FROM erpex_visits")).isEqualTo(n);
            assertThat(db.count("SELECT count(DISTINCT id) FROM erpex_visits")).isEqualTo(n);
            Set<String> expected = new HashSet<>();
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < perThread; i++) {
                    expected.add("/load/" + t + "/" + i);
                }
            }
            assertThat(column("SELECT record->>'path' FROM erpex_visits")).isEqualTo(expected);
            try (var left = Files.list(spool)) {
                assertThat(left.filter(f -> f.getFileName().toString().startsWith("spool-"))).isEmpty();
            }
        }

        void awaitProgress(AtomicInteger done, int target) throws InterruptedException {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (done.get() < target && System.nanoTime() < deadline) {
                Thread.sleep(5); // polling the load's progress, not timing anything
            }
        }

        @Test
        void flushesToTheSpoolOnDestroyWhenTheDatabaseIsDownAndReplaysAfterARestart() throws Exception {
            try (TestSite site = site()) {
                site.get("/before");
                proxy.cut();
                for (int i = 0; i < 30; i++) {
                    site.get("/while-down/" + i);
                }
            }
            assertThat(db.count("SELECT count(*) FROM erpex_visits")).isLessThan(31);
            proxy.restore();
            try (TestSite restarted = site()) {
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (db.count("SELECT count(*) FROM erpex_visits") < 31 && System.nanoTime() < deadline) {
                    Thread.sleep(50); // the restarted recorder replays the spool in the background
                }
            }
            assertThat(db.count("SELECT count(*) FROM erpex_visits WHERE record->>'path' LIKE '/while-down/%'"))
                    .isEqualTo(30);
        }
    }

    @Nested
    class DataSubject {

        @Test
        void myDataReturnsTheVisitorsOwnRecordsAndEraseRemovesExactlyThose() throws Exception {
            String aliceSession;
            try (TestSite site = site()) {
                DataSubjectFilterTest.Visitor alice = new DataSubjectFilterTest.Visitor(site, "192.0.2.10");
                DataSubjectFilterTest.Visitor bob = new DataSubjectFilterTest.Visitor(site, "198.51.100.20");
                alice.visit("/a/1");
                bob.visit("/b/1");
                alice.visit("/a/2");
                aliceSession = alice.session;

                JsonNode mine = alice.myData();
                assertThat(DataSubjectFilterTest.paths(mine.get("visits"))).containsExactly("/a/1", "/a/2");
                assertThat(mine.get("visits").get(0).get("session").asText()).isEqualTo(alice.session);

                DataSubjectFilterTest.Visitor forger = new DataSubjectFilterTest.Visitor(site, "203.0.113.5");
                forger.cookie = "sid=" + bob.session;
                HttpResponse<String> forged = forger.erase("Origin", site.origin());
                assertThat(DataSubjectFilterTest.JSON.readTree(forged.body()).get("total").asInt()).isZero();

                HttpResponse<String> erased = alice.erase("Origin", site.origin());
                assertThat(erased.statusCode()).isEqualTo(200);
                assertThat(DataSubjectFilterTest.JSON.readTree(erased.body()).get("erased").get("visits").asInt())
                        .isGreaterThanOrEqualTo(2);
                assertThat(TestSite.cookie(erased, "sid")).isNotEqualTo(alice.cookie);
            }
            assertThat(db.count("SELECT count(*) FROM erpex_visits WHERE session = '" + aliceSession + "'")).isZero();
            assertThat(column("SELECT record->>'path' FROM erpex_visits")).contains("/b/1")
                    .doesNotContain("/a/1", "/a/2");
        }

        @Test
        void answers503WithAJsonErrorWhileTheDatabaseIsDown() throws Exception {
            try (TestSite site = site()) {
                DataSubjectFilterTest.Visitor alice = new DataSubjectFilterTest.Visitor(site, "192.0.2.10");
                alice.visit("/a/1");
                proxy.cut();

                HttpResponse<String> r = site.get("/privacy/my-data", "Cookie", alice.cookie);

                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(DataSubjectFilterTest.JSON.readTree(r.body()).get("error").asText()).contains("try again");
                proxy.restore();
            }
        }
    }
}
