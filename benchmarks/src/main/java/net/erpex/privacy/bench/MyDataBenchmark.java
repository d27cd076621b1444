package net.erpex.privacy.bench;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.erpex.privacy.PrivacyFilter;
import net.erpex.privacy.VisitorContext;
import net.erpex.privacy.store.JsonLinesStore;
import net.erpex.privacy.visit.ConsentRecord;
import net.erpex.privacy.visit.LogRecord;
import net.erpex.privacy.visit.VisitEvent;
import net.erpex.privacy.visit.VisitRecord;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * {@code GET /privacy/my-data} through a real Jetty and the filter, against a JSON-lines store holding {@code --days}
 * days of {@code --per-day} visits each (plus one consent record per twenty visits), as a busy site keeps them for its
 * retention: the answer time a visitor sees, from the request to the last byte.
 *
 * <p>The visitors measured are real: each gets its session from the filter (first page), then the store is filled
 * with the other visitors' traffic and with one visit of each measured session on every day, and the filter is
 * started again on it, with its indexes as a restart finds them. Each visitor asks for their data once; the program
 * prints the answer times and the records returned.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar net.erpex.privacy.bench.MyDataBenchmark
 *     [--days 90] [--per-day 100000] [--visitors 20] [--dir DIR (kept; reused when it holds the same data)]
 * </pre>
 */
public final class MyDataBenchmark {

    private static final String KEY = "YmVuY2gta2V5LWZvci1lcnBleC1wcml2YWN5LWZpbHRlci0wMQ==";

    private MyDataBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int days = 90;
        int perDay = 100_000;
        int visitors = 20;
        Path dir = null;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--days" -> days = Integer.parseInt(args[i + 1]);
                case "--per-day" -> perDay = Integer.parseInt(args[i + 1]);
                case "--visitors" -> visitors = Integer.parseInt(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        boolean keep = dir != null;
        Path visitsDir = dir != null ? dir : Files.createTempDirectory("erpex-mydata-bench");
        Files.createDirectories(visitsDir);
        try {
            run(visitsDir, days, perDay, visitors);
        } finally {
            if (!keep) {
                try (Stream<Path> all = Files.walk(visitsDir)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    private static void run(Path dir, int days, int perDay, int visitors) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        List<String[]> sessions = new ArrayList<>();
        try (Site site = new Site(dir)) {
            for (int v = 0; v < visitors + 1; v++) {
                HttpResponse<String> first = client.send(HttpRequest.newBuilder(site.uri("/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                String cookies = String.join("; ", first.headers().allValues("Set-Cookie").stream()
                        .map(c -> c.substring(0, c.indexOf(';'))).toList());
                sessions.add(new String[] {cookies, first.body().trim()});
            }
        }
        long start = System.nanoTime();
        boolean reused = Files.exists(dir.resolve("bench-" + days + "x" + perDay + ".done"));
        long written = fill(dir, days, perDay, sessions);
        System.out.printf("store: %d days x %d visits (+%d consent records a day) = %d records, %.0f MB, %s%n", days,
                perDay, perDay / 20, written, size(dir) / 1e6, reused ? "reused from an earlier run"
                        : String.format("written and indexed in %.1f s", (System.nanoTime() - start) / 1e9));

        long[] millis = new long[visitors];
        int returned = 0;
        try (Site site = new Site(dir)) {
            // One visitor warms the JIT and the page cache's directory entries; the others are measured.
            myData(client, site, sessions.get(visitors)[0]);
            for (int v = 0; v < visitors; v++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = myData(client, site, sessions.get(v)[0]);
                millis[v] = (System.nanoTime() - t0) / 1_000_000;
                returned = count(r.body(), "\"path\":");
                if (r.statusCode() != 200 || !r.body().contains(sessions.get(v)[1])) {
                    throw new IllegalStateException("my-data failed: " + r.statusCode() + " " + r.body());
                }
            }
        }
        Arrays.sort(millis);
        System.out.printf("my-data of %d visitors, one request each: min %d ms, median %d ms, max %d ms; %d visits"
                        + " in each answer; load average %s%n", visitors, millis[0], millis[visitors / 2],
                millis[visitors - 1], returned, Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static HttpResponse<String> myData(HttpClient client, Site site, String cookies) throws Exception {
        return client.send(HttpRequest.newBuilder(site.uri("/privacy/my-data")).header("Cookie", cookies).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The other visitors' visits and consents of every day, and one visit a day of each measured session, written
     * through the store the filter uses (and closed, so its indexes are sealed as after a day's writing).
     */
    private static long fill(Path dir, int days, int perDay, List<String[]> sessions) throws IOException {
        Path done = dir.resolve("bench-" + days + "x" + perDay + ".done");
        if (Files.exists(done)) {
            List<String> previous = Files.readAllLines(done);
            if (previous.size() == sessions.size() + 1) {
                for (int i = 0; i < sessions.size(); i++) {
                    sessions.set(i, previous.get(i + 1).split("\t", 2));
                }
                return Long.parseLong(previous.get(0));
            }
        }
        Random random = new Random(42);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long written = 0;
        try (JsonLinesStore store = new JsonLinesStore(dir, Map.of(), Clock.systemUTC())) {
            for (int d = days - 1; d >= 0; d--) {
                Instant dayStart = today.minusDays(d).atStartOfDay(ZoneOffset.UTC).toInstant();
                List<LogRecord> batch = new ArrayList<>(5000);
                for (int i = 0; i < perDay; i++) {
                    Instant ts = dayStart.plusMillis(86_400_000L * i / perDay);
                    String session = "s" + d + "-" + random.nextInt(perDay / 8 + 1);
                    batch.add(visit(ts, session, i));
                    if (i % 20 == 0) {
                        batch.add(new ConsentRecord(VisitEvent.newId(), ts, "c" + random.nextInt(1 << 20), "1", "h",
                                "fr", "accept-all", "first", Map.of("necessary", true, "analytics", true), List.of(),
                                "opt-in", "FR", false, false, "form", "Chrome", "131", "Windows", "",
                                "203.0.113." + random.nextInt(250), session));
                    }
                    if (batch.size() >= 5000) {
                        store.write(batch);
                        written += batch.size();
                        batch.clear();
                    }
                }
                for (String[] s : sessions) {
                    batch.add(visit(dayStart.plusSeconds(43_200), s[1], -1));
                }
                store.write(batch);
                written += batch.size();
            }
            store.awaitIndexed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        List<String> lines = new ArrayList<>();
        lines.add(Long.toString(written));
        sessions.forEach(s -> lines.add(s[0] + "\t" + s[1]));
        Files.write(done, lines);
        return written;
    }

    private static VisitRecord visit(Instant ts, String session, int n) {
        return new VisitRecord(VisitEvent.newId(), ts, "203.0.113." + (Math.abs(session.hashCode()) % 250), "FR",
                "Île-de-France", "Paris", "fr", "GET", n < 0 ? "/mine" : "/produits/" + (n % 977), 200, "Chrome",
                "131", "Windows", "", "desktop", "https://www.google.fr/search", "search", session, "");
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** A real Jetty on a loopback port with the filter on the benchmark's directory. */
    private static final class Site implements AutoCloseable {
        private final Server server = new Server();

        Site(Path dir) throws Exception {
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/");
            FilterHolder filter = new FilterHolder(PrivacyFilter.class);
            Map<String, String> params = new LinkedHashMap<>();
            params.put("visits.dir", dir.toString());
            params.put("visits.retention", "3650d");
            params.put("security.keys", KEY);
            params.put("endpoints.data-rate", "10000/1m");
            // A reused --dir keeps its visitors' cookies for a working day.
            params.put("session.idle-timeout", "8h");
            filter.setInitParameters(params);
            context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(new SessionServlet()), "/*");
            server.setHandler(context);
            server.start();
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort()
                    + path);
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }

    /** Answers the session hash the filter gave the visitor: the key their records are stored under. */
    static final class SessionServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain;charset=utf-8");
            resp.getWriter().write(VisitorContext.of(req).sessionHash() + "\n");
        }
    }
}
