package net.erpex.privacy;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Enumeration;
import java.util.Locale;

/**
 * The request as the application sees it: the client's address and scheme as resolved through trusted proxies,
 * and the negotiated language as {@link #getLocale()}.
 *
 * <p>The application sees the result of that resolution, not the raw claims: {@code Forwarded} and
 * {@code X-Forwarded-Proto} are hidden (what they said, where it was believed, is {@link #getRemoteAddr()} and
 * {@link #isSecure()}), and {@code X-Forwarded-For} keeps only the hops left of the resolved client, as Tomcat's
 * {@code RemoteIpFilter} leaves it. A framework filter behind this one (Spring's {@code ForwardedHeaderFilter},
 * say) therefore cannot re-resolve the client from a header the proxies passed through from the client. Everything
 * else passes through untouched.
 */
final class VisitorRequest extends HttpServletRequestWrapper {

    /** Request attribute: the {@code X-Forwarded-For} hops that resolution consumed, for later dispatches. */
    static final String CONSUMED_FORWARDED_FOR = VisitorRequest.class.getName() + ".consumedForwardedFor";

    private final VisitorContext context;
    private final boolean schemeChanged;
    private final List<String> hiddenCookies;
    /** Where the container writes its session cookie; null on later dispatches, whose sessions are not new. */
    private final HttpServletResponse response;
    private final int consumedForwardedFor;

    /** A later dispatch of a request that {@link VisitorPipeline} has prepared. */
    VisitorRequest(HttpServletRequest request, VisitorContext context) {
        this(request, context, List.of(), request.getAttribute(CONSUMED_FORWARDED_FOR) instanceof Integer n ? n : 0,
                null);
    }

    /**
     * @param hiddenCookies        cookies of categories the visitor has not granted: the filter expires them in the
     *                             browser, and the application does not see them in {@link #getCookies()} either
     * @param consumedForwardedFor {@code X-Forwarded-For} hops, from the right, that the resolved client accounts for
     * @param response             where the container writes its session cookie; null on later dispatches
     */
    VisitorRequest(HttpServletRequest request, VisitorContext context, List<String> hiddenCookies,
            int consumedForwardedFor, HttpServletResponse response) {
        super(request);
        this.context = context;
        this.schemeChanged = request.isSecure() != context.secure();
        this.hiddenCookies = hiddenCookies;
        this.consumedForwardedFor = consumedForwardedFor;
        this.response = response;
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
        return Arrays.stream(all).filter(c -> !hiddenCookies.contains(c.getName())).toArray(Cookie[]::new);
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
}
