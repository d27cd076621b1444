package net.erpex.privacy.bench;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.erpex.privacy.PrivacyFilter;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * What the filter costs a real server, measured the way a reader can repeat it: one Jetty 12 with a trivial servlet
 * on two connectors, one bare and one behind {@link PrivacyFilter} configured as the demo's {@code web.xml} configures
 * it (six languages, the demo GeoIP database, enforced CSP, opt-out for the US, form protection on {@code /contact},
 * JSON-lines visits), loaded by {@code wrk} (Debian's package {@code wrk}) with what Chrome sends, bare and filtered
 * alternated round by round, and the ratio of their throughputs printed, for three visitors:
 *
 * <ul>
 *   <li>{@code returning}: a page view with the session, accept-all consent and {@code _ga} cookies;</li>
 *   <li>{@code first}: a page view without cookies (the filter starts a session);</li>
 *   <li>{@code static}: the page's stylesheet, with the cookies.</li>
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar net.erpex.privacy.bench.WrkBenchmark
 *     [--seconds 10] [--rounds 3] [--warmup 30] [--connections 32] [--threads 1] [--record pages|all]
 *     [--scenarios returning,first,static] [--param name=value]... [--floor true]
 * </pre>
 *
 * The server, its recorder thread (which enriches and writes every page view) and {@code wrk} share the machine's
 * cores, so the ratio is what the filter costs a busy server of this size. CPU per request is the server process's
 * CPU time over the requests it answered in the round, recorder included. Each connector is warmed up for 30 s per
 * visitor before the rounds: in the first half minute the JIT's compiler threads take a large share of the two cores
 * (about 15 % in a profile), and a filtered round measured then would measure the compiler rather than the filter.
 * {@code --param} changes one of the filter's init-params from the demo's, to see what one setting costs.
 * {@code --floor true} adds a third connector behind {@link FloorFilter} to each round: the least any filter sending
 * the same headers costs. The returning visitor's cookies are fetched anew before each pair of runs: {@code wrk}
 * replays them unchanged, and a session cookie last seen 3 minutes ago is renewed (signed again) on every request
 * that presents it until the browser takes the new one, which {@code wrk} never does.
 */
public final class WrkBenchmark {

    private static final String CLIENT = "192.0.2.10";
    private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like"
            + " Gecko) Chrome/131.0.0.0 Safari/537.36";
    private static final String ACCEPT_LANGUAGE = "fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5";
    private static final String KEYS = "YmVuY2gta2V5LWZvci1lcnBleC1wcml2YWN5LWZpbHRlci0wMQ==";

    private WrkBenchmark() {
    }

    /** One kind of request, as wrk sends it. */
    private record Scenario(String name, String path, List<String> headers) {
    }

    /**
     * One wrk run. Bytes allocated per request are read per thread ({@code ThreadMXBean}): Jetty's request threads
     * (the filter's request path included) and the filter's recorder threads, which enrich and write the records.
     */
    private record Run(double requestsPerSecond, long requests, long errors, double cpuMicrosPerRequest,
            double requestBytesPerRequest, double recorderBytesPerRequest) {
    }

    public static void main(String[] args) throws Exception {
        int seconds = 10;
        int rounds = 3;
        int warmup = 30;
        int connections = 32;
        int threads = 1;
        String record = "pages";
        List<String> wanted = List.of("returning", "first", "static");
        boolean withFloor = false;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--connections" -> connections = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--record" -> record = args[i + 1];
                case "--scenarios" -> wanted = List.of(args[i + 1].split(","));
                case "--floor" -> withFloor = Boolean.parseBoolean(args[i + 1]);
                case "--param" -> {
                    String[] kv = args[i + 1].split("=", 2);
                    overrides.put(kv[0], kv.length > 1 ? kv[1] : "");
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (Math.max(seconds, warmup) >= 90) {
            // A pair of runs (bare, then filtered) uses one session cookie, which must stay younger than the 3 minutes
            // after which the filter renews it on every request that presents it.
            throw new IllegalArgumentException("--seconds and --warmup must be under 90, so that a pair of runs"
                    + " ends before the session cookie it replays is due for renewal (3 minutes)");
        }
        requireWrk();
        Path visits = Files.createTempDirectory("erpex-wrk-visits");
        Server server = new Server();
        ServerConnector bare = connector(server, "bare");
        ServerConnector filtered = connector(server, "filtered");
        ServerConnector floorConnector = withFloor ? connector(server, "floor") : null;
        FloorFilter floor = new FloorFilter();
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        contexts.addHandler(context("@bare", null));
        Map<String, String> params = demoParams(visits, record);
        params.putAll(overrides);
        contexts.addHandler(context("@filtered", params));
        if (withFloor) {
            ServletContextHandler floorContext = context("@floor", null);
            floorContext.addFilter(new FilterHolder(floor), "/*", EnumSet.of(DispatcherType.REQUEST));
            contexts.addHandler(floorContext);
        }
        server.setHandler(contexts);
        server.start();
        try {
            List<String> scenarios = new ArrayList<>();
            for (String name : wanted) {
                scenario(name.strip(), ""); // an unknown name fails here, before any load
                scenarios.add(name.strip());
            }
            int port = filtered.getLocalPort();
            System.out.printf(Locale.ROOT, "wrk -t%d -c%d, %d rounds of %d s per connector (after %d s of warm-up),"
                    + " visits.record=%s, %d cores, Java %s%n", threads, connections, rounds, seconds, warmup, record,
                    Runtime.getRuntime().availableProcessors(), Runtime.version());
            Map<String, double[]> ratios = new LinkedHashMap<>();
            Map<String, double[]> floors = new LinkedHashMap<>();
            for (String name : scenarios) {
                // Fresh cookies for each pair of runs: the filter renews a session cookie last seen a tenth of the
                // idle timeout ago (3 minutes by default), and wrk, unlike a browser, never takes the renewed one, so
                // a cookie older than that would measure a renewal, signature included, on every request.
                Scenario s = scenario(name, returningCookies(port));
                wrk(s, bare.getLocalPort(), warmup, threads, connections);
                wrk(s, filtered.getLocalPort(), warmup, threads, connections);
                if (withFloor) {
                    List<Map.Entry<String, String>> added = addedHeaders(s, bare.getLocalPort(), port);
                    System.out.printf(Locale.ROOT, "  %-9s floor sends what the filter added: %s (%,d bytes)%n",
                            s.name(), added.stream().map(Map.Entry::getKey).toList(), added.stream()
                                    .mapToInt(e -> e.getKey().length() + e.getValue().length() + 4).sum());
                    floor.headers(added);
                    wrk(s, floorConnector.getLocalPort(), warmup, threads, connections);
                }
                List<Run> bareRuns = new ArrayList<>();
                List<Run> filteredRuns = new ArrayList<>();
                List<Run> floorRuns = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    s = scenario(name, returningCookies(port));
                    bareRuns.add(wrk(s, bare.getLocalPort(), seconds, threads, connections));
                    filteredRuns.add(wrk(s, filtered.getLocalPort(), seconds, threads, connections));
                    if (withFloor) {
                        floor.headers(addedHeaders(s, bare.getLocalPort(), port));
                        floorRuns.add(wrk(s, floorConnector.getLocalPort(), seconds, threads, connections));
                    }
                    System.out.printf(Locale.ROOT, "  %-9s round %d: bare %,9.0f req/s (%5.1f µs CPU/req)   filtered"
                            + " %,9.0f req/s (%5.1f µs CPU/req)%s%n", s.name(), r + 1,
                            bareRuns.get(r).requestsPerSecond(), bareRuns.get(r).cpuMicrosPerRequest(),
                            filteredRuns.get(r).requestsPerSecond(), filteredRuns.get(r).cpuMicrosPerRequest(),
                            withFloor ? String.format(Locale.ROOT, "   floor %,9.0f req/s (%5.1f µs CPU/req)",
                                    floorRuns.get(r).requestsPerSecond(), floorRuns.get(r).cpuMicrosPerRequest())
                                    : "");
                }
                if (withFloor) {
                    floors.put(s.name(), new double[] {mean(floorRuns, Run::requestsPerSecond) / mean(bareRuns,
                        Run::requestsPerSecond), mean(floorRuns, Run::cpuMicrosPerRequest) - mean(bareRuns,
                        Run::cpuMicrosPerRequest)});
                }
                long errors = Stream.of(bareRuns, filteredRuns, floorRuns).flatMap(List::stream)
                        .mapToLong(Run::errors).sum();
                if (errors > 0) {
                    throw new IllegalStateException(s.name() + ": " + errors + " responses were errors or timeouts");
                }
                double bareRate = mean(bareRuns, Run::requestsPerSecond);
                double filteredRate = mean(filteredRuns, Run::requestsPerSecond);
                // Each round's own ratio too: a round pairs a bare and a filtered run 10 s apart, so a disturbance
                // of the machine that lasts longer than that moves both and leaves the ratio alone.
                double[] roundRatios = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    roundRatios[r] = filteredRuns.get(r).requestsPerSecond() / bareRuns.get(r).requestsPerSecond();
                }
                java.util.Arrays.sort(roundRatios);
                double median = rounds % 2 == 1 ? roundRatios[rounds / 2]
                        : (roundRatios[rounds / 2 - 1] + roundRatios[rounds / 2]) / 2;
                ratios.put(s.name(), new double[] {bareRate, filteredRate, mean(bareRuns, Run::cpuMicrosPerRequest),
                    mean(filteredRuns, Run::cpuMicrosPerRequest), mean(bareRuns, Run::requestBytesPerRequest),
                    mean(filteredRuns, Run::requestBytesPerRequest), mean(filteredRuns, Run::recorderBytesPerRequest),
                    median, roundRatios[0], roundRatios[rounds - 1]});
            }
            System.out.println();
            System.out.println("visitor     bare req/s  filtered req/s  filtered/bare  CPU µs/req bare  filtered  added"
                    + "   round ratios: median (lowest-highest)");
            ratios.forEach((name, v) -> System.out.printf(Locale.ROOT, "%-10s %,11.0f %,15.0f %14.2f %16.1f %9.1f"
                    + " %6.1f %24.2f (%.2f-%.2f)%n", name, v[0], v[1], v[1] / v[0], v[2], v[3], v[3] - v[2], v[7], v[8],
                    v[9]));
            System.out.println();
            System.out.println("visitor     bytes allocated per request: request threads bare  filtered  added"
                    + "   recorder threads");
            ratios.forEach((name, v) -> System.out.printf(Locale.ROOT, "%-10s %,47.0f %,9.0f %,6.0f %,18.0f%n", name,
                    v[4], v[5], v[5] - v[4], v[6]));
            if (withFloor) {
                System.out.println();
                System.out.println("visitor     floor/bare  CPU µs/req added by the floor (wrappers, cookies, the"
                        + " filter's headers copied; nothing decided or recorded)");
                floors.forEach((name, v) -> System.out.printf(Locale.ROOT, "%-10s %10.2f %10.1f%n", name, v[0], v[1]));
            }
        } finally {
            server.stop(); // destroys the filter, which drains its recorder
            System.out.println("visit records written: " + countRecords(visits));
            deleteTree(visits);
        }
    }

    /** The demo's web.xml settings, with loopback trusted as the load balancer. */
    static Map<String, String> demoParams(Path visits, String record) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client.trusted-proxies", "127.0.0.1/32");
        params.put("language.supported", "en, fr, de, es, nl, ja");
        params.put("geo.database", "classpath:net/erpex/privacy/geoip/erpex-demo-city.mmdb");
        params.put("visits.dir", visits.toString());
        params.put("visits.ip", "full");
        params.put("visits.retention", "90d");
        params.put("visits.record", record);
        params.put("consent.csp", "enforce");
        params.put("consent.opt-out-countries", "US");
        params.put("protect.paths", "/contact");
        params.put("security.keys", KEYS);
        return params;
    }

    private static ServerConnector connector(Server server, String name) {
        ServerConnector connector = new ServerConnector(server);
        connector.setName(name);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        return connector;
    }

    /** The same trivial application on both connectors; the filter only in front of the second. */
    private static ServletContextHandler context(String virtualHost, Map<String, String> filterParams) {
        ServletContextHandler context = new ServletContextHandler("/");
        context.setVirtualHosts(List.of(virtualHost));
        if (filterParams != null) {
            FilterHolder holder = new FilterHolder(PrivacyFilter.class);
            holder.setInitParameters(filterParams);
            context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        context.addServlet(new ServletHolder(new TrivialServlet()), "/*");
        return context;
    }

    /** The cookies a returning visitor holds: a session from a first page, a consent from the banner, Google's. */
    private static String returningCookies(int port) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(base + "/pricing"))
                .header("Sec-Fetch-Dest", "document").header("X-Forwarded-For", CLIENT).build(),
                HttpResponse.BodyHandlers.ofString());
        String session = cookie(page, "sid");
        HttpResponse<String> consent = client.send(HttpRequest.newBuilder(URI.create(base + "/privacy/consent"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", base)
                .header("Cookie", session).header("X-Forwarded-For", CLIENT)
                .POST(HttpRequest.BodyPublishers.ofString("action=accept-all&return=%2F")).build(),
                HttpResponse.BodyHandlers.ofString());
        return session + "; " + cookie(consent, "consent") + "; _ga=GA1.1.123456789.1732531200";
    }

    /**
     * The response headers the filter adds to a scenario's request, as it sent them for one such request: those the
     * bare connector does not send.
     */
    private static List<Map.Entry<String, String>> addedHeaders(Scenario s, int barePort, int filteredPort)
            throws Exception {
        HttpResponse<String> bare = fetch(s, barePort);
        HttpResponse<String> filtered = fetch(s, filteredPort);
        List<Map.Entry<String, String>> added = new ArrayList<>();
        filtered.headers().map().forEach((name, values) -> {
            if (bare.headers().firstValue(name).isEmpty()) {
                values.forEach(v -> added.add(Map.entry(name, v)));
            }
        });
        return added;
    }

    private static HttpResponse<String> fetch(Scenario s, int port) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + s.path()));
        for (String header : s.headers()) {
            int colon = header.indexOf(':');
            request.header(header.substring(0, colon), header.substring(colon + 1).strip());
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + name + " cookie in " + response.headers().map()));
    }

    private static Scenario scenario(String name, String cookies) {
        List<String> h = new ArrayList<>(List.of(
                "User-Agent: " + CHROME,
                "Sec-CH-UA: \"Google Chrome\";v=\"131\", \"Chromium\";v=\"131\", \"Not_A Brand\";v=\"24\"",
                "Sec-CH-UA-Mobile: ?0",
                "Sec-CH-UA-Platform: \"Windows\"",
                "Accept-Language: " + ACCEPT_LANGUAGE,
                "Accept-Encoding: gzip, deflate, br, zstd",
                "X-Forwarded-For: " + CLIENT));
        switch (name) {
            case "returning", "first" -> {
                h.add("Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8");
                h.add("Referer: https://www.google.com/search?q=erpex+pricing&hl=fr");
                h.add("Sec-Fetch-Dest: document");
                h.add("Sec-Fetch-Mode: navigate");
                h.add("Sec-Fetch-Site: cross-site");
                h.add("Sec-Fetch-User: ?1");
                h.add("Upgrade-Insecure-Requests: 1");
                if (name.equals("returning")) {
                    h.add("Cookie: " + cookies);
                }
                return new Scenario(name, "/pricing", h);
            }
            case "static" -> {
                h.add("Accept: text/css,*/*;q=0.1");
                h.add("Referer: http://127.0.0.1/pricing");
                h.add("Sec-Fetch-Dest: style");
                h.add("Sec-Fetch-Mode: no-cors");
                h.add("Sec-Fetch-Site: same-origin");
                h.add("Cookie: " + cookies);
                return new Scenario(name, "/assets/site.css", h);
            }
            default -> throw new IllegalArgumentException("unknown scenario " + name
                    + "; expected returning, first or static");
        }
    }

    private static Run wrk(Scenario s, int port, int seconds, int threads, int connections) throws Exception {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections,
                "-d" + seconds + "s", "--timeout", "10s"));
        for (String header : s.headers()) {
            command.add("-H");
            command.add(header);
        }
        command.add("http://127.0.0.1:" + port + s.path());
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        Map<Long, long[]> allocBefore = allocated();
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!wrk.waitFor(seconds + 60L, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
            throw new IllegalStateException("wrk failed:\n" + out);
        }
        long cpu = os.getProcessCpuTime() - cpuBefore;
        long[] alloc = allocatedBetween(allocBefore, allocated());
        long requests = number(out, " requests in ");
        long errors = numberAfter(out, "Non-2xx or 3xx responses:") + socketErrors(out);
        double n = Math.max(1, requests);
        return new Run(decimal(out, "Requests/sec:"), requests, errors, requests == 0 ? 0 : cpu / 1000.0 / requests,
                alloc[0] / n, alloc[1] / n);
    }

    /**
     * Bytes allocated so far by each of Jetty's pool threads ({@code qtp...}, group 0) and the filter's threads
     * ({@code erpex-}, group 1), by thread id: a run's figure is the sum of each thread's own difference, so a pool
     * thread that ends during the run takes nothing away from the others.
     */
    private static Map<Long, long[]> allocated() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<Long, long[]> bytes = new java.util.HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            int group = name.startsWith("qtp") ? 0 : name.startsWith("erpex-") ? 1 : -1;
            if (group >= 0) {
                bytes.put(t.getId(), new long[] {group, Math.max(0, mx.getThreadAllocatedBytes(t.getId()))});
            }
        }
        return bytes;
    }

    /** Per group, what each thread allocated between the two readings. */
    private static long[] allocatedBetween(Map<Long, long[]> before, Map<Long, long[]> after) {
        long[] sums = new long[2];
        after.forEach((id, now) -> {
            long[] then = before.get(id);
            sums[(int) now[0]] += Math.max(0, now[1] - (then == null ? 0 : then[1]));
        });
        return sums;
    }

    /** The number before {@code marker}: wrk's "  123456 requests in 10.00s". */
    private static long number(String out, String marker) {
        int at = out.indexOf(marker);
        if (at < 0) {
            throw new IllegalStateException("unexpected wrk output:\n" + out);
        }
        int start = at;
        while (start > 0 && !Character.isWhitespace(out.charAt(start - 1))) {
            start--;
        }
        return Long.parseLong(out.substring(start, at));
    }

    private static long numberAfter(String out, String marker) {
        int at = out.indexOf(marker);
        return at < 0 ? 0 : Long.parseLong(out.substring(at + marker.length()).strip().split("\\s+")[0]);
    }

    /** "Socket errors: connect 0, read 0, write 0, timeout 0". */
    private static long socketErrors(String out) {
        int at = out.indexOf("Socket errors:");
        if (at < 0) {
            return 0;
        }
        long sum = 0;
        for (String part : out.substring(at + 14, out.indexOf('\n', at)).split(",")) {
            sum += Long.parseLong(part.strip().split("\\s+")[1]);
        }
        return sum;
    }

    private static double decimal(String out, String marker) {
        int at = out.indexOf(marker);
        if (at < 0) {
            throw new IllegalStateException("unexpected wrk output:\n" + out);
        }
        return Double.parseDouble(out.substring(at + marker.length()).strip().split("\\s+")[0]);
    }

    private static double mean(List<Run> runs, java.util.function.ToDoubleFunction<Run> value) {
        return runs.stream().mapToDouble(value).average().orElse(0);
    }

    private static void requireWrk() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("wrk is not installed: on Debian or Ubuntu, apt-get install wrk", e);
        }
    }

    private static long countRecords(Path dir) throws IOException {
        long n = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("visits-")).toList()) {
                try (Stream<String> lines = Files.lines(f)) {
                    n += lines.count();
                }
            }
        }
        return n;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The application: a short page, or a short stylesheet, as the path asks. */
    static final class TrivialServlet extends HttpServlet {
        private static final byte[] CSS = "body{font-family:system-ui;margin:0 auto;max-width:40em}\n"
                .getBytes(StandardCharsets.UTF_8);

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if (req.getRequestURI().endsWith(".css")) {
                resp.setContentType("text/css");
                resp.setContentLength(CSS.length);
                resp.getOutputStream().write(CSS);
                return;
            }
            resp.setContentType("text/html;charset=utf-8");
            resp.getWriter().write("<!DOCTYPE html><title>Pricing</title><p>Hello " + req.getRemoteAddr() + "\n");
        }
    }
}
