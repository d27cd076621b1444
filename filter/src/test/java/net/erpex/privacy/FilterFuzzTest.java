package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole filter in a real Jetty, fed hostile requests through Jetty's in-memory {@link LocalConnector} (its HTTP
 * parser, cookie parser and servlet layer included): whatever the method, path, query, headers, cookies and body, the
 * filter never answers 500 and never counts a fault of its own ({@code internal-error}). Every header the filter reads
 * is among the names the fuzzer picks from, with plausible values to start from. A regression run over the committed
 * inputs in every build; {@code JAZZER_FUZZ=1} fuzzes (see the README's testing section).
 */
class FilterFuzzTest {

    private static final String[] METHODS = {"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS"};
    private static final String[] PATHS = {"/", "/page", "/privacy/consent", "/privacy/banner.js",
        "/privacy/banner.css", "/privacy/protect.js", "/privacy/challenge", "/privacy/my-data",
        "/privacy/my-data/erase", "/forms/contact", "/privacy/", "/static/app.css"};
    private static final String[] HEADERS = {"X-Forwarded-For", "X-Forwarded-Proto", "Forwarded", "Accept-Language",
        "Cookie", "Referer", "User-Agent", "Sec-CH-UA", "Sec-CH-UA-Mobile", "Sec-CH-UA-Platform", "Origin",
        "Sec-Fetch-Site", "Sec-GPC", "DNT", "CF-IPCountry", "Content-Type", "Accept", "Host"};
    private static final Map<String, String[]> PLAUSIBLE = Map.ofEntries(
            Map.entry("X-Forwarded-For", new String[] {"203.0.113.7", "192.0.2.1, 198.51.100.2", "2001:db8:1::1",
                "unknown, 203.0.113.7", "_hidden"}),
            Map.entry("X-Forwarded-Proto", new String[] {"https", "http", "https, http"}),
            Map.entry("Forwarded", new String[] {"for=203.0.113.7;proto=https", "for=\"[2001:db8:2::1]:443\"",
                "for=192.0.2.1, for=unknown", "for=_x;by=_y"}),
            Map.entry("Accept-Language", new String[] {"fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5", "ja", "*;q=0",
                "de-DE;q=0.001"}),
            Map.entry("Cookie", new String[] {"sid=AAAA", "consent=e30.AAAA; _ga=GA1.1.1; _ga_X=1",
                "lang=fr; sid=x; sid=y", "__Host-sid=z; __Host-consent=q"}),
            Map.entry("Referer", new String[] {"https://www.google.com/search?q=x", "http://localhost/page;jsessionid=1",
                "https://user:pw@[2001:db8::1]:8443/a/../b#f", "android-app://com.example"}),
            Map.entry("User-Agent", new String[] {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML,"
                + " like Gecko) Chrome/120.0.0.0 Safari/537.36", "curl/8.0", "Googlebot/2.1"}),
            Map.entry("Sec-CH-UA", new String[] {"\"Chromium\";v=\"120\", \"Google Chrome\";v=\"120\", \"Not?A_Brand\";v=\"8\""}),
            Map.entry("Sec-CH-UA-Mobile", new String[] {"?0", "?1"}),
            Map.entry("Sec-CH-UA-Platform", new String[] {"\"Windows\"", "\"Android\""}),
            Map.entry("Origin", new String[] {"http://localhost", "null", "https://evil.example"}),
            Map.entry("Sec-Fetch-Site", new String[] {"same-origin", "cross-site"}),
            Map.entry("Sec-GPC", new String[] {"1"}),
            Map.entry("DNT", new String[] {"1"}),
            Map.entry("CF-IPCountry", new String[] {"FR", "XX", "T1"}),
            Map.entry("Content-Type", new String[] {"application/x-www-form-urlencoded", "application/json",
                "multipart/form-data; boundary=b", "text/plain; charset=utf-8"}),
            Map.entry("Accept", new String[] {"application/json", "text/html"}),
            Map.entry("Host", new String[] {"localhost", "[2001:db8::1]:8080", "example.com."}));
    private static final String[] BODIES = {"action=accept", "action=save&analytics=on", "{\"action\":\"reject\"}",
        "website=&message=hi&privacy-proof=x", "--b\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\nhi\r\n--b--"};

    private static Server server;
    private static LocalConnector connector;
    private static PrivacyFilter filter;

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(64 * 1024);
        connector = new LocalConnector(server, new HttpConnectionFactory(http));
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder holder = new FilterHolder(PrivacyFilter.class);
        holder.setInitParameters(Map.ofEntries(
                Map.entry("security.keys", TestSite.KEY),
                // LocalConnector's peer is 0.0.0.0: trusting it lets the forwarding headers count.
                Map.entry("client.trusted-proxies", "0.0.0.0/32, 192.0.2.0/24"),
                Map.entry("geo.database", TestSite.DEMO_DB),
                Map.entry("geo.country-header", "CF-IPCountry"),
                Map.entry("language.supported", "en,fr,de,ja,fr-CA"),
                Map.entry("referrer.site-hosts", "www.example.com"),
                Map.entry("consent.cookies", "analytics:_hj*,preferences:pref"),
                Map.entry("consent.csp", "enforce"),
                // Records go to SLF4J (off in tests): a million requests must not fill the disk.
                Map.entry("visits.store", "slf4j"),
                Map.entry("protect.paths", "/forms/*"),
                Map.entry("protect.challenge.difficulty", "8")));
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new Application()), "/*");
        server.setHandler(context);
        server.start();
        filter = (PrivacyFilter) holder.getFilter();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @FuzzTest
    void anyRequestGetsAnAnswerThatIsNotA500(FuzzedDataProvider data) throws Exception {
        String method = data.pickValue(METHODS);
        StringBuilder head = new StringBuilder(256);
        head.append(method).append(' ').append(data.pickValue(PATHS)).append(target(data.consumeString(80)));
        if (data.consumeBoolean()) {
            head.append(data.consumeBoolean() ? "?lang=" : "?").append(target(data.consumeString(60)));
        }
        head.append(" HTTP/1.1\r\n");
        boolean host = false;
        int headers = data.consumeInt(0, 10);
        for (int i = 0; i < headers; i++) {
            String name = data.consumeBoolean() ? data.pickValue(HEADERS) : token(data.consumeString(20));
            if (name.isEmpty() || isFraming(name)) {
                continue;
            }
            String[] plausible = PLAUSIBLE.get(name);
            String value = plausible != null && data.consumeBoolean() ? data.pickValue(plausible)
                    : data.consumeString(400);
            host |= name.equalsIgnoreCase("Host");
            head.append(name).append(": ").append(value.replace('\r', ' ').replace('\n', ' ')).append("\r\n");
        }
        if (!host) {
            head.append("Host: localhost\r\n");
        }
        String body = data.consumeBoolean() ? data.pickValue(BODIES) : data.consumeRemainingAsString();
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        if (!method.equals("GET") && !method.equals("HEAD")) {
            head.append("Content-Length: ").append(bodyBytes.length).append("\r\n");
        } else {
            bodyBytes = new byte[0];
        }
        head.append("Connection: close\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer request = ByteBuffer.allocate(headBytes.length + bodyBytes.length).put(headBytes).put(bodyBytes)
                .flip();

        // A HEAD answer announces a body it does not carry: the response parser must be told, or it waits for it.
        ByteBuffer answer = connector.getResponse(request, method.equals("HEAD"), 10, TimeUnit.SECONDS);

        assertThat(answer).as("an answer within 10 s to:%n%s", head).isNotNull();
        String response = StandardCharsets.ISO_8859_1.decode(answer).toString();
        assertThat(response).as("the request:%n%s", head).startsWith("HTTP/1.1 ").doesNotStartWith("HTTP/1.1 500");
        assertThat(filter.counters()).as("the request:%n%s", head).containsEntry("internal-error", 0L);
    }

    /** A request-target fragment: anything outside visible ASCII is percent-encoded, as a client must. */
    private static String target(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && c != '#') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
        }
        return sb.toString();
    }

    private static String token(String text) {
        return text.replaceAll("[^A-Za-z0-9!#$%&'*+.^_`|~-]", "");
    }

    /** Headers that frame the message: a made-up value would make Jetty wait for a body that never comes. */
    private static boolean isFraming(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("content-length") || n.equals("transfer-encoding") || n.equals("connection")
                || n.equals("expect") || n.equals("upgrade") || n.startsWith("http2");
    }

    /** An application that reads everything the filter offers and sets cookies of every category, as a site does. */
    static final class Application extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            VisitorContext v = VisitorContext.of(req);
            StringBuilder sb = new StringBuilder(512);
            sb.append(req.getRemoteAddr()).append(req.getScheme()).append(req.getLocale()).append(v.country())
                    .append(v.city()).append(v.timeZone()).append(v.browser().family()).append(v.browser().device())
                    .append(v.referrer().url()).append(v.sessionHash()).append(v.allows("analytics"))
                    .append(v.script("analytics", "/a.js")).append(v.consentMode("default"));
            Cookie[] cookies = req.getCookies();
            sb.append(cookies == null ? 0 : cookies.length);
            if (req.getRequestURI().startsWith("/forms/")) {
                sb.append(req.getParameter("message"));
            }
            if (req.getRequestURI().startsWith("/page")) {
                sb.append(v.bannerHtml()).append(v.protectionHtml("/forms/contact"));
            }
            resp.addCookie(new Cookie("_ga", "GA1.1.1"));
            resp.addHeader("Set-Cookie", "pref=1; Path=/");
            resp.setContentType("text/plain;charset=utf-8");
            resp.getWriter().write(sb.toString());
        }
    }
}
