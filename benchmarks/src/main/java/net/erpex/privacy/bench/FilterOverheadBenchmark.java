package net.erpex.privacy.bench;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.erpex.privacy.PrivacyFilter;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the filter adds to one request: a real Jetty 12 ee10 context with a trivial servlet, once without the filter
 * ({@code filter=none}) and once with it configured as the demo's {@code web.xml} does ({@code filter=privacy}),
 * driven over one keep-alive loopback connection by a client that sends prepared bytes and reads each response into a
 * buffer it reuses ({@link RawHttpConnection}). The client allocates nothing per request, so the bytes JMH's
 * {@code -prof gc} counts are the server's: Jetty's own (the {@code none} figure) and what the filter adds. (Jetty's
 * {@code LocalConnector}, used before, collects each response in a growing heap buffer and returns it as a String: a
 * bigger response, a page's Content-Security-Policy say, then showed as allocation several times over.)
 *
 * <p>Every request carries what Chrome behind a load balancer sends (User-Agent and client hints, Accept-Language,
 * Fetch Metadata, X-Forwarded-For from a trusted proxy): a page view has a Google Referer with a query and
 * {@code Sec-Fetch-Dest: document}; a first visit has no cookies; a returning visitor presents the session and consent
 * cookies the filter issued and an analytics cookie; the static asset is that visitor's stylesheet
 * ({@code Sec-Fetch-Dest: style}). With the filter, each page view also hands a visit to the recorder thread, which
 * enriches it and appends it to a JSON-lines file in a temporary directory: that work runs on the same two cores, and
 * JMH's {@code -prof gc} counts its allocation too (it sums every thread's).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
// The filtered path is long: the JIT needs some 10 s of it before the figure settles.
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 2)
public class FilterOverheadBenchmark {

    /** Where the loopback connection comes from; trusted as the load balancer. */
    private static final String LOCAL_PEER = "127.0.0.1";
    private static final String CLIENT = "192.0.2.10";
    private static final Pattern SET_COOKIE = Pattern.compile("(?im)^Set-Cookie: *([^=;\\s]+)=([^;\\r\\n]*)");

    @Param({"none", "privacy"})
    public String filter;

    private Server server;
    private ServerConnector connector;
    private RawHttpConnection connection;
    private Path visitsDir;
    private byte[] firstVisit;
    private byte[] returningVisitor;
    private byte[] staticAsset;

    @Setup(Level.Trial)
    public void start() throws Exception {
        visitsDir = Files.createTempDirectory("erpex-bench-visits");
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        if (filter.equals("privacy")) {
            FilterHolder holder = new FilterHolder(PrivacyFilter.class);
            holder.setInitParameters(demoParams(visitsDir));
            context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        context.addServlet(new ServletHolder(new TrivialServlet()), "/*");
        server.setHandler(context);
        server.start();
        connection = new RawHttpConnection(connector.getLocalPort());

        String browser = "Host: www.example.test\r\n"
                + "User-Agent: " + ComponentBenchmarks.CHROME + "\r\n"
                + "Sec-CH-UA: \"Google Chrome\";v=\"131\", \"Chromium\";v=\"131\", \"Not_A Brand\";v=\"24\"\r\n"
                + "Sec-CH-UA-Mobile: ?0\r\n"
                + "Sec-CH-UA-Platform: \"Windows\"\r\n"
                + "Accept-Language: fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5\r\n"
                + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
                + "X-Forwarded-For: " + CLIENT + "\r\n"
                + "X-Forwarded-Proto: http\r\n";
        String headers = browser
                + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
                + "Referer: https://www.google.fr/search?q=erpex+pricing\r\n"
                + "Sec-Fetch-Dest: document\r\nSec-Fetch-Mode: navigate\r\nSec-Fetch-Site: cross-site\r\n"
                + "Sec-Fetch-User: ?1\r\nUpgrade-Insecure-Requests: 1\r\n";
        String first = "GET /pricing HTTP/1.1\r\n" + headers + "\r\n";
        firstVisit = bytes(first);

        String cookies = "";
        if (filter.equals("privacy")) {
            // The cookies a real visitor would hold: a session from the first page, a consent from the banner.
            String firstResponse = send(first);
            String consent = send("POST /privacy/consent HTTP/1.1\r\n" + headers
                    + "Cookie: " + cookies(firstResponse) + "\r\n"
                    + "Origin: http://www.example.test\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 30\r\n\r\n"
                    + "action=accept-all&return=%2F&x");
            cookies = cookies(firstResponse) + "; " + cookies(consent);
            if (!cookies.contains("sid=") || !cookies.contains("consent=")) {
                throw new IllegalStateException("no session and consent cookies: " + firstResponse + "\n" + consent);
            }
        }
        String cookieLine = cookies.isEmpty() ? "" : "Cookie: " + cookies + "; _ga=GA1.1.123456789.1732531200\r\n";
        String returning = "GET /pricing HTTP/1.1\r\n" + headers + cookieLine + "\r\n";
        returningVisitor = bytes(returning);
        staticAsset = bytes("GET /assets/site.css HTTP/1.1\r\n" + browser + "Accept: text/css,*/*;q=0.1\r\n"
                + "Referer: http://www.example.test/pricing\r\n"
                + "Sec-Fetch-Dest: style\r\nSec-Fetch-Mode: no-cors\r\nSec-Fetch-Site: same-origin\r\n"
                + cookieLine + "\r\n");

        // Measure the path a real visitor takes: the client behind the trusted proxy is seen, cookies are accepted.
        String seen = send(returning);
        if (!seen.contains("\r\n\r\n" + (filter.equals("privacy") ? CLIENT : LOCAL_PEER))) {
            throw new IllegalStateException("the application did not see the expected client:\n" + seen);
        }
        if (filter.equals("privacy") && seen.contains("Set-Cookie: sid=")) {
            throw new IllegalStateException("the returning visitor's session was not accepted:\n" + seen);
        }
    }

    /** The demo's web.xml settings, with the load balancer's address trusted. */
    static Map<String, String> demoParams(Path visitsDir) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client.trusted-proxies", LOCAL_PEER + "/32");
        params.put("language.supported", "en, fr, de, es, nl, ja");
        params.put("geo.database", ComponentBenchmarks.DEMO_DB);
        params.put("visits.dir", visitsDir.toString());
        params.put("visits.ip", "full");
        params.put("consent.csp", "enforce");
        params.put("consent.opt-out-countries", "US");
        params.put("protect.paths", "/contact");
        params.put("security.keys", "YmVuY2gta2V5LWZvci1lcnBleC1wcml2YWN5LWZpbHRlci0wMQ==");
        return params;
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        connection.close();
        server.stop(); // destroys the filter, which drains the recorder
        try (Stream<Path> files = Files.walk(visitsDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A visitor without cookies: a new session is issued and the banner's consent is undecided. */
    @Benchmark
    public int firstVisit() throws Exception {
        return exchange(firstVisit);
    }

    /** A visitor presenting their session and consent cookies (and an analytics cookie they consented to). */
    @Benchmark
    public int returningVisitor() throws Exception {
        return exchange(returningVisitor);
    }

    /** That visitor's stylesheet: not a page view, so no CSP, no new session, no record. */
    @Benchmark
    public int staticAsset() throws Exception {
        return exchange(staticAsset);
    }

    private int exchange(byte[] request) throws Exception {
        int status = connection.exchange(request);
        if (status != 200) {
            throw new IllegalStateException("status " + status + ":\n" + connection.head());
        }
        return status;
    }

    /** One request outside the measurement, its whole response as text. */
    private String send(String request) throws Exception {
        connection.exchange(bytes(request));
        return connection.response();
    }

    private static byte[] bytes(String request) {
        return request.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String cookies(String response) {
        StringBuilder out = new StringBuilder();
        Matcher m = SET_COOKIE.matcher(response);
        while (m.find()) {
            out.append(out.length() == 0 ? "" : "; ").append(m.group(1)).append('=').append(m.group(2));
        }
        return out.toString();
    }

    /**
     * The application: a short page naming the client it sees (as most pages use something of the request), or a
     * short stylesheet.
     */
    static final class TrivialServlet extends HttpServlet {
        private static final byte[] CSS = "body{margin:0 auto;max-width:40em}\n".getBytes(StandardCharsets.UTF_8);

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if (req.getRequestURI().endsWith(".css")) {
                resp.setContentType("text/css");
                resp.setContentLength(CSS.length);
                resp.getOutputStream().write(CSS);
                return;
            }
            resp.setContentType("text/html;charset=utf-8");
            resp.getWriter().write(req.getRemoteAddr() + "\n");
        }
    }
}
