package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import net.erpex.privacy.testing.RequiresPostgresql;
import net.erpex.privacy.testing.TcpProxy;
import net.erpex.privacy.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * The database's host goes away and its address then drops packets: a connection attempt is accepted by nobody and
 * refused by nobody, and fails only when the driver's login timeout (10 s) does. The recorder must go on spooling
 * meanwhile and the filter must stop without waiting for that timeout, with every visit in the spool, then in the
 * database after a restart.
 */
@RequiresPostgresql
class PostgresStallFilterTest {

    /** The driver's login timeout the filter sets ({@code ConnectionSource}): a stop that waits for it took this long. */
    static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(10);
    static final String SILENT = "SELECT count(*) FROM erpex_visits WHERE record->>'path' LIKE '/while-silent/%'";

    @Test
    void stopsWithoutWaitingForAConnectionAttemptAndEveryVisitIsSpooledThenWrittenAfterARestart() throws Exception {
        try (TestDatabase db = new TestDatabase(); TcpProxy proxy = new TcpProxy(TestDatabase.HOST, TestDatabase.PORT)) {
            Path spool = Files.createTempDirectory("erpex-spool");
            String[] params = {"visits.store", db.url(TestDatabase.HOST, proxy.port()), "visits.spool-dir",
                spool.toString(), "visits.record", "all"};
            long stopNanos;
            TestSite site = TestSite.start(params);
            try (site) {
                assertThat(site.get("/before").statusCode()).isEqualTo(200);
                proxy.stall();
                for (int i = 0; i < 30; i++) {
                    assertThat(site.get("/while-silent/" + i).statusCode()).isEqualTo(200);
                }
                stopNanos = System.nanoTime();
            }
            stopNanos = System.nanoTime() - stopNanos;
            assertThat(Duration.ofNanos(stopNanos)).as("the stop did not wait for a login that never comes")
                    .isLessThan(LOGIN_TIMEOUT);

            proxy.restore();
            try (TestSite restarted = TestSite.start(params)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (db.count(SILENT) < 30 && System.nanoTime() < deadline) {
                    Thread.sleep(50); // the restarted recorder replays the spool in the background
                }
            }
            assertThat(db.count(SILENT)).isEqualTo(30);
            assertThat(db.count("SELECT count(*) FROM erpex_visits WHERE record->>'path' = '/before'")).isEqualTo(1);
            assertThat(db.count("SELECT count(DISTINCT id) FROM erpex_visits"))
                    .isEqualTo(db.count("SELECT count(*) FROM erpex_visits"));
        }
    }
}
