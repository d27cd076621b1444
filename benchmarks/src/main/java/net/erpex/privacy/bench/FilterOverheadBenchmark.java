package net.erpex.privacy.bench;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
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
 * driven through Jetty's {@link LocalConnector}. The request bytes are parsed by Jetty's HTTP parser and go through
 * the whole handler and servlet chain, but no socket and no HTTP client are involved, so the difference between the
 * two is the filter's cost rather than network noise.
 *
 * <p>Every request carries what a browser behind a load balancer sends (Chrome's User-Agent and client hints,
 * Accept-Language, a Referer with a query, X-Forwarded-For from a trusted proxy); a first visit has no cookies, a
 * returning visitor presents the session and consent cookies the filter issued. With the filter, each request also
 * hands a visit to the recorder thread, which enriches it and appends it to a JSON-lines file in a temporary
 * directory: that work runs on the same two cores and is part of the price.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
// The filtered path is long: the JIT needs some 10 s of it before the figure settles.
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 2)
public class FilterOverheadBenchmark {

    /** Where LocalConnector's endpoints say the connection comes from; trusted as the load balancer. */
    private static final String LOCAL_PEER = "0.0.0.0";
    private static final String CLIENT = "192.0.2.10";
    private static final Pattern SET_COOKIE = Pattern.compile("(?im)^Set-Cookie: *([^=;\\s]+)=([^;\\r\\n]*)");

    @Param({"none", "privacy"})
    public String filter;

    private Server server;
    private LocalConnector connector;
    private Path visitsDir;
    private String firstVisit;
    private String returningVisitor;

    @Setup(Level.Trial)
    public void start() throws Exception {
        visitsDir = Files.createTempDirectory("erpex-bench-visits");
        server = new Server();
        connector = new LocalConnector(server);
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

        String headers = "Host: www.example.test\r\n"
                + "User-Agent: " + ComponentBenchmarks.CHROME + "\r\n"
                + "Sec-CH-UA: \"Google Chrome\";v=\"131\", \"Chromium\";v=\"131\", \"Not_A Brand\";v=\"24\"\r\n"
                + "Sec-CH-UA-Mobile: ?0\r\n"
                + "Sec-CH-UA-Platform: \"Windows\"\r\n"
                + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
                + "Accept-Language: " + ComponentBenchmarks.ACCEPT_LANGUAGE + "\r\n"
                + "Accept-Encoding: gzip, deflate, br\r\n"
                + "Referer: https://www.google.fr/search?q=erpex+pricing\r\n"
                + "X-Forwarded-For: " + CLIENT + "\r\n"
                + "X-Forwarded-Proto: http\r\n";
        firstVisit = "GET /pricing HTTP/1.1\r\n" + headers + "\r\n";

        String cookies = "";
        if (filter.equals("privacy")) {
            // The cookies a real visitor would hold: a session from the first page, a consent from the banner.
            String first = send(firstVisit);
            String consent = send("POST /privacy/consent HTTP/1.1\r\n" + headers
                    + "Cookie: " + cookies(first) + "\r\n"
                    + "Origin: http://www.example.test\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 30\r\n\r\n"
                    + "action=accept-all&return=%2F&x");
            cookies = cookies(first) + "; " + cookies(consent);
            if (!cookies.contains("sid=") || !cookies.contains("consent=")) {
                throw new IllegalStateException("no session and consent cookies: " + first + "\n" + consent);
            }
        }
        returningVisitor = "GET /pricing HTTP/1.1\r\n" + headers
                + (cookies.isEmpty() ? "" : "Cookie: " + cookies + "; _ga=GA1.1.123456789.1732531200\r\n") + "\r\n";

        // Measure the path a real visitor takes: the client behind the trusted proxy is seen, cookies are accepted.
        String seen = send(returningVisitor);
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
        params.put("consent.csp", "enforce");
        params.put("consent.opt-out-countries", "US");
        params.put("security.keys", "YmVuY2gta2V5LWZvci1lcnBleC1wcml2YWN5LWZpbHRlci0wMQ==");
        return params;
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        server.stop(); // destroys the filter, which drains the recorder
        try (Stream<Path> files = Files.walk(visitsDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A visitor without cookies: a new session is issued and the banner's consent is undecided. */
    @Benchmark
    public String firstVisit() throws Exception {
        return send(firstVisit);
    }

    /** A visitor presenting their session and consent cookies (and an analytics cookie they consented to). */
    @Benchmark
    public String returningVisitor() throws Exception {
        return send(returningVisitor);
    }

    private String send(String request) throws Exception {
        String response = connector.getResponse(request, 10, TimeUnit.SECONDS);
        if (response == null || !response.startsWith("HTTP/1.1 ")) {
            throw new IllegalStateException("no response to\n" + request);
        }
        return response;
    }

    private static String cookies(String response) {
        StringBuilder out = new StringBuilder();
        Matcher m = SET_COOKIE.matcher(response);
        while (m.find()) {
            out.append(out.length() == 0 ? "" : "; ").append(m.group(1)).append('=').append(m.group(2));
        }
        return out.toString();
    }

    /** The application: a short page naming the client it sees, as most pages use something of the request. */
    static final class TrivialServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain;charset=utf-8");
            resp.getWriter().write(req.getRemoteAddr() + "\n");
        }
    }
}
