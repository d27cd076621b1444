package net.erpex.privacy;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The response as the application sees it, with two duties.
 *
 * <p><b>The cookie gate.</b> Every cookie the application sets, through {@link #addCookie} or a {@code Set-Cookie}
 * header, passes the visitor's consent first. A cookie of a category the visitor has not granted never reaches the
 * browser, whatever a template or library forgets to check. {@code setHeader("Set-Cookie", …)} adds instead of
 * replacing: replacing would also remove the filter's own cookies.
 *
 * <p><b>The commit hook.</b> What the filter adds to a response depends on the response (a page gets a
 * Content-Security-Policy and may start a session; a stylesheet gets neither), so it is decided when the response is
 * about to be sent, by {@link RequestVisit}: {@link RequestVisit#beforeHead} before anything the application does can
 * send the head (the first byte or character written, a flush, an error, a redirect), and
 * {@link RequestVisit#beforeCompletion} before anything can complete the response (closing the output, writing the
 * last byte of a declared {@code Content-Length}, an error, a redirect), which is when the visit is handed to the
 * recorder. The filter calls both at the end of the chain for a response nothing was written to, and at
 * {@code AsyncContext.complete()} for an asynchronous one.
 */
final class VisitorResponse extends HttpServletResponseWrapper {

    private static final Logger LOG = LoggerFactory.getLogger(PrivacyFilter.class);
    private static final AtomicBoolean CSP_REPLACED_LOGGED = new AtomicBoolean();

    private final RequestVisit visit;
    private CommitOutputStream stream;
    private CommitWriter writer;
    /** An upper bound of the bytes the application has given the container since the last reset. */
    private long written;
    /** The declared Content-Length, or -1. */
    private long contentLength = -1;
    /** The Content-Security-Policy header the application set in place of the filter's (warned about once), or null. */
    private String replacedPolicy;

    VisitorResponse(HttpServletResponse response, RequestVisit visit) {
        super(response);
        this.visit = visit;
    }

    // ---- the cookie gate

    @Override
    public void addCookie(Cookie cookie) {
        if (visit.maySetCookie(cookie.getName(), cookie.getMaxAge() == 0)) {
            super.addCookie(cookie);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (isSetCookie(name) && (value == null || !allowed(value))) {
            return;
        }
        if (isContentLength(name)) {
            declared(value);
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
        if (isContentLength(name)) {
            declared(value);
        } else if (name != null && name.regionMatches(true, 0, "Content-Security-Policy", 0, 23)) {
            replacedPolicy = name;
            if (CSP_REPLACED_LOGGED.compareAndSet(false, true)) {
                LOG.warn("The application replaces the filter's {} header: scripts of categories the visitor has not"
                        + " granted are then no longer blocked by it. Put the site's policy in the init-param"
                        + " consent.csp-policy instead.", name);
            }
        }
        super.setHeader(name, value);
    }

    private boolean allowed(String header) {
        int eq = header.indexOf('=');
        String cookieName = (eq < 0 ? header : header.substring(0, eq)).trim();
        return visit.maySetCookie(cookieName, isDeletion(header));
    }

    private static boolean isSetCookie(String name) {
        return "Set-Cookie".equalsIgnoreCase(name);
    }

    private static boolean isContentLength(String name) {
        return "Content-Length".equalsIgnoreCase(name);
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

    /** Whether the application set a Content-Security-Policy of its own, which then replaces the filter's. */
    boolean replacedPolicy(String header) {
        return header.equalsIgnoreCase(replacedPolicy);
    }

    // ---- the commit hook

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        ServletOutputStream out = super.getOutputStream();
        if (stream == null || !stream.wraps(out)) {
            stream = new CommitOutputStream(out, this);
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        PrintWriter out = super.getWriter();
        if (writer == null || !writer.wraps(out)) {
            writer = CommitWriter.wrap(out, this, getCharacterEncoding());
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        visit.beforeHead();
        super.flushBuffer();
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        visit.beforeCompletion(sc);
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        visit.beforeCompletion(sc);
        super.sendError(sc);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        visit.beforeCompletion(SC_FOUND);
        super.sendRedirect(location);
    }

    @Override
    public void setContentLength(int len) {
        setContentLengthLong(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        super.setContentLengthLong(len);
        contentLength = len;
        if (len >= 0 && written > 0 && written >= len) {
            visit.beforeCompletion(getStatus());
        }
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        written = 0;
    }

    @Override
    public void reset() {
        super.reset();
        written = 0;
        contentLength = -1;
        replacedPolicy = null;
        // The application started over before anything was sent: what the filter had added is gone with the rest.
        visit.afterReset();
    }

    private void declared(String value) {
        try {
            contentLength = value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            contentLength = -1;
        }
    }

    /** Called by the stream and the writer before {@code bytes} (at most) reach the container. */
    void beforeWrite(long bytes) {
        visit.beforeHead();
        written += bytes;
        if (contentLength >= 0 && written >= contentLength) {
            visit.beforeCompletion(getStatus());
        }
    }

    /** Called by the stream and the writer before a flush, which commits the response. */
    void beforeFlush() {
        visit.beforeHead();
    }

    /** Called by the stream and the writer before they are closed, which completes the response. */
    void beforeClose() {
        visit.beforeCompletion(getStatus());
    }
}
