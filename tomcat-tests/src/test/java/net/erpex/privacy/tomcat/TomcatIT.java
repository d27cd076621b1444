package net.erpex.privacy.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.erpex.privacy.protect.ChallengeCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The demo war (unchanged) and a second site with the filter, deployed side by side under {@code /demo} and
 * {@code /shop} in the real Apache Tomcat 10.1 distribution, configured as the README's Tomcat section says
 * ({@code CATALINA_OPTS}, the SLF4J provider in the war). One Tomcat serves the whole class.
 */
class TomcatIT {

    private static final String TEXT = "Grüße, ça va? 日本";
    private static final Pattern CHALLENGE = Pattern.compile("\"challenge\"\\s*:\\s*\"([^\"]+)\"");

    private static TomcatServer tomcat;
    private static HttpClient http;

    @BeforeAll
    static void startTomcat() throws Exception {
        tomcat = TomcatServer.start(Path.of(System.getProperty("tomcat.home")), Path.of(System.getProperty("tomcat.run")),
                List.of(new String[] {"demo", System.getProperty("demo.war")},
                        new String[] {"shop", System.getProperty("shop.war")}),
                // What the README's Tomcat section puts in CATALINA_OPTS: the proxy in front of Tomcat is trusted.
                List.of("-Dprivacy.client.trusted-proxies=127.0.0.1"));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stopTomcat() throws Exception {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    /** The Fetch Metadata of a navigation to a page. */
    private static final String[] PAGE = {"Sec-Fetch-Dest", "document", "Sec-Fetch-Mode", "navigate"};

    private static HttpResponse<String> get(HttpClient client, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(tomcat.uri(path)).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        return get(http, path, headers);
    }

    private static List<String> cookies(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).toList();
    }

    private static Map<String, String> lines(String body) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String line : body.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }

    @Nested
    class TheDemoUnderAContextPath {

        @Test
        void linksItsPagesAndStylesheetUnderThatPath() throws Exception {
            HttpResponse<String> home = get("/demo/");
            assertThat(home.statusCode()).isEqualTo(200);
            assertThat(home.body()).contains("href=\"/demo/style.css\"", "href=\"/demo/visits\"",
                    "href=\"/demo/contact\"").doesNotContain("href=\"/visits\"", "href=\"/style.css\"");
            assertThat(get("/demo/style.css").statusCode()).isEqualTo(200);
            assertThat(get("/demo/contact").body()).contains("action=\"/demo/contact\"");
        }

        @Test
        void resolvesTheClientAndCountryThroughTheTrustedProxy() throws Exception {
            String body = get("/demo/api/visitor", "X-Forwarded-For", "203.0.113.7, 192.0.2.10").body();
            assertThat(body).contains("\"ip\":\"192.0.2.10\"", "\"country\":\"FR\"");
        }

        @Test
        void keepsItsAnalyticsCookieFromAnUndecidedVisitor() throws Exception {
            HttpResponse<String> home = get("/demo/", "X-Forwarded-For", "192.0.2.10");
            assertThat(home.statusCode()).isEqualTo(200);
            assertThat(cookies(home, "_ga")).isEmpty();
            assertThat(cookies(home, "sid-demo")).hasSize(1);
        }
    }

    @Nested
    class TheSecondSite {

        @Test
        void getsAProtectedFormWithoutCharsetIntact() throws Exception {
            Matcher m = CHALLENGE.matcher(get("/shop/privacy/challenge?path=%2Fcontact").body());
            assertThat(m.find()).isTrue();
            String token = m.group(1);
            String solution = null;
            for (long n = 0; solution == null; n++) {
                if (ChallengeCodec.meets(token, Long.toString(n), 8)) {
                    solution = Long.toString(n);
                }
            }
            String form = "message=" + URLEncoder.encode(TEXT, StandardCharsets.UTF_8) + "&privacy-challenge="
                    + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&privacy-solution=" + solution;
            // Browsers send forms without a charset; Tomcat alone would decode this body as ISO-8859-1.
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(tomcat.uri("/shop/contact"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(TEXT);
        }

        @Test
        void keepsAnAnalyticsCookieFromAnUndecidedVisitor() throws Exception {
            HttpResponse<String> r = get("/shop/analytics");
            assertThat(lines(r.body())).containsEntry("set", "_ga");
            assertThat(cookies(r, "_ga")).isEmpty();
        }

        @Test
        void givesTheContainerSessionCookieHttpOnlyAndSameSiteLax() throws Exception {
            List<String> jsession = cookies(get("/shop/session"), "JSESSIONID");
            assertThat(jsession).hasSize(1);
            assertThat(jsession.get(0)).contains("Path=/shop", "HttpOnly", "SameSite=Lax").doesNotContain("Secure");
        }

        @Test
        void marksTheContainerSessionCookieSecureBehindAnHttpsProxy() throws Exception {
            HttpResponse<String> r = get("/shop/session", "X-Forwarded-For", "192.0.2.10", "X-Forwarded-Proto",
                    "https");
            assertThat(lines(r.body())).containsEntry("secure", "true");
            List<String> jsession = cookies(r, "JSESSIONID");
            assertThat(jsession).hasSize(1);
            assertThat(jsession.get(0)).contains("Secure", "HttpOnly", "SameSite=Lax");
        }
    }

    @Nested
    class AVisitorOfBothSites {

        @Test
        void keepsBothSessionsWhenMovingBetweenThem() throws Exception {
            // Navigations, as a browser marks them: a page starts a session, a stylesheet or an API answer does not.
            HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> shop = get(browser, "/shop/visitor", PAGE);
            assertThat(cookies(shop, "sid-shop")).hasSize(1);
            HttpResponse<String> demo = get(browser, "/demo/", PAGE);
            assertThat(cookies(demo, "sid-demo")).hasSize(1);
            assertThat(cookies(demo, "sid-shop")).isEmpty();

            HttpResponse<String> shopAgain = get(browser, "/shop/visitor", PAGE);
            assertThat(cookies(shopAgain, "sid-shop")).as("a new shop session").isEmpty();
            assertThat(lines(shopAgain.body()).get("session")).isEqualTo(lines(shop.body()).get("session"));
            assertThat(cookies(get(browser, "/demo/", PAGE), "sid-demo")).as("a new demo session").isEmpty();
        }
    }

    @Nested
    class TheLog {

        @Test
        void receivesTheFiltersWarningsThroughTheSlf4jProvider() throws Exception {
            // java.util.logging's format in Tomcat's console: "... WARNING [main] net.erpex.privacy.PrivacyFilter..."
            assertThat(tomcat.log().lines().filter(l -> l.contains("WARNING") && l.contains("net.erpex.privacy")
                    && l.contains("security.keys is not set"))).isNotEmpty();
        }

        @Test
        void namesTheAbsoluteDirectoryOfARelativeVisitsDir() throws Exception {
            Path expected = Path.of(System.getProperty("tomcat.run")).toAbsolutePath().resolve("shop-visits");
            assertThat(tomcat.log()).contains("visits.dir='shop-visits' is relative: records go to " + expected);
        }
    }
}
