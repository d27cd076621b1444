package net.erpex.privacy.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.erpex.privacy.shared.SharedState.Kind;
import net.erpex.privacy.testing.MutableClock;
import net.erpex.privacy.testing.RequiresPostgresql;
import net.erpex.privacy.testing.TcpProxy;
import net.erpex.privacy.testing.TestDatabase;
import net.erpex.privacy.visit.ConsentRecord;
import net.erpex.privacy.visit.VisitRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Two nodes on one real PostgreSQL: what one claims, the other cannot; what one revokes, the other learns. */
@RequiresPostgresql
class PostgresSharedStateTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    private TestDatabase db;
    private final List<PostgresSharedState> opened = new ArrayList<>();

    @BeforeEach
    void createSchema() throws Exception {
        db = new TestDatabase();
    }

    @AfterEach
    void dropSchema() throws Exception {
        opened.forEach(PostgresSharedState::close);
        db.close();
    }

    private PostgresSharedState node(String url) {
        PostgresSharedState state = PostgresSharedState.start(ConnectionSource.driver(url, "", ""), clock);
        opened.add(state);
        return state;
    }

    private PostgresSharedState node() {
        return node(db.url());
    }

    private Instant in(Duration d) {
        return clock.instant().plus(d);
    }

    @Nested
    class AcrossNodes {

        @Test
        void aProofClaimedOnOneNodeDoesNotPassOnAnother() {
            PostgresSharedState a = node();
            PostgresSharedState b = node();
            assertThat(a.claim(Kind.USED_CHALLENGE, "c0ffee", in(Duration.ofMinutes(5)))).isTrue();
            assertThat(b.claim(Kind.USED_CHALLENGE, "c0ffee", in(Duration.ofMinutes(5)))).isFalse();
            assertThat(a.claim(Kind.USED_CHALLENGE, "c0ffee", in(Duration.ofMinutes(5)))).isFalse();
            assertThat(b.claim(Kind.USED_RECAPTCHA_TOKEN, "c0ffee", in(Duration.ofMinutes(5)))).isTrue();
        }

        @Test
        void anExpiredClaimCanBeMadeAgainOnAnyNode() {
            PostgresSharedState a = node();
            PostgresSharedState b = node();
            assertThat(a.claim(Kind.USED_CHALLENGE, "k", in(Duration.ofMinutes(1)))).isTrue();
            clock.advance(Duration.ofMinutes(1));
            assertThat(b.claim(Kind.USED_CHALLENGE, "k", in(Duration.ofMinutes(1)))).isTrue();
        }

        @Test
        void exactlyOneOfManyConcurrentClaimsOnTwoNodesWins() throws Exception {
            PostgresSharedState a = node();
            PostgresSharedState b = node();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Boolean>> tries = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    PostgresSharedState n = i % 2 == 0 ? a : b;
                    tries.add(() -> n.claim(Kind.USED_CHALLENGE, "race", in(Duration.ofMinutes(1))));
                }
                int won = 0;
                for (Future<Boolean> f : pool.invokeAll(tries)) {
                    won += f.get() ? 1 : 0;
                }
                assertThat(won).isEqualTo(1);
            } finally {
                pool.shutdown();
            }
        }

        @Test
        void aClientHasOneRateBudgetOnTheWholeSite() {
            PostgresSharedState a = node();
            PostgresSharedState b = node();
            assertThat(a.tryTake("protect:192.0.2.1", 3, Duration.ofMinutes(1))).isTrue();
            assertThat(b.tryTake("protect:192.0.2.1", 3, Duration.ofMinutes(1))).isTrue();
            assertThat(a.tryTake("protect:192.0.2.1", 3, Duration.ofMinutes(1))).isTrue();
            assertThat(b.tryTake("protect:192.0.2.1", 3, Duration.ofMinutes(1))).isFalse();
            clock.advance(Duration.ofSeconds(20));
            assertThat(b.tryTake("protect:192.0.2.1", 3, Duration.ofMinutes(1))).isTrue();
            assertThat(a.tryTake("protect:192.0.2.1", 3, Duration.ofMinutes(1))).isFalse();
        }

        @Test
        void aRevocationIsSeenAtOnceWhereItWasMadeAndAfterARefreshElsewhere() throws Exception {
            PostgresSharedState a = node();
            PostgresSharedState b = node();
            b.refresh();
            a.claim(Kind.REVOKED_SESSION, "session-hash", in(Duration.ofHours(8)));
            assertThat(a.isClaimed(Kind.REVOKED_SESSION, "session-hash")).isTrue();
            assertThat(b.isClaimed(Kind.REVOKED_SESSION, "session-hash")).isFalse();
            b.refresh();
            assertThat(b.isClaimed(Kind.REVOKED_SESSION, "session-hash")).isTrue();
            assertThat(b.propagationDelay()).isEqualTo(PostgresSharedState.REFRESH);
        }
    }

    @Nested
    class WhenTheDatabaseDoesNotAnswer {

        @Test
        void answersFromTheNodesMemoryCountsItAndNeverThrows() throws Exception {
            try (TcpProxy proxy = new TcpProxy(TestDatabase.HOST, TestDatabase.PORT)) {
                PostgresSharedState a = node(db.url(TestDatabase.HOST, proxy.port()));
                assertThat(a.claim(Kind.USED_CHALLENGE, "before", in(Duration.ofMinutes(5)))).isTrue();
                proxy.cut();
                assertThat(a.claim(Kind.USED_CHALLENGE, "during", in(Duration.ofMinutes(5)))).isTrue();
                assertThat(a.claim(Kind.USED_CHALLENGE, "during", in(Duration.ofMinutes(5)))).isFalse();
                assertThat(a.claim(Kind.USED_CHALLENGE, "before", in(Duration.ofMinutes(5)))).isFalse();
                assertThat(a.tryTake("b", 1, Duration.ofMinutes(1))).isTrue();
                assertThat(a.tryTake("b", 1, Duration.ofMinutes(1))).isFalse();
                a.refresh();
                Map<String, Long> stats = a.stats();
                assertThat(stats.get("shared-state-failures")).isPositive();
                assertThat(stats.get("shared-state-degraded")).isGreaterThanOrEqualTo(3);
            }
        }
    }

    @Nested
    class Schema {

        @Test
        void migratesAVersionOneDatabaseKeepingItsRecords() throws Exception {
            try (Connection c = db.connect()) {
                PgSchema.migrate(c, 1);
                PgSchema.ensurePartition(c, VisitRecord.STREAM, java.time.LocalDate.of(2026, 11, 25));
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO erpex_visits (id, ts, record) VALUES (gen_random_uuid(),"
                            + " '2026-11-25 10:00:00+00', '{}')");
                }
                assertThat(db.count("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
                        + " AND tablename = 'erpex_claims'")).isZero();
                PgSchema.migrate(c);
            }
            assertThat(db.count("SELECT max(version) FROM erpex_schema_version")).isEqualTo(PgSchema.VERSION);
            assertThat(db.count("SELECT count(*) FROM erpex_visits")).isEqualTo(1);
            PostgresSharedState a = node();
            assertThat(a.claim(Kind.USED_CHALLENGE, "after-migration", in(Duration.ofMinutes(5)))).isTrue();
            assertThat(db.count("SELECT count(*) FROM erpex_claims")).isEqualTo(1);
        }

        @Test
        void theDailyRetentionRunDeletesExpiredClaimsAndFullBuckets() throws Exception {
            PostgresSharedState a = node();
            a.claim(Kind.USED_CHALLENGE, "short", in(Duration.ofMinutes(5)));
            a.claim(Kind.REVOKED_SESSION, "long", in(Duration.ofDays(2)));
            a.tryTake("bucket", 10, Duration.ofMinutes(1));
            try (Connection c = db.connect()) {
                PgSchema.applyRetention(c, in(Duration.ofHours(1)), Map.of(VisitRecord.STREAM, Duration.ofDays(90),
                        ConsentRecord.STREAM, Duration.ofDays(1826)));
            }
            assertThat(db.count("SELECT count(*) FROM erpex_claims")).isEqualTo(1);
            assertThat(db.count("SELECT count(*) FROM erpex_claims WHERE key = 'long'")).isEqualTo(1);
            assertThat(db.count("SELECT count(*) FROM erpex_rate_buckets")).isZero();
        }
    }
}
