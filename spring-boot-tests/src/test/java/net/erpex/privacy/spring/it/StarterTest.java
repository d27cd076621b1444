package net.erpex.privacy.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.erpex.privacy.PrivacyFilter;
import net.erpex.privacy.protect.ChallengeCodec;
import net.erpex.privacy.spring.boot.MeterQueries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

/**
 * The starter in a real Spring Boot application on a real container (which one: the module's Boot and server),
 * checked through HTTP as a visitor and an operator see it. One application serves the whole class; the start-up
 * failures start their own.
 */
class StarterTest {

    private static final String TEXT = "Grüße, ça va? 日本";
    private static final int DIFFICULTY = 8;
    private static final Pattern CHALLENGE = Pattern.compile("\"challenge\"\\s*:\\s*\"([^\"]+)\"");

    private static ConfigurableApplicationContext app;
    private static HttpClient http;
    private static String base;
    private static Path visits;
    /** What the application logged while it started (Boot logs to the console). */
    private static String startupLog;

    /** The properties a site sets: two, and the test's own (a fixed key, a cheap challenge, a temporary dir). */
    static Map<String, Object> properties(Path visitsDir) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.port", "0");
        p.put("server.address", "127.0.0.1");
        p.put("erpex.privacy.client.trusted-proxies", "127.0.0.1");
        p.put("erpex.privacy.geo.database", "classpath:net/erpex/privacy/geoip/erpex-demo-city.mmdb");
        p.put("erpex.privacy.visits.dir", visitsDir.toString());
        p.put("erpex.privacy.security.keys", "dGVzdC1rZXktZm9yLWVycGV4LXByaXZhY3ktZmlsdGVyLTA=");
        // Relaxed binding: the list as YAML would give it, and a camel-case name.
        p.put("erpex.privacy.protect.paths[0]", "/contact");
        p.put("erpex.privacy.protect.challenge.difficulty", String.valueOf(DIFFICULTY));
        p.put("management.endpoints.web.exposure.include", "health,metrics");
        p.put("management.endpoint.health.show-details", "always");
        return p;
    }

    static ConfigurableApplicationContext start(Map<String, Object> properties) {
        return new SpringApplicationBuilder(ShopApplication.class).properties(properties).run();
    }

    /** Starts an application, with what it logs while starting (Boot logs to the console) into {@code log}. */
    static ConfigurableApplicationContext startLogging(Map<String, Object> properties, StringBuilder log) {
        java.io.PrintStream console = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                console.write(b);
                captured.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                console.write(b, off, len);
                captured.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8));
        try {
            return start(properties);
        } finally {
            System.setOut(console);
            log.append(captured.toString(StandardCharsets.UTF_8));
        }
    }

    @BeforeAll
    static void startApplication() throws IOException {
        visits = Files.createTempDirectory("erpex-boot-visits");
        StringBuilder log = new StringBuilder();
        app = startLogging(properties(visits), log);
        startupLog = log.toString();
        base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stopApplication() {
        if (app != null) {
            app.close();
        }
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static List<String> cookies(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).toList();
    }

    @Test
    void runsOnTheModulesContainer() throws Exception {
        // WebServerApplicationContext moved package in Boot 4; its getWebServer() did not change.
        Object webServer = app.getClass().getMethod("getWebServer").invoke(app);
        assertThat(webServer.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT))
                .startsWith(System.getProperty("expected.container"));
    }

    @Nested
    class TheVisitor {

        @Test
        void isResolvedThroughTheTrustedProxyWithTheirCountry() throws Exception {
            String body = get("/visitor", "X-Forwarded-For", "203.0.113.9, 192.0.2.10").body();
            assertThat(body).contains("remoteAddr=192.0.2.10\n", "ip=192.0.2.10\n", "country=FR\n");
        }

        @Test
        void getsTheirProtectedFormThroughIntact() throws Exception {
            HttpResponse<String> issued = get("/privacy/challenge?path=%2Fcontact");
            Matcher m = CHALLENGE.matcher(issued.body());
            assertThat(m.find()).as(issued.body()).isTrue();
            String token = m.group(1);
            String solution = null;
            for (long n = 0; solution == null; n++) {
                if (ChallengeCodec.meets(token, Long.toString(n), DIFFICULTY)) {
                    solution = Long.toString(n);
                }
            }
            String form = "message=" + URLEncoder.encode(TEXT, StandardCharsets.UTF_8) + "&privacy-challenge="
                    + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&privacy-solution=" + solution;
            // No charset in the Content-Type, as browsers send forms.
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/contact"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(TEXT);
        }

        @Test
        void isNotGivenAnAnalyticsCookieBeforeDeciding() throws Exception {
            HttpResponse<String> r = get("/analytics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(cookies(r, "_ga")).isEmpty();
            assertThat(app.getBean(PrivacyFilter.class).counters()).containsKey("cookie-blocked");
            assertThat(app.getBean(PrivacyFilter.class).counters().get("cookie-blocked")).isPositive();
        }

        @Test
        void getsAContainerSessionCookieHardenedWithoutAnyWarning() {
            assertThat(startupLog).contains("PrivacyFilter started")
                    .doesNotContain("could not be given HttpOnly and SameSite=Lax");
        }

        @Test
        void getsAContainerSessionCookieThatIsHttpOnlyAndLax() throws Exception {
            List<String> jsession = cookies(get("/session"), "JSESSIONID");
            assertThat(jsession).hasSize(1);
            assertThat(jsession.get(0)).containsIgnoringCase("; HttpOnly").containsIgnoringCase("SameSite=Lax");
        }
    }

    @Nested
    class BehindATlsTerminatingProxy {

        @Test
        void getsASecureContainerSessionCookie() throws Exception {
            HttpResponse<String> r = get("/session", "X-Forwarded-For", "192.0.2.10", "X-Forwarded-Proto", "https");
            List<String> jsession = cookies(r, "JSESSIONID");
            assertThat(jsession).hasSize(1);
            assertThat(jsession.get(0)).contains("Secure").containsIgnoringCase("HttpOnly");
        }
    }

    @Nested
    class TheOperator {

        @Test
        void seesThePrivacyHealthComponent() throws Exception {
            HttpResponse<String> r = get("/actuator/health/privacy");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("\"status\":\"UP\"", "\"store\":\"jsonl\"", "\"storeReachable\":true",
                    "\"spoolLimit\":0");
        }

        @Test
        void seesEveryCounterAsAnErpexPrivacyMeter() throws Exception {
            get("/visitor");
            Map<String, Long> counters = app.getBean(PrivacyFilter.class).counters();
            assertThat(counters).containsKeys("records-written", "cookie-blocked", "protect-passed-challenge",
                    "protect-blocked-no-proof");
            String names = get("/actuator/metrics").body();
            assertThat(names).contains("\"erpex.privacy.records.written\"", "\"erpex.privacy.records.queued\"",
                    "\"erpex.privacy.cookie.blocked\"", "\"erpex.privacy.protect.blocked\"");
            for (String counter : counters.keySet()) {
                HttpResponse<String> meter = get("/actuator/metrics/" + MeterQueries.of(counter));
                assertThat(meter.statusCode()).as(counter + " -> " + MeterQueries.of(counter)).isEqualTo(200);
            }
        }

        @Test
        void findsTheFilterAfterCharacterEncodingAndBeforeSpringSecurity() {
            FilterRegistrationBean<?> privacy = app.getBean("privacyFilterRegistration", FilterRegistrationBean.class);
            int encoding = ((Ordered) app.getBean("characterEncodingFilter")).getOrder();
            int springSecurity = -100; // SecurityProperties.DEFAULT_FILTER_ORDER on Boot 3.5 and 4
            assertThat(privacy.getOrder()).isGreaterThan(encoding).isLessThan(springSecurity);
        }
    }

    @Nested
    class StartUp {

        @Test
        void failsOnABadValueNamingTheProperty() throws IOException {
            Map<String, Object> p = properties(Files.createTempDirectory("erpex-boot-bad"));
            p.put("erpex.privacy.geo.cacheSize", "-1");
            assertThatThrownBy(() -> start(p)).satisfies(e -> assertThat(messages(e))
                    .contains("erpex.privacy.geo.cache-size").contains("out of range"));
        }

        @Test
        void failsOnAnUnknownPropertyNamingIt() throws IOException {
            Map<String, Object> p = properties(Files.createTempDirectory("erpex-boot-bad"));
            p.put("erpex.privacy.geo.databse", "/tmp/x.mmdb");
            assertThatThrownBy(() -> start(p)).satisfies(e -> assertThat(messages(e))
                    .contains("Unknown property erpex.privacy.geo.databse"));
        }

        @Test
        void failsUnderTheFrameworkForwardHeadersStrategySayingWhatToDo() throws IOException {
            Map<String, Object> p = properties(Files.createTempDirectory("erpex-boot-bad"));
            p.put("server.forward-headers-strategy", "framework");
            assertThatThrownBy(() -> start(p)).satisfies(e -> assertThat(messages(e))
                    .contains("server.forward-headers-strategy=framework cannot be used")
                    .contains("erpex.privacy.client.trusted-proxies"));
        }

        @Test
        void keepsTheApplicationsOwnSessionCookieSettings() throws Exception {
            Map<String, Object> p = properties(Files.createTempDirectory("erpex-boot-own"));
            p.put("server.servlet.session.cookie.same-site", "strict");
            p.put("server.servlet.session.cookie.name", "SHOPSESSION");
            try (ConfigurableApplicationContext own = start(p)) {
                String url = "http://127.0.0.1:" + own.getEnvironment().getProperty("local.server.port") + "/session";
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                List<String> session = cookies(r, "SHOPSESSION");
                assertThat(session).hasSize(1);
                assertThat(session.get(0)).containsIgnoringCase("SameSite=Strict").containsIgnoringCase("HttpOnly")
                        .doesNotContainIgnoringCase("SameSite=Lax");
            }
        }

        /**
         * Without the starter (the filter registered by hand): Tomcat still accepts the hardening when the filter
         * starts; Boot's Jetty has started the context by then and refuses, and the log says what to configure.
         */
        @Test
        void hardensOrWarnsWithoutTheStarter() throws Exception {
            Map<String, Object> p = properties(Files.createTempDirectory("erpex-boot-manual"));
            p.keySet().removeIf(k -> k.startsWith("erpex.privacy.") || k.startsWith("management."));
            p.put("erpex.privacy.enabled", "false");
            p.put("shop.manual-filter", "true");
            StringBuilder log = new StringBuilder();
            try (ConfigurableApplicationContext manual = startLogging(p, log)) {
                String url = "http://127.0.0.1:" + manual.getEnvironment().getProperty("local.server.port") + "/session";
                List<String> session = cookies(http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString()), "JSESSIONID");
                assertThat(session).hasSize(1);
                assertThat(log).contains("PrivacyFilter started");
                if (session.get(0).contains("SameSite=Lax")) {
                    assertThat(System.getProperty("expected.container")).isEqualTo("tomcat");
                    assertThat(log).doesNotContain("could not be given HttpOnly");
                } else {
                    assertThat(log).contains("The container's session cookie JSESSIONID could not be given HttpOnly"
                            + " and SameSite=Lax", "server.servlet.session.cookie.same-site=lax");
                }
            }
        }

        @Test
        void registersNoFilterWhenDisabled() throws IOException {
            Map<String, Object> p = properties(Files.createTempDirectory("erpex-boot-off"));
            p.put("erpex.privacy.enabled", "false");
            try (ConfigurableApplicationContext off = start(p)) {
                assertThat(off.getBeanNamesForType(PrivacyFilter.class)).isEmpty();
                assertThat(off.getEnvironment().getProperty("server.servlet.session.cookie.same-site")).isNull();
            }
        }

        private static String messages(Throwable e) {
            StringBuilder sb = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                sb.append(t.getMessage()).append('\n');
            }
            return sb.toString();
        }
    }
}
