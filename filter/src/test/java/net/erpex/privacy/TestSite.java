package net.erpex.privacy;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.EventsHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real Jetty 12 server on an ephemeral loopback port with {@link PrivacyFilter} configured by init-params, exactly
 * as {@code web.xml} configures it, in front of a servlet that answers with what the application sees.
 */
final class TestSite implements AutoCloseable {

    /** A 32-byte test key (base64); tests that forge or age cookies sign with it. */
    static final String KEY = "dGVzdC1rZXktZm9yLWVycGV4LXByaXZhY3ktZmlsdGVyLTA=";
    static final String DEMO_DB = "classpath:net/erpex/privacy/geoip/erpex-demo-city.mmdb";

    private final Server server;
    private final FilterHolder filter;
    private final HttpClient client;
    private final Map<String, Long> submittedAtCompletion = new java.util.concurrent.ConcurrentHashMap<>();
    final Path visitsDir;

    private TestSite(Map<String, String> params, Path visitsDir, Clock clock) throws Exception {
        this.visitsDir = visitsDir;
        server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        // Large enough that hostile headers reach the filter instead of being refused by Jetty with a 431.
        http.setRequestHeaderSize(256 * 1024);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        filter = clock == null ? new FilterHolder(PrivacyFilter.class) : new FilterHolder(new PrivacyFilter(null, clock));
        filter.setInitParameters(params);
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new EchoServlet()), "/*");
        ServletHolder modes = new ServletHolder(new CommitModesServlet());
        modes.setAsyncSupported(true);
        context.addServlet(modes, "/modes/*");
        ServletHolder forms = new ServletHolder(new FormServlet());
        forms.getRegistration().setMultipartConfig(new MultipartConfigElement(""));
        context.addServlet(forms, "/forms/*");
        context.addServlet(new ServletHolder(new PlainServlet()), "/plain/*");
        // As each response's last bytes are about to go out: how many visits the recorder had been handed by then.
        server.setHandler(new EventsHandler(context) {
            @Override
            protected void onResponseWrite(Request request, boolean last, ByteBuffer content) {
                if (last) {
                    submittedAtCompletion.put(request.getHttpURI().getPath(), submitted());
                }
            }
        });
        server.start();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Starts a site; {@code visits.dir} defaults to a fresh temporary directory. */
    static TestSite start(Map<String, String> params) throws Exception {
        return start(null, params);
    }

    /** Starts a site whose filter reads time from {@code clock} (null: the system clock). */
    static TestSite start(Clock clock, Map<String, String> params) throws Exception {
        Map<String, String> all = new LinkedHashMap<>();
        Path dir = Files.createTempDirectory("erpex-visits");
        all.put("visits.dir", dir.toString());
        all.put("security.keys", KEY);
        all.putAll(params);
        return new TestSite(all, Path.of(all.get("visits.dir")), clock);
    }

    static TestSite start(String... keyValues) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.put(keyValues[i], keyValues[i + 1]);
        }
        return start(params);
    }

    /** Visits handed to the recorder so far. */
    long submitted() {
        return filter().counters().getOrDefault("records-submitted", 0L);
    }

    /**
     * What {@link #submitted()} was when the last bytes of the latest response to {@code path} were about to be sent.
     */
    long submittedAtCompletion(String path) {
        Long seen = submittedAtCompletion.get(path);
        if (seen == null) {
            throw new AssertionError("no response to " + path + " completed; seen: " + submittedAtCompletion.keySet());
        }
        return seen;
    }

    int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    PrivacyFilter filter() {
        return (PrivacyFilter) filter.getFilter();
    }

    /** GET with headers given as name, value, name, value... */
    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST with a body of {@code contentType} and headers given as name, value, name, value... */
    HttpResponse<String> post(String path, String contentType, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST with an empty body and headers given as name, value, name, value... */
    HttpResponse<String> postEmpty(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The origin of this site, for same-origin requests. */
    String origin() {
        return "http://127.0.0.1:" + port();
    }

    /** The {@code name=value} of the last Set-Cookie for {@code name} in a response. */
    static String cookie(HttpResponse<?> response, String name) {
        List<String> values = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(name + "=")).map(c -> c.substring(0, c.indexOf(';'))).toList();
        if (values.isEmpty()) {
            throw new AssertionError("no Set-Cookie for " + name + " in " + response.headers().map());
        }
        return values.get(values.size() - 1);
    }

    /** Parsed echo of what the application saw, from a GET. */
    Map<String, String> seen(String path, String... headers) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path, headers);
        if (response.statusCode() != 200) {
            throw new AssertionError("expected 200, got " + response.statusCode() + ": " + response.body());
        }
        return parse(response.body());
    }

    /**
     * Sends raw bytes as a request head (for headers no well-behaved client sends) and returns the raw response.
     * {@code head} must not end with the blank line; it is added.
     */
    String raw(byte[] head) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.write("\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** Every visit record written so far, one JSON line each. */
    List<String> visitLines() throws IOException {
        return lines("visits-");
    }

    /** Every consent record written so far, one JSON line each. */
    List<String> consentLines() throws IOException {
        return lines("consents-");
    }

    private List<String> lines(String prefix) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(visitsDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList()) {
                lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    /** Stops Jetty, which destroys the filter: the recorder drains before this returns. */
    @Override
    public void close() throws Exception {
        server.stop();
    }

    static Map<String, String> parse(String body) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                map.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return map;
    }

    /**
     * A form handler with a multipart config, as a site's own form servlet: answers every parameter it reads (url-encoded
     * or multipart), one {@code name=value} per line, and the names of the parts.
     */
    static final class FormServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            StringBuilder sb = new StringBuilder();
            for (String name : Collections.list(req.getParameterNames())) {
                sb.append("field.").append(name).append('=').append(req.getParameter(name)).append('\n');
            }
            String type = req.getContentType();
            if (type != null && type.startsWith("multipart/")) {
                for (Part part : req.getParts()) {
                    sb.append("part.").append(part.getName()).append('=').append(part.getSize()).append('\n');
                }
            }
            resp.setContentType("text/plain;charset=utf-8");
            resp.getWriter().write(sb.toString());
        }
    }

    /**
     * A page that uses nothing of the visitor (no browser analysis on the request thread), as a static page is: what
     * the recorder does with a request is then all the work its User-Agent causes.
     */
    static final class PlainServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/html;charset=utf-8");
            resp.getWriter().write("<!doctype html><title>plain</title><p>plain</p>\n");
        }
    }

    /**
     * Answers with what the application sees of the request, one {@code name=value} per line, as an HTML page (the
     * filter treats it as one: a page view, with the CSP and a session) unless {@code ?type=} names another type.
     */
    static final class EchoServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            VisitorContext v = VisitorContext.of(req);
            // A page by default, as a site's pages are; ?type= answers as a stylesheet, a script or an image would.
            String type = req.getParameter("type");
            resp.setContentType(type == null ? "text/html;charset=utf-8" : type);
            StringBuilder sb = new StringBuilder();
            line(sb, "remoteAddr", req.getRemoteAddr());
            line(sb, "remoteHost", req.getRemoteHost());
            line(sb, "characterEncoding", String.valueOf(req.getCharacterEncoding()));
            line(sb, "secure", String.valueOf(req.isSecure()));
            line(sb, "scheme", req.getScheme());
            line(sb, "requestURL", req.getRequestURL().toString());
            line(sb, "locale", req.getLocale().toLanguageTag());
            line(sb, "locales", String.join(",", Collections.list(req.getLocales()).stream()
                    .map(java.util.Locale::toLanguageTag).toList()));
            line(sb, "language", v.language());
            line(sb, "languageSource", v.languageSource());
            line(sb, "country", v.country());
            line(sb, "region", v.region());
            line(sb, "city", v.city());
            line(sb, "timeZone", v.timeZone());
            line(sb, "browser", v.browser().family());
            line(sb, "browserVersion", v.browser().version());
            line(sb, "os", v.browser().osFamily());
            line(sb, "osVersion", v.browser().osVersion());
            line(sb, "device", v.browser().device().label());
            line(sb, "referrer", v.referrer().url());
            line(sb, "referrerKind", v.referrer().kind().label());
            line(sb, "session", v.sessionHash());
            line(sb, "decided", String.valueOf(v.consent().decided()));
            line(sb, "analytics", String.valueOf(v.allows("analytics")));
            line(sb, "nonce", v.nonce());
            jakarta.servlet.http.Cookie[] cookies = req.getCookies();
            line(sb, "cookies", cookies == null ? "" : String.join(",", java.util.Arrays.stream(cookies)
                    .map(jakarta.servlet.http.Cookie::getName).toList()));
            // The forwarding headers as the application (or a framework filter behind ours) would read them.
            for (String name : List.of("X-Forwarded-For", "Forwarded", "X-Forwarded-Proto")) {
                line(sb, "header." + name.toLowerCase(java.util.Locale.ROOT), req.getHeader(name) == null ? "(absent)"
                        : String.join(" | ", Collections.list(req.getHeaders(name))));
            }
            line(sb, "headerNames", String.join(",", Collections.list(req.getHeaderNames()).stream()
                    .map(n -> n.toLowerCase(java.util.Locale.ROOT)).sorted().toList()));
            // What a site does: set cookies in the three ways the servlet API allows.
            for (String name : values(req.getParameter("set"))) {
                resp.addCookie(new jakarta.servlet.http.Cookie(name, "1"));
            }
            for (String name : values(req.getParameter("header"))) {
                resp.addHeader("Set-Cookie", name + "=1; Path=/");
            }
            for (String name : values(req.getParameter("delete"))) {
                resp.addHeader("Set-Cookie", name + "=; Path=/; Max-Age=0");
            }
            for (String name : values(req.getParameter("setheader"))) {
                resp.setHeader("Set-Cookie", name + "=1; Path=/");
            }
            if (req.getParameter("protect") != null) {
                line(sb, "protect", v.protectionHtml(req.getParameter("protect")));
            }
            if (req.getParameter("banner") != null) {
                line(sb, "banner", v.bannerHtml());
            }
            String policy = req.getParameter("csp");
            if ("set".equals(policy)) {
                resp.setHeader("Content-Security-Policy", "default-src 'none'");
            } else if ("add".equals(policy)) {
                resp.addHeader("Content-Security-Policy", "default-src 'none'");
            }
            String cache = req.getParameter("cache");
            if (cache != null) {
                resp.setHeader("Cache-Control", cache);
            }
            String status = req.getParameter("status");
            if (status != null) {
                resp.setStatus(Integer.parseInt(status));
            }
            resp.getWriter().write(sb.toString());
        }

        private static List<String> values(String list) {
            return list == null || list.isEmpty() ? List.of() : List.of(list.split(","));
        }

        private static void line(StringBuilder sb, String name, String value) {
            sb.append(name).append('=').append(value.replace('\n', ' ')).append('\n');
        }
    }
}
