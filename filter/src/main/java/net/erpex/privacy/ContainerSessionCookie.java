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
 */
public final class ContainerSessionCookie implements ServletContainerInitializer {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerSessionCookie.class);

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        harden(context);
    }

    static void harden(ServletContext context) {
        SessionCookieConfig config = context.getSessionCookieConfig();
        if (config == null) {
            return; // a context without session support (Jetty's ServletContextHandler without sessions)
        }
        try {
            if (!config.isHttpOnly()) {
                config.setHttpOnly(true);
            }
            if (config.getAttribute("SameSite") == null) {
                config.setAttribute("SameSite", "Lax");
            }
        } catch (IllegalStateException | UnsupportedOperationException e) {
            LOG.debug("container session cookie left as configured: the context is already initialised", e);
        }
    }
}
