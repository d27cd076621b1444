package net.erpex.privacy.spring.boot;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Hardens the container's session cookie ({@code JSESSIONID}) through Spring Boot's own settings, which Boot applies
 * on Tomcat and Jetty alike before the context starts: {@code server.servlet.session.cookie.http-only=true} and
 * {@code server.servlet.session.cookie.same-site=lax}, each only when the application has not set it. The filter
 * cannot do this itself under Boot: the servlet API allows it only before the context starts, and Jetty refuses it
 * later.
 *
 * <p>{@code Secure} is not forced, which would break sessions on plain http; behind a TLS-terminating proxy the
 * filter marks the cookie {@code Secure} on Tomcat, and {@code server.servlet.session.cookie.secure=true} does it on
 * any container for a site served only over https.
 */
public final class SessionCookieDefaults implements EnvironmentPostProcessor, Ordered {

    /** The name of the property source this adds, last, below everything the application configures. */
    public static final String SOURCE = "erpex.privacy.session-cookie-defaults";

    private static final Map<String, String> HARDENED = Map.of(
            "server.servlet.session.cookie.http-only", "true",
            "server.servlet.session.cookie.same-site", "lax");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if ("false".equalsIgnoreCase(environment.getProperty(PrivacyProperties.ENABLED, "true").trim())
                || environment.getPropertySources().contains(SOURCE)) {
            return;
        }
        Map<String, Object> defaults = new LinkedHashMap<>();
        HARDENED.forEach((name, value) -> {
            if (!environment.containsProperty(name)) {
                defaults.put(name, value);
            }
        });
        if (!defaults.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
        }
    }

    /** After the application's configuration has been loaded, so that what it sets is seen and kept. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
