package net.erpex.privacy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import net.erpex.privacy.PrivacyFilter;
import net.erpex.privacy.VisitorContext;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;

/**
 * The filter's Content-Security-Policy as Chromium enforces it: the page gets two policies (the granted sources, and
 * the nonce), and the browser must run exactly what one policy with the nonce would run, except a nonced script from
 * a host whose category the visitor refused. The site is a servlet behind the filter on one port; the third party a
 * category names is another server on another port (another origin).
 */
class ContentSecurityPolicyIT {

    private static final String MARKER = "document.documentElement.dataset.";
    private static Server site;
    private static Server thirdParty;
    @TempDir
    static Path visits;

    @BeforeAll
    static void start() throws Exception {
        RequiredService.CHROMIUM.assume();
        thirdParty = new Server();
        ServerConnector other = new ServerConnector(thirdParty);
        other.setHost("127.0.0.1");
        thirdParty.addConnector(other);
        ServletContextHandler scripts = new ServletContextHandler();
        scripts.addServlet(new ServletHolder(new Script("external")), "/ext.js");
        thirdParty.setHandler(scripts);
        thirdParty.start();
        String thirdPartyHost = "127.0.0.1:" + other.getLocalPort();

        site = new Server();
        ServerConnector connector = new ServerConnector(site);
        connector.setHost("127.0.0.1");
        site.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        FilterHolder filter = new FilterHolder(PrivacyFilter.class);
        filter.setInitParameters(Map.of("consent.csp", "enforce", "consent.categories", "marketing",
                "consent.sources", "marketing:" + thirdPartyHost, "visits.dir", visits.toString(),
                "language.supported", "en"));
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new Page("http://" + thirdPartyHost + "/ext.js")), "/page");
        context.addServlet(new ServletHolder(new Script("own")), "/own.js");
        site.setHandler(context);
        site.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (site != null) {
            site.stop();
        }
        if (thirdParty != null) {
            thirdParty.stop();
        }
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + ((ServerConnector) site.getConnectors()[0]).getLocalPort() + path;
    }

    @Test
    void runsOnlyNoncedInlineCodeAndOnlyTheGrantedThirdPartysScript() throws Exception {
        try (Browser b = new Browser("en")) {
            b.driver.get(url("/page"));
            Map<String, String> ran = ran(b);
            assertThat(ran).containsEntry("nonced", "ran").containsEntry("own", "ran")
                    .doesNotContainKeys("plain", "external", "handler");
            assertThat(color(b, "a")).isEqualTo("rgb(1, 2, 3)");
            assertThat(color(b, "b")).isNotEqualTo("rgb(4, 5, 6)");

            // The visitor grants the category: its host's script, nonced, now runs; inline code is as before.
            b.driver.manage().addCookie(new Cookie("consent", grantMarketing()));
            b.driver.get(url("/page"));
            ran = ran(b);
            assertThat(ran).containsEntry("nonced", "ran").containsEntry("own", "ran")
                    .containsEntry("external", "ran").doesNotContainKeys("plain", "handler");
            assertThat(color(b, "b")).isNotEqualTo("rgb(4, 5, 6)");
        }
    }

    /** What the page's scripts marked as run, after the inline handler's button was clicked. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> ran(Browser b) {
        b.driver.findElement(By.id("h")).click();
        return (Map<String, String>) b.driver.executeScript(
                "return Object.assign({}, document.documentElement.dataset);");
    }

    private static String color(Browser b, String id) {
        return (String) b.driver.executeScript("return getComputedStyle(document.getElementById(arguments[0]))"
                + ".color;", id);
    }

    /** The consent cookie's value after a choice that grants the site's own category. */
    private static String grantMarketing() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url("/privacy/consent")))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", url(""))
                .POST(HttpRequest.BodyPublishers.ofString("action=save&marketing=on")).build(),
                HttpResponse.BodyHandlers.discarding());
        List<String> cookies = response.headers().allValues("Set-Cookie");
        String consent = cookies.stream().filter(c -> c.startsWith("consent=")).findFirst()
                .orElseThrow(() -> new AssertionError("no consent cookie in " + response.statusCode() + cookies));
        return consent.substring("consent=".length(), consent.indexOf(';'));
    }

    /** A page with every kind of script and style the policy decides on. */
    private static final class Page extends HttpServlet {

        private final String external;

        Page(String external) {
            this.external = external;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String nonce = VisitorContext.of(req).nonce();
            resp.setContentType("text/html;charset=utf-8");
            resp.getWriter().write("<!doctype html><html><head><title>csp</title>"
                    + "<style nonce=\"" + nonce + "\">#a{color:rgb(1,2,3)}</style>"
                    + "<style>#b{color:rgb(4,5,6)}</style></head><body><p id=\"a\">a</p><p id=\"b\">b</p>"
                    + "<button id=\"h\" onclick=\"" + MARKER + "handler='ran'\">h</button>"
                    + "<script nonce=\"" + nonce + "\">" + MARKER + "nonced='ran'</script>"
                    + "<script>" + MARKER + "plain='ran'</script>"
                    + "<script src=\"/own.js\"></script>"
                    + "<script nonce=\"" + nonce + "\" src=\"" + external + "\"></script>"
                    + "</body></html>");
        }
    }

    /** A script that marks the page with its name. */
    private static final class Script extends HttpServlet {

        private final String name;

        Script(String name) {
            this.name = name;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/javascript");
            resp.getWriter().write(MARKER + name + "='ran';");
        }
    }
}
