package net.erpex.privacy;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * The request as the application sees it: the client's address and scheme as resolved through trusted proxies,
 * the negotiated language as {@link #getLocale()}, and without the cookies the visitor has not consented to.
 *
 * <p>The application sees the result of that resolution, not the raw claims: {@code Forwarded} and
 * {@code X-Forwarded-Proto} are hidden (what they said, where it was believed, is {@link #getRemoteAddr()} and
 * {@link #isSecure()}), and {@code X-Forwarded-For} keeps only the hops left of the resolved client, as Tomcat's
 * {@code RemoteIpFilter} leaves it. A framework filter behind this one (Spring's {@code ForwardedHeaderFilter},
 * say) therefore cannot re-resolve the client from a header the proxies passed through from the client. Everything
 * else passes through untouched.
 *
 * <p>An asynchronous request started from it keeps the filter's response: {@link #startAsync()} hands the
 * application's code (and later dispatches) the wrapped request and response, so that an answer written on another
 * thread still passes the cookie gate and the commit hook, and {@link AsyncContext#complete()} records the visit
 * before the response completes.
 */
final class VisitorRequest extends HttpServletRequestWrapper {

    private final RequestVisit visit;
    private final VisitorContext context;
    private final boolean schemeChanged;
    private final List<String> hiddenCookies;
    private final int consumedForwardedFor;
    /** Where the container writes its session cookie. */
    private final HttpServletResponse response;
    private volatile AsyncContext async;

    VisitorRequest(HttpServletRequest request, RequestVisit visit) {
        super(request);
        this.visit = visit;
        this.context = visit.context();
        this.schemeChanged = request.isSecure() != context.secure();
        this.hiddenCookies = visit.expired();
        this.consumedForwardedFor = visit.client().consumedForwardedFor();
        this.response = visit.containerResponse();
    }

    @Override
    public HttpSession getSession() {
        return getSession(true);
    }

    /**
     * The container's session; when the container just set its session cookie on a request that a trusted proxy
     * says came over https (the container itself saw http, so the cookie lacks {@code Secure}), the cookie is marked
     * {@code Secure}.
     */
    @Override
    public HttpSession getSession(boolean create) {
        HttpSession session = super.getSession(create);
        if (session != null && session.isNew() && schemeChanged && context.secure()) {
            secureContainerCookie();
        }
        return session;
    }

    /** A new session id (Spring Security does this at login) is a new session cookie: marked as in getSession. */
    @Override
    public String changeSessionId() {
        String id = super.changeSessionId();
        if (schemeChanged && context.secure()) {
            secureContainerCookie();
        }
        return id;
    }

    /**
     * Adds {@code Secure} to the container's session cookie among the response's {@code Set-Cookie} headers. Tomcat
     * writes the header as the session is created, so it is there to mark; a container that writes it later (at
     * commit) is configured instead, as the README says.
     */
    private void secureContainerCookie() {
        if (response == null || response.isCommitted()) {
            return;
        }
        String configured = getServletContext().getSessionCookieConfig() == null ? null
                : getServletContext().getSessionCookieConfig().getName();
        String prefix = (configured == null || configured.isBlank() ? "JSESSIONID" : configured) + "=";
        List<String> headers = new ArrayList<>(response.getHeaders("Set-Cookie"));
        boolean changed = false;
        for (int i = 0; i < headers.size(); i++) {
            String header = headers.get(i);
            if (header.startsWith(prefix) && !hasSecure(header)) {
                headers.set(i, header + "; Secure");
                changed = true;
            }
        }
        if (changed) {
            response.setHeader("Set-Cookie", headers.get(0));
            for (String header : headers.subList(1, headers.size())) {
                response.addHeader("Set-Cookie", header);
            }
        }
    }

    private static boolean hasSecure(String header) {
        for (String attribute : header.split(";")) {
            if (attribute.trim().equalsIgnoreCase("Secure")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String getHeader(String name) {
        ForwardingView.Kind kind = ForwardingView.kind(name);
        if (kind == ForwardingView.Kind.OTHER) {
            return super.getHeader(name);
        }
        List<String> values = forwardingValues(kind, name);
        return values.isEmpty() ? null : values.get(0);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        ForwardingView.Kind kind = ForwardingView.kind(name);
        if (kind == ForwardingView.Kind.OTHER) {
            return super.getHeaders(name);
        }
        return Collections.enumeration(forwardingValues(kind, name));
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        Enumeration<String> names = super.getHeaderNames();
        if (names == null) {
            return null;
        }
        List<String> visible = new ArrayList<>();
        for (String name : Collections.list(names)) {
            ForwardingView.Kind kind = ForwardingView.kind(name);
            if (kind == ForwardingView.Kind.OTHER || !forwardingValues(kind, name).isEmpty()) {
                visible.add(name);
            }
        }
        return Collections.enumeration(visible);
    }

    @Override
    public int getIntHeader(String name) {
        return ForwardingView.kind(name) == ForwardingView.Kind.OTHER ? super.getIntHeader(name) : -1;
    }

    @Override
    public long getDateHeader(String name) {
        return ForwardingView.kind(name) == ForwardingView.Kind.OTHER ? super.getDateHeader(name) : -1;
    }

    private List<String> forwardingValues(ForwardingView.Kind kind, String name) {
        if (kind == ForwardingView.Kind.HIDDEN) {
            return List.of();
        }
        Enumeration<String> lines = super.getHeaders(name);
        return ForwardingView.unconsumed(lines == null ? List.of() : Collections.list(lines), consumedForwardedFor);
    }

    @Override
    public Cookie[] getCookies() {
        Cookie[] all = super.getCookies();
        if (hiddenCookies.isEmpty() || all == null) {
            return all;
        }
        int kept = 0;
        Cookie[] out = new Cookie[all.length];
        for (Cookie c : all) {
            if (!hiddenCookies.contains(c.getName())) {
                out[kept++] = c;
            }
        }
        return java.util.Arrays.copyOf(out, kept);
    }

    @Override
    public String getRemoteAddr() {
        return context.ip();
    }

    /** The address again: a reverse DNS lookup per request would be slow and tells nothing trustworthy. */
    @Override
    public String getRemoteHost() {
        return context.ip();
    }

    @Override
    public boolean isSecure() {
        return context.secure();
    }

    @Override
    public String getScheme() {
        return schemeChanged ? (context.secure() ? "https" : "http") : super.getScheme();
    }

    /** When a trusted proxy changed the scheme, the port the visitor used is that scheme's default. */
    @Override
    public int getServerPort() {
        return schemeChanged ? (context.secure() ? 443 : 80) : super.getServerPort();
    }

    @Override
    public StringBuffer getRequestURL() {
        if (!schemeChanged) {
            return super.getRequestURL();
        }
        StringBuffer url = new StringBuffer(getScheme()).append("://").append(getServerName());
        int port = getServerPort();
        if (port != (context.secure() ? 443 : 80)) {
            url.append(':').append(port);
        }
        return url.append(getRequestURI());
    }

    @Override
    public Locale getLocale() {
        return context.locale();
    }

    @Override
    public Enumeration<Locale> getLocales() {
        return Collections.enumeration(context.locales());
    }

    /** Starts with the filter's request and response rather than the container's originals (see the class doc). */
    @Override
    public AsyncContext startAsync() {
        return startAsync(this, visit.response());
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        AsyncContext started = new VisitorAsyncContext(super.startAsync(request, response), visit);
        async = started;
        return started;
    }

    @Override
    public AsyncContext getAsyncContext() {
        AsyncContext mine = async;
        AsyncContext current = super.getAsyncContext();
        return mine != null && ((VisitorAsyncContext) mine).wraps(current) ? mine : current;
    }
}
