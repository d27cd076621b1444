package net.erpex.privacy.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Load test of the packaged demo: starts {@code demo-webapp.jar} as a child process (the jar a user runs), drives it
 * with N concurrent users for a fixed time, stops it the way an operator does (SIGTERM, so the filter drains its
 * recorder), and checks that the visit log holds one record per request answered. The demo runs with
 * {@code -Dprivacy.visits.record=all} (a system property wins over its {@code web.xml}), so that every request, not
 * only every page view, must reach the log and a lost record cannot hide among the requests that make none.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar net.erpex.privacy.bench.DemoLoadTest
 *     [--jar demo-webapp/target/demo-webapp.jar] [--users 16] [--seconds 30] [--warmup 10]
 *     [--mix /=45,/api/visitor=30,/style.css=15,/privacy/consent=8,/visits=2]
 * </pre>
 *
 * Each user is a returning visitor: a first page gives it a session cookie, the banner's form gives it a consent
 * (accept or reject, alternately), and from then on it keeps and sends the cookies it is given, as a browser does,
 * while it requests a mix of pages one after another with no think time. Users come from the demo database's
 * documentation ranges through X-Forwarded-For (the demo trusts loopback as its proxy). The load generator and the
 * demo share the machine's cores; the figures are those of both together.
 */
public final class DemoLoadTest {

    /** Path and weight (out of 100) of each page in the mix. */
    private static final Map<String, Integer> MIX = new LinkedHashMap<>();

    static {
        MIX.put("/", 45);
        MIX.put("/api/visitor", 30);
        MIX.put("/style.css", 15);
        MIX.put("/privacy/consent", 8);
        MIX.put("/visits", 2);
    }

    private static final String[] CLIENTS = {"192.0.2.", "198.51.100.", "203.0.113.", "2001:db8:1::", "2001:db8:2::"};
    private static final String[] LANGUAGES = {"fr-FR,fr;q=0.9,en;q=0.8", "de-DE,de;q=0.9,en;q=0.7",
        "en-US,en;q=0.9", "ja,en;q=0.8", "nl-BE,nl;q=0.9,fr;q=0.7", "es-ES,es;q=0.9"};

    private DemoLoadTest() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of("demo-webapp/target/demo-webapp.jar");
        int users = 16;
        int seconds = 30;
        int warmup = 10;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(args[i + 1]);
                case "--users" -> users = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--mix" -> {
                    MIX.clear();
                    for (String entry : args[i + 1].split(",")) {
                        String[] pathWeight = entry.split("=");
                        MIX.put(pathWeight[0].strip(), Integer.parseInt(pathWeight[1].strip()));
                    }
                    if (MIX.values().stream().mapToInt(Integer::intValue).sum() != 100) {
                        throw new IllegalArgumentException("--mix weights must add up to 100: " + args[i + 1]);
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; accepted: --jar PATH, --users N, --seconds S, --warmup S, --mix PATH=PERCENT,...");
            }
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no " + jar.toAbsolutePath() + ": build with mvn -q -B package"
                    + " -DskipTests first");
        }
        Path work = Files.createTempDirectory("erpex-load");
        Path visits = work.resolve("visits");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process demo = new ProcessBuilder(java, "-Dprivacy.visits.record=all", "-jar", jar.toString(), "--port",
                String.valueOf(port),
                "--visits-dir", visits.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("demo.log").toFile()).start();
        try {
            String base = "http://127.0.0.1:" + port;
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
            waitUntilUp(port, demo);
            System.out.printf("demo %s on port %d (pid %d), visits in %s%n", jar, port, demo.pid(), visits);

            // Warm the demo's JIT with the same traffic, then measure; every request of both counts for the log.
            Run warm = run(client, base, users, warmup);
            Run run = run(client, base, users, seconds);

            demo.destroy(); // SIGTERM: the launcher's shutdown hook stops Jetty, which drains the recorder
            if (!demo.waitFor(120, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
                throw new IllegalStateException("the demo did not stop within 120 s");
            }
            long records = countLines(visits, "visits-");
            long consents = countLines(visits, "consents-");
            long answered = warm.answered() + run.answered();

            long[] all = run.latencies();
            Arrays.sort(all);
            System.out.printf("%d users, %d s (after %d s of warm-up), %d cores, %s%n", users, seconds, warmup,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
            System.out.printf("mix: %s%n", MIX);
            System.out.printf("requests: %d in %.1f s = %.0f requests/s; errors %d%n", run.answered(),
                    run.elapsedSeconds(), run.answered() / run.elapsedSeconds(), run.errors());
            System.out.printf("latency: p50 %s, p90 %s, p99 %s, max %s%n", ms(all, 0.50), ms(all, 0.90),
                    ms(all, 0.99), ms(all, 1.0));
            for (Map.Entry<String, List<Long>> page : run.byPage().entrySet()) {
                long[] l = page.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
                System.out.printf("  %-18s %7d requests, p50 %s, p99 %s%n", page.getKey(), l.length, ms(l, 0.5),
                        ms(l, 0.99));
            }
            System.out.printf("visit records: %d written for %d requests answered (warm-up and set-up included):"
                    + " %s%n", records, answered, records == answered ? "0 records lost"
                    : (answered - records) + " records LOST");
            System.out.printf("consent records: %d (one per banner decision: %d)%n", consents, warm.users()
                    + run.users());
            if (records != answered || run.errors() + warm.errors() > 0) {
                System.out.printf("kept %s (visits and demo.log) for a look%n", work);
                System.exit(1);
            }
            deleteTree(work);
        } finally {
            demo.destroyForcibly();
        }
    }

    private record Run(long answered, long errors, double elapsedSeconds, long[] latencies,
                       Map<String, List<Long>> byPage, int users) {
    }

    /** {@code users} threads for {@code seconds}; each starts as a new visitor, decides on consent, then browses. */
    private static Run run(HttpClient client, String base, int users, int seconds) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        List<User> all = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            User user = new User(client, base, u, end);
            all.add(user);
            Thread t = new Thread(user, "user-" + u);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long answered = 0;
        long errors = 0;
        List<Long> latencies = new ArrayList<>();
        Map<String, List<Long>> byPage = new LinkedHashMap<>();
        for (User user : all) {
            answered += user.answered;
            errors += user.errors;
            for (int i = 0; i < user.latencies.size(); i++) {
                latencies.add(user.latencies.get(i));
                byPage.computeIfAbsent(user.pages.get(i), k -> new ArrayList<>()).add(user.latencies.get(i));
            }
        }
        return new Run(answered, errors, elapsed, latencies.stream().mapToLong(Long::longValue).toArray(), byPage,
                users);
    }

    /** One visitor with its own cookie jar. */
    private static final class User implements Runnable {
        private final HttpClient client;
        private final String base;
        private final long end;
        private final String ip;
        private final String language;
        private final boolean accepts;
        private final Map<String, String> cookies = new LinkedHashMap<>();
        final List<Long> latencies = new ArrayList<>();
        final List<String> pages = new ArrayList<>();
        long answered;
        long errors;

        User(HttpClient client, String base, int n, long end) {
            this.client = client;
            this.base = base;
            this.end = end;
            String range = CLIENTS[n % CLIENTS.length];
            this.ip = range + (range.endsWith(":") ? Integer.toHexString(n / CLIENTS.length + 1)
                    : String.valueOf(n / CLIENTS.length % 250 + 1));
            this.language = LANGUAGES[n % LANGUAGES.length];
            this.accepts = n % 2 == 0;
        }

        @Override
        public void run() {
            try {
                send("/", null);
                send("/privacy/consent", "action=" + (accepts ? "accept-all" : "reject-all") + "&return=%2F");
                if (!cookies.containsKey("sid") || !cookies.containsKey("consent")) {
                    throw new IllegalStateException("no session or consent cookie after set-up: " + cookies.keySet());
                }
                while (System.nanoTime() < end) {
                    send(page(), null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static String page() {
            int r = ThreadLocalRandom.current().nextInt(100);
            for (Map.Entry<String, Integer> e : MIX.entrySet()) {
                r -= e.getValue();
                if (r < 0) {
                    return e.getKey();
                }
            }
            return "/";
        }

        private void send(String path, String form) throws InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("User-Agent", ComponentBenchmarks.CHROME)
                    .header("Accept-Language", language)
                    .header("Referer", base + "/")
                    .header("X-Forwarded-For", ip);
            if (!cookies.isEmpty()) {
                StringBuilder c = new StringBuilder();
                cookies.forEach((k, v) -> c.append(c.length() == 0 ? "" : "; ").append(k).append('=').append(v));
                b.header("Cookie", c.toString());
            }
            if (form != null) {
                b.header("Origin", base).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form));
            }
            long t0 = System.nanoTime();
            try {
                HttpResponse<byte[]> response = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                long t = System.nanoTime() - t0;
                answered++;
                int status = response.statusCode();
                if (status >= 400) {
                    errors++;
                    System.out.printf("%s %s: %d %s%n", ip, path, status,
                            new String(response.body(), StandardCharsets.UTF_8));
                }
                for (String set : response.headers().allValues("Set-Cookie")) {
                    keep(set);
                }
                if (form == null) {
                    latencies.add(t);
                    pages.add(path);
                }
            } catch (IOException e) {
                errors++;
                System.out.printf("%s %s: %s%n", ip, path, e);
            }
        }

        /** What a browser does with a Set-Cookie: keep the value, or forget the cookie when it expires now. */
        private void keep(String setCookie) {
            int eq = setCookie.indexOf('=');
            int semi = setCookie.indexOf(';');
            String name = setCookie.substring(0, eq).strip();
            String value = setCookie.substring(eq + 1, semi < 0 ? setCookie.length() : semi);
            if (setCookie.toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }

    /**
     * Waits for the port to accept connections. Jetty opens its connectors after the web application has started,
     * and probing with a bare socket leaves no visit record, so the log holds only the users' requests.
     */
    static void waitUntilUp(int port, Process demo) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!demo.isAlive()) {
                throw new IllegalStateException("the demo exited with " + demo.exitValue());
            }
            try {
                new Socket("127.0.0.1", port).close();
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the demo did not start within 60 s");
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static long countLines(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long n = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                try (Stream<String> lines = Files.lines(f, StandardCharsets.UTF_8)) {
                    n += lines.filter(l -> !l.isBlank()).count();
                }
            }
        }
        return n;
    }

    private static String ms(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return "-";
        }
        int i = (int) Math.ceil(quantile * sorted.length) - 1;
        return String.format("%.2f ms", sorted[Math.max(0, Math.min(i, sorted.length - 1))] / 1e6);
    }
}
