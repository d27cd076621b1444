package net.erpex.privacy;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionCookieConfig;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hardens the container's own session cookie (JSESSIONID): HttpOnly and SameSite=Lax. Secure is left to the
 * container, which marks the cookie Secure on https requests; forcing it would break sessions of a site still
 * served over http.
 *
 * <p>The servlet API allows this only before the context is initialised, which is earlier than filters start.
 * Registered as a {@link ServletContainerInitializer} (discovered from {@code META-INF/services}), it runs early
 * enough; the filter's own attempt at {@code init()} covers containers that initialise filters programmatically
 * before the context.
 *
 * <p>A framework that configures the session cookie itself (the Spring Boot starter, through Boot's
 * {@code server.servlet.session.cookie.*}, which Boot applies outside {@link SessionCookieConfig} on Tomcat) sets the
 * context attribute {@link #CONFIGURED_ELSEWHERE} to {@code true}, and the application's own choice is then left
 * alone.
 */
public final class ContainerSessionCookie implements ServletContainerInitializer {

    /** Context attribute: {@link Boolean#TRUE} when the session cookie is configured by a framework. */
    public static final String CONFIGURED_ELSEWHERE = ContainerSessionCookie.class.getName() + ".configuredElsewhere";

    private static final Logger LOG = LoggerFactory.getLogger(ContainerSessionCookie.class);

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        harden(context);
    }

    static void harden(ServletContext context) {
        if (Boolean.TRUE.equals(context.getAttribute(CONFIGURED_ELSEWHERE))) {
            return;
        }
        SessionCookieConfig config = context.getSessionCookieConfig();
        if (config == null) {
            return; // a context without session support (Jetty's ServletContextHandler without sessions)
        }
        if (config.isHttpOnly() && config.getAttribute("SameSite") != null) {
            return;
        }
        try {
            if (!config.isHttpOnly()) {
                config.setHttpOnly(true);
            }
            if (config.getAttribute("SameSite") == null) {
                config.setAttribute("SameSite", "Lax");
            }
        } catch (IllegalStateException | UnsupportedOperationException e) {
            String name = config.getName() == null ? "JSESSIONID" : config.getName();
            LOG.warn("The container's session cookie {} could not be given HttpOnly and SameSite=Lax: the context {}"
                    + " had started before the filter (Spring Boot, or a filter registered in code). Configure it in"
                    + " the container: in web.xml, <session-config><cookie-config><http-only>true</http-only>"
                    + "<attribute><attribute-name>SameSite</attribute-name><attribute-value>Lax</attribute-value>"
                    + "</attribute></cookie-config></session-config>; in Spring Boot, add"
                    + " privacy-filter-spring-boot-starter, or set server.servlet.session.cookie.http-only=true and"
                    + " server.servlet.session.cookie.same-site=lax; in Jetty code, SessionHandler.setHttpOnly(true)"
                    + " and setSameSite(HttpCookie.SameSite.LAX)", name, context.getContextPath());
            LOG.debug("the container refused the change", e);
        }
    }
}
