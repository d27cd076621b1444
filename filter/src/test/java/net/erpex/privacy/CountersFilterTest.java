package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The counters an operator reads to see bad input and faults ({@link PrivacyFilter#counters()}), each moved by the
 * request that causes it and by no other, through a real Jetty.
 */
class CountersFilterTest {

    private static TestSite site;

    @BeforeAll
    static void start() throws Exception {
        site = TestSite.start("client.trusted-proxies", "127.0.0.1", "geo.database", TestSite.DEMO_DB,
                "geo.country-header", "CF-IPCountry", "language.supported", "en,fr,de");
    }

    @AfterAll
    static void stop() throws Exception {
        site.close();
    }

    private static long count(String name) {
        return site.filter().counters().get(name);
    }

    @Nested
    class SessionNew {

        @Test
        void countsARequestWithoutASessionCookie() throws Exception {
            long before = count("session-new");
            HttpResponse<String> response = site.get("/");
            assertThat(count("session-new")).isEqualTo(before + 1);
            assertThat(TestSite.cookie(response, "sid")).startsWith("sid=");
        }

        @Test
        void doesNotCountAReturningVisitor() throws Exception {
            String sid = TestSite.cookie(site.get("/"), "sid");
            long before = count("session-new");
            site.get("/", "Cookie", sid);
            assertThat(count("session-new")).isEqualTo(before);
        }
    }

    @Nested
    class LanguageChoiceIgnored {

        @Test
        void countsALangParameterThatNamesNoSupportedLanguage() throws Exception {
            long before = count("language-choice-ignored");
            Map<String, String> seen = site.seen("/?lang=tlh", "Accept-Language", "de");
            assertThat(seen).containsEntry("language", "de");
            assertThat(count("language-choice-ignored")).isEqualTo(before + 1);
        }

        @Test
        void countsALanguageCookieThatNamesNoSupportedLanguage() throws Exception {
            long before = count("language-choice-ignored");
            Map<String, String> seen = site.seen("/", "Cookie", "lang=tlh", "Accept-Language", "fr");
            assertThat(seen).containsEntry("language", "fr");
            assertThat(count("language-choice-ignored")).isEqualTo(before + 1);
        }

        @Test
        void doesNotCountASupportedChoice() throws Exception {
            long before = count("language-choice-ignored");
            assertThat(site.seen("/?lang=fr")).containsEntry("language", "fr");
            assertThat(site.seen("/", "Cookie", "lang=de")).containsEntry("language", "de");
            assertThat(count("language-choice-ignored")).isEqualTo(before);
        }
    }

    @Nested
    class CountryHeaderIgnored {

        @Test
        void countsACountryHeaderOfATrustedProxyThatIsNoCountryCode() throws Exception {
            long before = count("country-header-ignored");
            Map<String, String> seen = site.seen("/", "X-Forwarded-For", "192.0.2.10", "CF-IPCountry", "T1");
            assertThat(seen).containsEntry("country", "FR");
            assertThat(count("country-header-ignored")).isEqualTo(before + 1);
        }

        @Test
        void doesNotCountAValidCode() throws Exception {
            long before = count("country-header-ignored");
            assertThat(site.seen("/", "X-Forwarded-For", "192.0.2.10", "CF-IPCountry", "de"))
                    .containsEntry("country", "DE");
            assertThat(count("country-header-ignored")).isEqualTo(before);
        }
    }

    @Nested
    class CookieExpired {

        @Test
        void countsEachCookieOfADeniedCategoryExpiredInTheBrowser() throws Exception {
            long before = count("cookie-expired");
            HttpResponse<String> response = site.get("/", "Cookie", "_ga=GA1.1.1; _gid=GA1.1.2; theme=dark");
            assertThat(response.headers().allValues("Set-Cookie"))
                    .anyMatch(c -> c.startsWith("_ga=;") && c.contains("Max-Age=0"))
                    .anyMatch(c -> c.startsWith("_gid=;") && c.contains("Max-Age=0"))
                    .noneMatch(c -> c.startsWith("theme="));
            assertThat(count("cookie-expired")).isEqualTo(before + 2);
        }

        @Test
        void doesNotCountANecessaryOrUnclassifiedCookie() throws Exception {
            long before = count("cookie-expired");
            site.get("/", "Cookie", "theme=dark; XSRF-TOKEN=x");
            assertThat(count("cookie-expired")).isEqualTo(before);
        }
    }

    /**
     * A fault inside the filter (here: a container whose request object fails when the filter reads a header) lets the
     * request go on to the application without the filter, and is counted.
     */
    @Nested
    class InternalFault {

        @Test
        void countsAFaultOfTheFilterAndTheApplicationStillAnswers() throws Exception {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/");
            Filter broken = (request, response, chain) -> chain.doFilter(new BrokenHeaders((HttpServletRequest) request),
                    response);
            context.addFilter(new FilterHolder(broken), "/*", EnumSet.of(DispatcherType.REQUEST));
            FilterHolder privacy = new FilterHolder(PrivacyFilter.class);
            privacy.setInitParameters(Map.of("security.keys", TestSite.KEY,
                    "visits.dir", Files.createTempDirectory("erpex-visits").toString()));
            context.addFilter(privacy, "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    resp.getWriter().write("context=" + VisitorContext.find(req).isPresent());
                }
            }), "/*");
            server.setHandler(context);
            server.start();
            try {
                PrivacyFilter filter = (PrivacyFilter) privacy.getFilter();
                assertThat(filter.counters()).containsEntry("internal-error", 0L);
                HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + connector.getLocalPort() + "/")).header("Accept-Language", "fr").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("context=false");
                assertThat(filter.counters()).containsEntry("internal-error", 1L);
            } finally {
                server.stop();
            }
        }
    }

    /**
     * A request whose {@code Sec-Fetch-Dest} cannot be read, as a broken container or wrapper would have it: read
     * before the application runs, for every request (the language is decided later, only when needed).
     */
    private static final class BrokenHeaders extends HttpServletRequestWrapper {
        BrokenHeaders(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            if ("Sec-Fetch-Dest".equalsIgnoreCase(name)) {
                throw new IllegalStateException("header storage failed");
            }
            return super.getHeader(name);
        }
    }
}
