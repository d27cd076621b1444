package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import net.erpex.privacy.store.JsonLinesStore;
import net.erpex.privacy.testing.RequiresPostgresql;
import net.erpex.privacy.testing.TestDatabase;
import net.erpex.privacy.visit.LogRecord;
import net.erpex.privacy.visit.VisitEvent;
import net.erpex.privacy.visit.VisitRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The visitor's rights are not a lever against the visit log: four callers asking for their data and erasing it, over
 * and over, while pages are visited, and each visit is written less than a second after its response.
 */
class DataSubjectUnderLoadFilterTest {

    private static final int CALLERS = 4;
    private static final long LOAD_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final Duration MAX_LAG = Duration.ofSeconds(1);

    /** What the load did: the slowest visit-to-record lag seen, and the callers' answers by status. */
    record Outcome(Duration worstLag, int visits, List<Integer> statuses) {
    }

    /**
     * Runs the load: one visitor paces visits and, after each, waits until the recorder has written everything
     * submitted so far (the lag); four others each alternate my-data and erasure of their own records.
     */
    static Outcome load(TestSite site) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CALLERS; c++) {
            String ip = "198.51.100." + (10 + c);
            running.add(callers.submit(() -> {
                DataSubjectFilterTest.Visitor caller = new DataSubjectFilterTest.Visitor(site, ip);
                caller.visit("/plain/caller");
                while (!stop.get()) {
                    caller.visit("/plain/caller");
                    HttpResponse<String> data = site.get("/privacy/my-data", "X-Forwarded-For", ip, "Cookie",
                            caller.cookie);
                    statuses.add(data.statusCode());
                    HttpResponse<String> erased = caller.erase("Origin", site.origin());
                    statuses.add(erased.statusCode());
                    if (erased.statusCode() == 200) {
                        caller.cookie = TestSite.cookie(erased, "sid");
                    }
                }
                return null;
            }));
        }
        long worst = 0;
        int visits = 0;
        long end = System.nanoTime() + LOAD_NANOS;
        try {
            while (System.nanoTime() < end) {
                HttpResponse<String> r = site.get("/plain/paced/" + visits, "Sec-Fetch-Dest", "document",
                        "X-Forwarded-For", "192.0.2.50");
                assertThat(r.statusCode()).isEqualTo(200);
                long answered = System.nanoTime();
                long submitted = site.filter().counters().get("records-submitted");
                while (site.filter().counters().get("records-written") < submitted
                        && System.nanoTime() - answered < TimeUnit.SECONDS.toNanos(30)) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                }
                worst = Math.max(worst, System.nanoTime() - answered);
                visits++;
            }
        } finally {
            stop.set(true);
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
            callers.shutdownNow();
        }
        return new Outcome(Duration.ofNanos(worst), visits, List.copyOf(statuses));
    }

    static void assertKeptUp(Outcome outcome) {
        assertThat(outcome.visits()).isPositive();
        assertThat(outcome.statuses()).hasSizeGreaterThan(2 * CALLERS).containsOnly(200);
        assertThat(outcome.worstLag()).as("the slowest visit to be written").isLessThan(MAX_LAG);
    }

    /** Other visitors' visits of today and the five days before: what a busy site's store holds. */
    static List<LogRecord> traffic(int perDay) {
        List<LogRecord> records = new ArrayList<>();
        Instant now = Instant.now();
        for (int d = 0; d < 6; d++) {
            for (int i = 0; i < perDay; i++) {
                records.add(new VisitRecord(VisitEvent.newId(), now.minus(Duration.ofDays(d)).minusMillis(i),
                        "203.0.113." + (i % 250), "FR", "", "", "fr", "GET", "/crowd/" + i, 200, "Chrome", "131",
                        "Windows", "", "desktop", "", "none", "other-" + (i % 5000), ""));
            }
        }
        return records;
    }

    @Nested
    class JsonLines {

        @Test
        void myDataAndEraseByFourCallersLeaveTheRecordLagUnderOneSecond() throws Exception {
            Path dir = Files.createTempDirectory("erpex-visits");
            try (JsonLinesStore store = new JsonLinesStore(dir, Map.of(), Clock.systemUTC())) {
                List<LogRecord> all = traffic(20_000);
                for (int i = 0; i < all.size(); i += 5000) {
                    store.write(all.subList(i, Math.min(all.size(), i + 5000)));
                }
            }
            TestSite site = TestSite.start("client.trusted-proxies", "127.0.0.1", "visits.dir", dir.toString(),
                    "endpoints.data-rate", "100000/1m");
            Outcome outcome;
            try {
                outcome = load(site);
            } finally {
                site.close();
            }

            assertKeptUp(outcome);
        }
    }

    @Nested
    @RequiresPostgresql
    class Postgres {

        @Test
        void myDataAndEraseByFourCallersLeaveTheRecordLagUnderOneSecond() throws Exception {
            try (TestDatabase db = new TestDatabase()) {
                Path spool = Files.createTempDirectory("erpex-spool");
                TestSite site = TestSite.start("client.trusted-proxies", "127.0.0.1", "visits.store", db.url(),
                        "visits.spool-dir", spool.toString(), "endpoints.data-rate", "100000/1m");
                Outcome outcome;
                try {
                    outcome = load(site);
                } finally {
                    site.close();
                }

                assertKeptUp(outcome);
                assertThat(db.count("SELECT count(*) FROM erpex_visits WHERE record->>'path' LIKE '/plain/paced/%'"))
                        .isEqualTo(outcome.visits());
            }
        }
    }
}
