package net.erpex.privacy;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Enumeration;
import java.util.Locale;

/**
 * The request as the application sees it: the client's address and scheme as resolved through trusted proxies,
 * and the negotiated language as {@link #getLocale()}. Everything else passes through untouched.
 */
final class VisitorRequest extends HttpServletRequestWrapper {

    private final VisitorContext context;
    private final boolean schemeChanged;
    private final List<String> hiddenCookies;

    VisitorRequest(HttpServletRequest request, VisitorContext context) {
        this(request, context, List.of());
    }

    /**
     * @param hiddenCookies cookies of categories the visitor has not granted: the filter expires them in the browser,
     *                      and the application does not see them in {@link #getCookies()} either
     */
    VisitorRequest(HttpServletRequest request, VisitorContext context, List<String> hiddenCookies) {
        super(request);
        this.context = context;
        this.schemeChanged = request.isSecure() != context.secure();
        this.hiddenCookies = hiddenCookies;
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
