package net.erpex.privacy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Two packaged demo instances on two ports, as two web nodes of one site: the same security.keys and the same
 * PostgreSQL schema. A visitor's session cookie from one is accepted by the other, and both write to the same tables.
 */
class TwoNodesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEYS = "dHdvLW5vZGVzLWRlbW8ta2V5LWZvci1lcnBleC1wcml2YWN5LTA=";
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    @Test
    void shareCookiesAndTables() throws Exception {
        requirePostgresql();
        String schema = "erpex_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + schema);
        String url = SERVER + "&currentSchema=" + schema;
        try (DemoProcess a = new DemoProcess("-Dprivacy.visits.store=" + url, "-Dprivacy.security.keys=" + KEYS);
             DemoProcess b = new DemoProcess("-Dprivacy.visits.store=" + url, "-Dprivacy.security.keys=" + KEYS)) {
            // Pages a browser navigates to (Sec-Fetch-Dest: document): they start a session and are recorded.
            HttpResponse<String> first = a.get("/node-a", "X-Forwarded-For", "192.0.2.10", "Sec-Fetch-Dest",
                    "document");
            String cookie = first.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("sid="))
                    .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();

            HttpResponse<String> onB = b.get("/node-b", "X-Forwarded-For", "192.0.2.10", "Cookie", cookie,
                    "Sec-Fetch-Dest", "document");
            assertThat(onB.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("sid="));

            JsonNode fromA = myData(a, cookie);
            JsonNode fromB = awaitPaths(b, cookie, 2);
            assertThat(fromB.get("session").asText()).isEqualTo(fromA.get("session").asText());
            assertThat(paths(fromB)).contains("/node-a", "/node-b");
            assertThat(count("SELECT count(DISTINCT record->>'path') FROM " + schema + ".erpex_visits WHERE session = '"
                    + fromA.get("session").asText() + "' AND record->>'path' IN ('/node-a', '/node-b')")).isEqualTo(2);
        } finally {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static JsonNode myData(DemoProcess node, String cookie) throws Exception {
        HttpResponse<String> r = node.get("/privacy/my-data", "X-Forwarded-For", "192.0.2.10", "Cookie", cookie);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The other node's record reaches the table within its recorder's flush interval; polling, not timing. */
    private static JsonNode awaitPaths(DemoProcess node, String cookie, int atLeast) throws Exception {
        JsonNode data = myData(node, cookie);
        for (int i = 0; i < 100 && paths(data).size() < atLeast; i++) {
            Thread.sleep(100);
            data = myData(node, cookie);
        }
        return data;
    }

    private static List<String> paths(JsonNode data) {
        List<String> paths = new ArrayList<>();
        data.get("visits").forEach(v -> paths.add(v.get("path").asText()));
        return paths;
    }

    private static void execute(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The project's convention (filter's RequiredService, copied small): skipped without PostgreSQL, failed where
     * ERPEX_REQUIRE_SERVICES names it.
     */
    private static void requirePostgresql() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 5432), 1_000);
            return;
        } catch (IOException absent) {
            String message = "skipped: no PostgreSQL at 127.0.0.1:5432";
            String required = System.getenv("ERPEX_REQUIRE_SERVICES");
            if (required != null && List.of(required.split(",")).stream().anyMatch(x -> x.trim().equals("postgresql"))) {
                throw new AssertionError(message + " (required here: ERPEX_REQUIRE_SERVICES=" + required + ")");
            }
            Assumptions.abort(message);
        }
    }
}
