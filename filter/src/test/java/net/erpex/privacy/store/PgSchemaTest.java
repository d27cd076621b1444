package net.erpex.privacy.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.erpex.privacy.testing.RequiresPostgresql;
import net.erpex.privacy.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The schema's versions and the indexes the data-subject queries need, against the real server. */
@RequiresPostgresql
class PgSchemaTest {

    static final LocalDate DAY = LocalDate.of(2026, 11, 25);
    static final Instant FROM = Instant.parse("2026-11-25T00:00:00Z");
    static final Instant TO = Instant.parse("2026-11-26T00:00:00Z");

    TestDatabase db;

    @BeforeEach
    void createSchema() throws Exception {
        db = new TestDatabase();
    }

    @AfterEach
    void dropSchema() throws Exception {
        db.close();
    }

    @Nested
    class VersionThree {

        @Test
        void migratesAVersionTwoDatabaseToTheCheaperIndexesKeepingItsRecords() throws Exception {
            try (Connection c = db.connect()) {
                PgSchema.migrate(c, 2);
                PgSchema.ensurePartition(c, "visits", DAY);
                PgSchema.ensurePartition(c, "consents", DAY);
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO erpex_visits (id, ts, session, ip, record) VALUES (gen_random_uuid(),"
                            + " '2026-11-25 10:00:00+00', 'session-a', '192.0.2.10', '{\"path\":\"/a\"}')");
                    s.execute("INSERT INTO erpex_consents (id, ts, session, consent_id, record) VALUES"
                            + " (gen_random_uuid(), '2026-11-25 10:00:01+00', 'session-b', 'consent-b', '{}')");
                }
                assertThat(indexes("erpex_visits")).contains("erpex_visits_session", "erpex_visits_ip_ts");

                PgSchema.migrate(c, 3);

                assertThat(db.count("SELECT max(version) FROM erpex_schema_version")).isEqualTo(3);
                for (String t : List.of("erpex_visits", "erpex_consents")) {
                    assertThat(indexes(t)).containsExactlyInAnyOrder(t + "_pkey", t + "_session_hash",
                            t + "_consent_id_set", t + "_ip_hash");
                }
                assertThat(found(c, SubjectQuery.of(Set.of("session-a"), Set.of()))).containsExactly("visits");
                assertThat(found(c, SubjectQuery.of(Set.of(), Set.of("consent-b")))).containsExactly("consents");
                assertThat(found(c, new SubjectQuery(Set.of(), Set.of(), "192.0.2.10", FROM, TO)))
                        .containsExactly("visits");
            }
        }

        @Test
        void givesAStreamCreatedLaterTheSameIndexes() throws Exception {
            try (Connection c = db.connect()) {
                PgSchema.migrate(c);
                PgSchema.ensureStream(c, "audit-trail");
                assertThat(indexes("erpex_audit_trail")).containsExactlyInAnyOrder("erpex_audit_trail_pkey",
                        "erpex_audit_trail_session_hash", "erpex_audit_trail_consent_id_set",
                        "erpex_audit_trail_ip_hash");
            }
        }

        @Test
        void letsEveryArmOfTheDataSubjectQueryUseAnIndex() throws Exception {
            try (Connection c = db.connect()) {
                PgSchema.migrate(c);
                PgSchema.ensurePartition(c, "visits", DAY);
                SubjectQuery query = new SubjectQuery(Set.of("session-a"), Set.of("consent-a"), "192.0.2.10", FROM,
                        TO);
                String plan;
                try (Statement s = c.createStatement()) {
                    // The table is empty: without this the planner would rightly read it whole.
                    s.execute("SET enable_seqscan = off");
                }
                try (PreparedStatement ps = c.prepareStatement("EXPLAIN SELECT id FROM erpex_visits WHERE "
                        + PgRecords.where(query))) {
                    PgRecords.bind(c, ps, query);
                    StringBuilder text = new StringBuilder();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            text.append(rs.getString(1)).append('\n');
                        }
                    }
                    plan = text.toString();
                }
                assertThat(plan).contains("BitmapOr").doesNotContain("Seq Scan");
                assertThat(plan.split("Bitmap Index Scan", -1)).hasSize(4);
            }
        }
    }

    @Nested
    class VersionFour {

        @Test
        void storesRecordsAsTheJsonTextTheyWereWrittenAs() throws Exception {
            try (Connection c = db.connect()) {
                PgSchema.migrate(c);
                PgSchema.ensureStream(c, "audit-trail");
                for (String t : List.of("erpex_visits", "erpex_consents", "erpex_audit_trail")) {
                    assertThat(PgSchema.recordType(c, t)).as(t).isEqualTo("json");
                }
                PgSchema.ensurePartition(c, "visits", DAY);
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO erpex_visits (id, ts, record) VALUES (gen_random_uuid(),"
                            + " '2026-11-25 10:00:00+00', '{\"path\":\"/a\",  \"status\":200}')");
                    // Still JSON: the column refuses what is not.
                    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> s.execute("INSERT INTO"
                            + " erpex_visits (id, ts, record) VALUES (gen_random_uuid(), '2026-11-25 10:00:00+00',"
                            + " '{\"path\":')"))).isInstanceOf(java.sql.SQLException.class);
                }
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT record::text, record->>'path' FROM erpex_visits")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("{\"path\":\"/a\",  \"status\":200}");
                    assertThat(rs.getString(2)).isEqualTo("/a");
                }
            }
        }

        @Test
        void convertsTheRecordsOfAVersionThreeDatabaseAndLetsAnOlderNodeGoOnWriting() throws Exception {
            try (Connection c = db.connect()) {
                PgSchema.migrate(c, 3);
                PgSchema.ensurePartition(c, "visits", DAY);
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO erpex_visits (id, ts, session, record) VALUES (gen_random_uuid(),"
                            + " '2026-11-25 10:00:00+00', 'session-a', '{\"path\":\"/before\"}')");
                }
                assertThat(PgSchema.recordType(c, "erpex_visits")).isEqualTo("jsonb");

                PgSchema.migrate(c);

                assertThat(db.count("SELECT max(version) FROM erpex_schema_version")).isEqualTo(4);
                assertThat(PgSchema.recordType(c, "erpex_visits")).isEqualTo("json");
                assertThat(PgSchema.recordType(c, "erpex_consents")).isEqualTo("json");
                try (Statement s = c.createStatement()) {
                    // What a node of version 3 sends: its record cast to jsonb.
                    s.execute("INSERT INTO erpex_visits (id, ts, session, record) VALUES (gen_random_uuid(),"
                            + " '2026-11-25 11:00:00+00', 'session-a', '{\"path\":\"/after\"}'::jsonb)");
                }
                List<String> paths = new ArrayList<>();
                for (FoundRecord r : PgRecords.find(c, SubjectQuery.of(Set.of("session-a"), Set.of()))) {
                    paths.add(r.json());
                }
                assertThat(paths).containsExactly("{\"path\": \"/before\"}", "{\"path\": \"/after\"}");
                assertThat(indexes("erpex_visits")).containsExactlyInAnyOrder("erpex_visits_pkey",
                        "erpex_visits_session_hash", "erpex_visits_consent_id_set", "erpex_visits_ip_hash");

                PgSchema.migrate(c); // again: nothing left to do, nothing rewritten
                assertThat(db.count("SELECT count(*) FROM erpex_visits")).isEqualTo(2);
            }
        }
    }

    List<String> indexes(String table) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("SELECT indexname FROM pg_indexes"
                + " WHERE schemaname = current_schema() AND tablename = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    static List<String> found(Connection c, SubjectQuery query) throws Exception {
        List<String> streams = new ArrayList<>();
        for (FoundRecord r : PgRecords.find(c, query)) {
            streams.add(r.stream());
        }
        return streams;
    }
}
