package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * The container's session cookie, when the filter is registered in code: hardened where the container still accepts
 * it, left alone where a framework configures it. (Where the container refuses, as Spring Boot's Jetty does, the WARN
 * is checked by the Spring Boot tests.)
 */
class ContainerSessionCookieTest {

    /** A servlet that creates the container's session. */
    static final class SessionServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().write(req.getSession().getId());
        }
    }

    /** Starts Jetty with sessions and the filter added in code, returns the JSESSIONID header and what was logged. */
    private static String[] run(boolean configuredElsewhere) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        if (configuredElsewhere) {
            context.setAttribute(ContainerSessionCookie.CONFIGURED_ELSEWHERE, Boolean.TRUE);
        }
        FilterHolder filter = new FilterHolder(new PrivacyFilter());
        filter.setInitParameter("visits.dir", Files.createTempDirectory("erpex-visits").toString());
        filter.setInitParameter("security.keys", TestSite.KEY);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new SessionServlet()), "/*");
        server.setHandler(context);
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            server.start();
        } finally {
            System.setErr(err);
        }
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            List<String> cookies = r.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("JSESSIONID=")).toList();
            return new String[] {cookies.isEmpty() ? "" : cookies.get(0), log.toString(StandardCharsets.UTF_8)};
        } finally {
            server.stop();
        }
    }

    @Test
    void isHardenedWhenTheContainerStillAcceptsIt() throws Exception {
        // Jetty initialises a filter added before start while its session cookie can still be configured.
        String[] result = run(false);
        assertThat(result[0]).contains("HttpOnly", "SameSite=Lax");
        assertThat(result[1]).doesNotContain("could not be given HttpOnly");
    }

    @Test
    void leavesACookieConfiguredElsewhereAlone() throws Exception {
        String[] result = run(true);
        assertThat(result[0]).startsWith("JSESSIONID=").doesNotContain("SameSite");
        assertThat(result[1]).doesNotContain("could not be given HttpOnly");
    }
}
