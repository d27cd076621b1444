package net.erpex.privacy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.erpex.privacy.testing.RequiresPostgresql;
import net.erpex.privacy.testing.TcpProxy;
import net.erpex.privacy.testing.TestDatabase;
import net.erpex.privacy.visit.ConsentRecord;
import net.erpex.privacy.visit.JsonLines;
import net.erpex.privacy.visit.LogRecord;
import net.erpex.privacy.visit.VisitEvent;
import net.erpex.privacy.visit.VisitRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PostgreSQL store against the real server, each test in a schema of its own. */
@RequiresPostgresql
class PostgresStoreTest {

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final Map<String, Duration> RETENTION = Map.of(VisitRecord.STREAM, Duration.ofDays(90),
            ConsentRecord.STREAM, Duration.ofDays(1826));
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path spoolDir;
    TestDatabase db;
    final List<PostgresStore> opened = new ArrayList<>();

    @BeforeEach
    void createSchema() throws Exception {
        db = new TestDatabase();
    }

    @AfterEach
    void dropSchema() throws Exception {
        for (PostgresStore store : opened) {
            store.close();
        }
        db.close();
    }

    PostgresStore open(String url, Path spool, int max) throws Exception {
        PostgresStore store = PostgresStore.open(ConnectionSource.driver(url, "", ""), spool, max, RETENTION, CLOCK);
        opened.add(store);
        return store;
    }

    PostgresStore open() throws Exception {
        return open(db.url(), spoolDir, 10_000);
    }

    static VisitRecord visit(Instant ts, String session, String ip, String path) {
        return new VisitRecord(VisitEvent.newId(), ts, ip, "FR", "Île-de-France", "Paris", "fr", "GET", path, 200,
                "Firefox", "133.0", "Linux", "", "desktop", "", "none", session, "");
    }

    static ConsentRecord consent(Instant ts, String session, String consentId) {
        return new ConsentRecord(VisitEvent.newId(), ts, consentId, "2026-01", "h", "en", "accept-all", "first",
                Map.of("analytics", true), List.of(), "opt-in", "FR", false, false, "form", "Firefox", "133.0",
                "Linux", "", "192.0.2.0", session);
    }

    static List<LogRecord> visits(int n, String session) {
        List<LogRecord> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(visit(NOW.plusMillis(i), session, "192.0.2.10", "/p/" + i));
        }
        return batch;
    }

    /** Connections that hide the driver's own classes, as some pools and containers do. */
    static ConnectionSource opaque(String url) {
        ConnectionSource driver = ConnectionSource.driver(url, "", "");
        return new ConnectionSource() {
            @Override
            public Connection open() throws java.sql.SQLException {
                Connection real = driver.open();
                return (Connection) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                            if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
                                throw new java.sql.SQLException("not a wrapper for " + args[0]);
                            }
                            try {
                                return method.invoke(real, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }

            @Override
            public String describe() {
                return "opaque " + driver.describe();
            }
        };
    }

    @Nested
    class Writing {

        @Test
        void writesWithCopyAndWithPlainInsertsAlikeEachRecordOnce() throws Exception {
            PostgresStore copying = open();
            PostgresStore inserting = PostgresStore.open(opaque(db.url()), spoolDir.resolve("opaque"), 10_000,
                    RETENTION, CLOCK);
            opened.add(inserting);
            String hostile = "/tab\there\nand \\ back\u0000slash é 😀";
            List<LogRecord> batch = visits(700, "s1");
            batch.add(visit(NOW, "s2", "192.0.2.11", hostile));
            List<LogRecord> more = visits(10, "s3");
            more.add(visit(NOW, "s2", "192.0.2.11", hostile));

            copying.write(batch);
            // Written by the COPY itself: had its text been malformed, the batch would wait in the spool, and the
            // inserting store's copy of it would hide that in the counts below.
            assertThat(copying.stats().databaseFailures()).isZero();
            assertThat(copying.stats().spooled()).isZero();
            assertThat(db.count("SELECT count(*) FROM erpex_visits")).isEqualTo(701);
            // The same batch again (as a replay would), and one of its own, without COPY.
            inserting.write(batch);
            inserting.write(more);

            assertThat(db.count("SELECT count(*) FROM erpex_visits")).isEqualTo(712);
            assertThat(db.count("SELECT count(DISTINCT id) FROM erpex_visits")).isEqualTo(712);
            assertThat(db.count("SELECT count(*) FROM erpex_visits WHERE record->>'id' = id::text"))
                    .as("each row holds its own record's JSON, however the batch's rows share one buffer").isEqualTo(712);
            assertThat(db.count("SELECT count(*) FROM erpex_visits WHERE record->>'path' ="
                    + " E'/tab\\there\\nand \\\\ back\\uFFFDslash é 😀'")).isEqualTo(2);
        }

        @Test
        void writesEachRecordOnceEvenWhenTheSameBatchIsWrittenAgain() throws Exception {
            PostgresStore store = open();
            List<LogRecord> batch = visits(1200, "s1");
            batch.add(consent(NOW, "s1", "c1"));

            store.write(batch);
            store.write(batch);

            assertThat(db.count("SELECT count(*) FROM erpex_visits")).isEqualTo(1200);
            assertThat(db.count("SELECT count(DISTINCT id) FROM erpex_visits")).isEqualTo(1200);
            assertThat(db.count("SELECT count(*) FROM erpex_consents")).isEqualTo(1);
        }

        @Test
        void copiesAFirstWriteStraightInAndStillWritesEachRecordOnceWhenItComesAgain() throws Exception {
            // A batch of one stream goes straight into its table the first time. Written again (the recorder retries
            // a batch whose commit landed but whose answer was lost), the copy meets the primary key and the batch
            // goes through the load table, skipping what is there: no duplicate, no failure, nothing spooled.
            PostgresStore store = open();
            List<LogRecord> batch = visits(900, "s1");
            String loadTables = "SELECT count(*) FROM pg_class WHERE relname = 'erpex_load' AND relpersistence = 't'";
            long before = db.count(loadTables);
            store.write(batch.subList(0, 300));
            assertThat(db.count(loadTables)).as("the first write needs no load table").isEqualTo(before);

            store.write(batch);

            assertThat(db.count(loadTables)).as("the second went through one").isEqualTo(before + 1);
            assertThat(db.count("SELECT count(*) FROM erpex_visits")).isEqualTo(900);
            assertThat(db.count("SELECT count(DISTINCT id) FROM erpex_visits")).isEqualTo(900);
            assertThat(store.stats().databaseFailures()).isZero();
            assertThat(store.stats().spooled()).isZero();
        }

        @Test
        void recognisesARecordReplayedFromTheSpoolAsTheOneAlreadyWritten() throws Exception {
            // A batch whose commit reached the database but whose answer did not is spooled and replayed. The spool
            // keeps the record's time as its JSON does, to the millisecond; the first write had the clock's micros.
            PostgresStore store = open();
            VisitRecord record = visit(NOW.plusNanos(123_456_000), "s1", "192.0.2.10", "/once");
            store.write(List.of(record));
            StoredRecord replayed = new StoredRecord(record.stream(), record.id(),
                    Instant.parse(JsonLines.formatInstant(record.time())), record.session(), record.ip(),
                    record.consentId(), JsonLines.toJson(record));

            store.write(List.of(replayed));

            assertThat(db.count("SELECT count(*) FROM erpex_visits")).isEqualTo(1);
        }

        @Test
        void keepsTheRecordsJsonAndKeyColumns() throws Exception {
            PostgresStore store = open();
            VisitRecord v = visit(NOW, "s1", "192.0.2.10", "/pricing");
            store.write(List.of(v));

            try (Connection c = db.connect(); Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT id::text, session, ip, consent_id, record->>'path' FROM erpex_visits")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(v.id());
                assertThat(rs.getString(2)).isEqualTo("s1");
                assertThat(rs.getString(3)).isEqualTo("192.0.2.10");
                assertThat(rs.getString(4)).isEmpty();
                assertThat(rs.getString(5)).isEqualTo("/pricing");
            }
        }

        @Test
        void putsEachRecordInThePartitionOfItsUtcDay() throws Exception {
            PostgresStore store = open();
            store.write(List.of(visit(Instant.parse("2026-11-24T23:59:59.999Z"), "s", "192.0.2.1", "/late"),
                    visit(Instant.parse("2026-11-25T00:00:00Z"), "s", "192.0.2.1", "/early")));

            assertThat(db.count("SELECT count(*) FROM erpex_visits_p20261124")).isEqualTo(1);
            assertThat(db.count("SELECT count(*) FROM erpex_visits_p20261125")).isEqualTo(1);
        }

        @Test
        void createsTheSchemaOnceWhenSeveralNodesStartTogether() throws Exception {
            ExecutorService nodes = Executors.newFixedThreadPool(4);
            try {
                List<Future<PostgresStore>> starts = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    Path spool = Files.createDirectories(spoolDir.resolve("node" + i));
                    starts.add(nodes.submit(() -> open(db.url(), spool, 10_000)));
                }
                for (Future<PostgresStore> start : starts) {
                    start.get().write(visits(10, "s"));
                }
            } finally {
                nodes.shutdown();
            }
            // One row per version: every migration step ran once, whichever node got there first.
            assertThat(db.count("SELECT count(*) FROM erpex_schema_version")).isEqualTo(PgSchema.VERSION);
            assertThat(db.count("SELECT count(*) FROM erpex_visits")).isEqualTo(40);
        }
    }

    @Nested
    class Spooling {

        @Test
        void spoolsWhileTheDatabaseIsUnreachableAndReplaysInOrderWhenItAnswers() throws Exception {
            try (TcpProxy proxy = new TcpProxy(TestDatabase.HOST, TestDatabase.PORT)) {
                PostgresStore store = open(db.url(TestDatabase.HOST, proxy.port()), spoolDir, 10_000);
                store.write(visits(5, "before"));
                proxy.cut();

                store.write(visits(300, "during"));
                assertThat(store.stats().spooled()).isEqualTo(300);
                proxy.restore();
                waitUntilReplayed(store);

                assertThat(db.count("SELECT count(*) FROM erpex_visits")).isEqualTo(305);
                assertThat(store.stats().peakSpooled()).isEqualTo(300);
                assertThat(spoolFiles()).isEmpty();
            }
        }

        @Test
        void replaysAtStartWhatAnEarlierRunLeftInTheSpool() throws Exception {
            PostgresStore down = open("jdbc:postgresql://127.0.0.1:1/test?user=postgres&connectTimeout=1",
                    spoolDir, 10_000);
            down.write(visits(250, "s"));
            down.close();
            opened.remove(down);
            assertThat(spoolFiles()).isNotEmpty();

            PostgresStore restarted = open();
            waitUntilReplayed(restarted);

            assertThat(db.count("SELECT count(*) FROM erpex_visits")).isEqualTo(250);
            assertThat(spoolFiles()).isEmpty();
        }

        @Test
        void refusesABatchBeyondTheBoundAndKeepsWhatItHas() throws Exception {
            PostgresStore down = open("jdbc:postgresql://127.0.0.1:1/test?user=postgres&connectTimeout=1",
                    spoolDir, 1_000);
            down.write(visits(900, "s"));

            assertThatThrownBy(() -> down.write(visits(200, "s"))).isInstanceOf(Spool.FullException.class)
                    .hasMessageContaining("takes at most 1000");
            assertThat(down.stats().spooled()).isEqualTo(900);
            assertThat(down.stats().nearFullWarnings()).isEqualTo(1);
        }

        void waitUntilReplayed(PostgresStore store) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (store.stats().spooled() > 0) {
                assertThat(System.nanoTime()).as("spool replayed within 30 s").isLessThan(deadline);
                store.idle(NOW);
                Thread.sleep(10); // a reconnection runs on a thread of its own
            }
        }

        List<Path> spoolFiles() throws Exception {
            try (var files = Files.list(spoolDir)) {
                return files.filter(f -> f.getFileName().toString().startsWith("spool-")).toList();
            }
        }
    }

    @Nested
    class Retention {

        @Test
        void dropsThePartitionsOlderThanTheRetentionAndNothingNewer() throws Exception {
            PostgresStore store = open();
            Instant cutoff = NOW.minus(Duration.ofDays(90));
            store.write(List.of(
                    visit(cutoff.minus(Duration.ofDays(2)), "s", "192.0.2.1", "/expired"),
                    visit(cutoff.minus(Duration.ofHours(13)), "s", "192.0.2.1", "/day-ends-before-cutoff"),
                    visit(cutoff.plus(Duration.ofHours(1)), "s", "192.0.2.1", "/cutoff-day-kept"),
                    visit(NOW, "s", "192.0.2.1", "/today"),
                    consent(cutoff.minus(Duration.ofDays(2)), "s", "c")));

            store.maintain(NOW);

            assertThat(db.count("SELECT count(*) FROM erpex_visits")).isEqualTo(2);
            assertThat(db.count("SELECT count(*) FROM erpex_consents")).isEqualTo(1);
            assertThat(PgSchema.partitions(db.connect(), "erpex_visits").keySet())
                    .containsExactly("erpex_visits_p20260827", "erpex_visits_p20261125", "erpex_visits_p20261126");
        }

        @Test
        void runsOnOneNodePerDay() throws Exception {
            PostgresStore first = open();
            first.write(List.of(visit(NOW.minus(Duration.ofDays(100)), "s", "192.0.2.1", "/old")));
            Path otherSpool = Files.createDirectories(spoolDir.resolve("other"));
            PostgresStore other = open(db.url(), otherSpool, 10_000);

            other.maintain(NOW);
            first.write(List.of(visit(NOW.minus(Duration.ofDays(100)), "s", "192.0.2.1", "/old-again")));
            first.maintain(NOW.plus(Duration.ofHours(1)));

            assertThat(db.count("SELECT count(*) FROM erpex_visits")).as("the day's run was done").isEqualTo(1);
            first.maintain(NOW.plus(Duration.ofDays(1)));
            assertThat(db.count("SELECT count(*) FROM erpex_visits")).isZero();
        }

        @Test
        void leavesTheRunToTheNodeHoldingTheLock() throws Exception {
            PostgresStore store = open();
            store.write(List.of(visit(NOW.minus(Duration.ofDays(100)), "s", "192.0.2.1", "/old")));
            try (Connection other = db.connect(); Statement s = other.createStatement()) {
                s.execute("SELECT pg_advisory_lock(hashtext(current_schema() || '/erpex/retention'))");
                store.maintain(NOW);
                assertThat(db.count("SELECT count(*) FROM erpex_visits")).isEqualTo(1);
            }
        }
    }

    @Nested
    class DataSubject {

        @Test
        void findsAndErasesTheSubjectsRecordsInTheTablesAndInTheSpoolAndNobodyElses() throws Exception {
            try (TcpProxy proxy = new TcpProxy(TestDatabase.HOST, TestDatabase.PORT)) {
                PostgresStore store = open(db.url(TestDatabase.HOST, proxy.port()), spoolDir, 10_000);
                store.write(List.of(visit(NOW, "alice", "192.0.2.10", "/a/stored"), consent(NOW, "x", "alice-consent"),
                        visit(NOW, "bob", "198.51.100.20", "/b/stored")));
                proxy.cut();
                store.write(List.of(visit(NOW.plusSeconds(1), "alice", "192.0.2.10", "/a/spooled"),
                        visit(NOW.plusSeconds(1), "bob", "198.51.100.20", "/b/spooled")));
                proxy.restore();
                SubjectQuery alice = SubjectQuery.of(Set.of("alice"), Set.of("alice-consent"));

                List<FoundRecord> found = store.find(alice);
                assertThat(found).extracting(FoundRecord::stream)
                        .containsExactlyInAnyOrder("visits", "consents", "visits");
                assertThat(found.get(2).json()).contains("/a/spooled");

                assertThat(store.erase(alice)).isEqualTo(Map.of("visits", 2, "consents", 1));
                assertThat(store.find(alice)).isEmpty();
                assertThat(store.find(SubjectQuery.of(Set.of("bob"), Set.of()))).hasSize(2);
            }
        }

        @Test
        void findsAnAddressWithinDatesOnly() throws Exception {
            PostgresStore store = open();
            store.write(List.of(visit(NOW, "s1", "192.0.2.10", "/in"),
                    visit(NOW.minus(Duration.ofDays(3)), "s2", "192.0.2.10", "/before"),
                    visit(NOW, "s3", "192.0.2.11", "/other-address")));

            List<FoundRecord> found = store.find(SubjectQuery.byAddress("192.0.2.10",
                    NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1))));

            assertThat(found).singleElement().satisfies(r -> assertThat(r.json()).contains("/in"));
        }

        @Test
        void answersAnEmptyQueryWithNothing() throws Exception {
            PostgresStore store = open();
            store.write(List.of(visit(NOW, "", "192.0.2.10", "/no-session")));

            assertThat(store.find(SubjectQuery.of(Set.of(""), Set.of()))).isEmpty();
            assertThat(store.erase(SubjectQuery.of(Set.of(" "), Set.of()))).isEmpty();
        }
    }
}
