package net.erpex.privacy;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import net.erpex.privacy.consent.ConsentState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The response as the application sees it: every cookie it sets, through {@link #addCookie} or a
 * {@code Set-Cookie} header, passes the visitor's consent first. A cookie of a category the visitor has not granted
 * never reaches the browser, whatever a template or library forgets to check.
 *
 * <p>{@code setHeader("Set-Cookie", …)} adds instead of replacing: replacing would also remove the filter's own
 * session and consent cookies, set before the application ran.
 */
final class ConsentResponse extends HttpServletResponseWrapper {

    private static final Logger LOG = LoggerFactory.getLogger(PrivacyFilter.class);
    private static final AtomicBoolean CSP_REPLACED_LOGGED = new AtomicBoolean();

    private final ConsentEnforcer enforcer;
    private final ConsentState state;

    ConsentResponse(HttpServletResponse response, ConsentEnforcer enforcer, ConsentState state) {
        super(response);
        this.enforcer = enforcer;
        this.state = state;
    }

    @Override
    public void addCookie(Cookie cookie) {
        if (enforcer.maySet(cookie.getName(), cookie.getMaxAge() == 0, state)) {
            super.addCookie(cookie);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (isSetCookie(name) && !allowed(value)) {
            return;
        }
        super.addHeader(name, value);
    }

    @Override
    public void setHeader(String name, String value) {
        if (isSetCookie(name)) {
            if (value != null && allowed(value)) {
                super.addHeader(name, value);
            }
            return;
        }
        if (name != null && name.regionMatches(true, 0, "Content-Security-Policy", 0, 23)
                && CSP_REPLACED_LOGGED.compareAndSet(false, true)) {
            LOG.warn("The application replaces the filter's {} header: scripts of categories the visitor has not"
                    + " granted are then no longer blocked by it. Put the site's policy in the init-param"
                    + " consent.csp-policy instead.", name);
        }
        super.setHeader(name, value);
    }

    private boolean allowed(String header) {
        int eq = header.indexOf('=');
        String cookieName = (eq < 0 ? header : header.substring(0, eq)).trim();
        return enforcer.maySet(cookieName, isDeletion(header), state);
    }

    private static boolean isSetCookie(String name) {
        return "Set-Cookie".equalsIgnoreCase(name);
    }

    /**
     * Whether a Set-Cookie header deletes its cookie: {@code Max-Age} zero or less, or else an {@code Expires} in the
     * past (Max-Age wins when both are present, as RFC 6265 says).
     */
    static boolean isDeletion(String header) {
        Boolean byMaxAge = null;
        Boolean byExpires = null;
        String[] parts = header.split(";");
        for (int i = 1; i < parts.length; i++) {
            String attr = parts[i].trim();
            int eq = attr.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = attr.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = attr.substring(eq + 1).trim();
            if (key.equals("max-age")) {
                try {
                    byMaxAge = Long.parseLong(value) <= 0;
                } catch (NumberFormatException e) {
                    byMaxAge = false;
                }
            } else if (key.equals("expires")) {
                try {
                    byExpires = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()
                            .isBefore(Instant.now());
                } catch (DateTimeParseException e) {
                    byExpires = false;
                }
            }
        }
        return byMaxAge != null ? byMaxAge : Boolean.TRUE.equals(byExpires);
    }
}
