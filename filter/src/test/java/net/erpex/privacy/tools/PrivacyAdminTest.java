package net.erpex.privacy.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import net.erpex.privacy.security.SigningKeys;
import net.erpex.privacy.store.ConnectionSource;
import net.erpex.privacy.store.PostgresStore;
import net.erpex.privacy.testing.RequiresPostgresql;
import net.erpex.privacy.testing.TestDatabase;
import net.erpex.privacy.visit.IpAnonymizer;
import net.erpex.privacy.visit.IpStorage;
import net.erpex.privacy.visit.JsonLinesSink;
import net.erpex.privacy.visit.LogRecord;
import net.erpex.privacy.visit.VisitEvent;
import net.erpex.privacy.visit.VisitRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's command line, as an operator runs it: arguments in, JSON on stdout, a summary on stderr. */
class PrivacyAdminTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant DAY = Instant.parse("2026-11-25T12:00:00Z");
    static final String KEYS = "dGVzdC1rZXktZm9yLWVycGV4LXByaXZhY3ktZmlsdGVyLTA=";

    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return PrivacyAdmin.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("KEYS", KEYS, "PW", "")::get);
    }

    JsonNode output() throws Exception {
        return JSON.readTree(out.toString(StandardCharsets.UTF_8));
    }

    static VisitRecord visit(Instant ts, String session, String ip, String path) {
        return new VisitRecord(VisitEvent.newId(), ts, ip, "", "", "", "en", "GET", path, 200, "", "", "", "", "", "",
                "none", session, "");
    }

    static String hashed(String ip) {
        return new IpAnonymizer(IpStorage.HASHED, SigningKeys.parse(KEYS).derive("visits.ip"))
                .apply(net.erpex.privacy.client.IpLiterals.parse(ip).orElseThrow(), ip);
    }

    List<LogRecord> records() {
        return List.of(visit(DAY, "alice", hashed("192.0.2.10"), "/a/1"),
                visit(DAY.minus(Duration.ofDays(5)), "alice", hashed("192.0.2.10"), "/a/old"),
                visit(DAY, "bob", hashed("198.51.100.20"), "/b/1"));
    }

    @Nested
    class JsonLines {

        void write() throws Exception {
            try (JsonLinesSink sink = new JsonLinesSink(dir, Map.of(), Clock.fixed(DAY, ZoneOffset.UTC))) {
                sink.write(records());
            }
        }

        @Test
        void exportsASessionsRecordsAsJsonWithASummary() throws Exception {
            write();

            assertThat(run("export", "--store", "jsonl:" + dir, "--session", "alice")).isZero();

            assertThat(output().get("visits")).extracting(v -> v.get("path").asText())
                    .containsExactly("/a/old", "/a/1");
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("exported 2 records {visits=2}");
        }

        @Test
        void erasesAHashedAddressWithinTheDatesOnly() throws Exception {
            write();

            assertThat(run("erase", "--store", "jsonl:" + dir, "--ip", "192.0.2.10", "--from", "2026-11-25", "--to",
                    "2026-11-25", "--ip-storage", "hashed", "--keys-env", "KEYS")).isZero();

            assertThat(output().get("total").asInt()).isEqualTo(1);
            out.reset();
            run("export", "--store", "jsonl:" + dir, "--session", "alice");
            assertThat(output().get("visits")).extracting(v -> v.get("path").asText()).containsExactly("/a/old");
        }

        @Test
        void answersZeroWhenNothingMatches() throws Exception {
            write();

            assertThat(run("erase", "--store", "jsonl:" + dir, "--consent-id", "nobody")).isZero();

            assertThat(output().get("total").asInt()).isZero();
        }
    }

    @Nested
    class Usage {

        @Test
        void rejectsAMissingCriterionWithStatus2() {
            assertThat(run("export", "--store", "jsonl:/tmp")).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("give exactly one of", "usage:");
        }

        @Test
        void rejectsAnAddressThatIsNoAddress() {
            assertThat(run("export", "--store", "jsonl:/tmp", "--ip", "example.org", "--from", "2026-01-01", "--to",
                    "2026-01-02")).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not an IPv4 or IPv6 address");
        }

        @Test
        void failsWithStatus1WhenTheStoreCannotBeRead() {
            assertThat(run("export", "--store", "jsonl:" + dir.resolve("missing"), "--session", "x")).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("export failed");
        }
    }

    @Nested
    @RequiresPostgresql
    class Postgresql {

        @Test
        void exportsAnAddressAndErasesASessionInTheDatabase() throws Exception {
            try (TestDatabase db = new TestDatabase()) {
                try (PostgresStore store = PostgresStore.open(ConnectionSource.driver(db.url(), "", ""),
                        Files.createDirectories(dir.resolve("spool")), 1_000, Map.of(), Clock.systemUTC())) {
                    store.write(records());
                }

                assertThat(run("export", "--store", db.url(), "--ip", "192.0.2.10", "--from", "2026-11-01", "--to",
                        "2026-11-30", "--ip-storage", "hashed", "--keys-env", "KEYS", "--password-env", "PW")).isZero();
                assertThat(output().get("visits")).hasSize(2);

                out.reset();
                assertThat(run("erase", "--store", db.url(), "--session", "bob")).isZero();
                assertThat(output().get("erased").get("visits").asInt()).isEqualTo(1);
                assertThat(db.count("SELECT count(*) FROM erpex_visits")).isEqualTo(2);
            }
        }
    }
}
