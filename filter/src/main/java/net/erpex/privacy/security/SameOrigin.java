package net.erpex.privacy.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Decides whether a state-changing request (a consent choice, an erasure) comes from the site's own pages. The
 * evidence is read in the order browsers make it reliable: {@code Origin} (sent on every cross-origin and on
 * same-origin POSTs by current browsers), else {@code Sec-Fetch-Site}, else the origin of {@code Referer}. A request
 * with none of them is refused: a form of ours always carries one, and a forged one from another site never can
 * carry the right {@code Origin}.
 *
 * <p>The expected origin is the request's own scheme, host and port, with the scheme as trusted proxies report it.
 * Servlet-free and stateless.
 */
public final class SameOrigin {

    /** The outcome, with a reason for the log and the 403 body. */
    public record Verdict(boolean allowed, String reason) {
    }

    private SameOrigin() {
    }

    /**
     * @param scheme        the scheme the visitor used ({@code http} or {@code https})
     * @param host          the host the request was addressed to ({@code Host} header)
     * @param port          the port the visitor used
     * @param origin        the {@code Origin} header, or {@code null}
     * @param secFetchSite  the {@code Sec-Fetch-Site} header, or {@code null}
     * @param referer       the {@code Referer} header, or {@code null}
     */
    public static Verdict check(String scheme, String host, int port, String origin, String secFetchSite,
            String referer) {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
        if (origin != null) {
            return sameAs(scheme, host, port, origin, "Origin");
        }
        if (secFetchSite != null) {
            return "same-origin".equals(secFetchSite.trim())
                    ? new Verdict(true, "Sec-Fetch-Site: same-origin")
                    : new Verdict(false, "Sec-Fetch-Site is not same-origin");
        }
        if (referer != null) {
            return sameAs(scheme, host, port, referer, "Referer");
        }
        return new Verdict(false, "no Origin, Sec-Fetch-Site or Referer header");
    }

    private static Verdict sameAs(String scheme, String host, int port, String url, String header) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            return new Verdict(false, header + " is not a URL");
        }
        String s = uri.getScheme();
        String h = uri.getHost();
        if (s == null || h == null) {
            // Includes "Origin: null", sent by sandboxed frames and privacy-sensitive redirects.
            return new Verdict(false, header + " names no origin");
        }
        s = s.toLowerCase(Locale.ROOT);
        int p = uri.getPort() >= 0 ? uri.getPort() : defaultPort(s);
        boolean same = s.equals(scheme.toLowerCase(Locale.ROOT)) && stripBrackets(h).equalsIgnoreCase(stripBrackets(host))
                && p == (port > 0 ? port : defaultPort(scheme));
        return same ? new Verdict(true, header + " is this site") : new Verdict(false, header + " is another site");
    }

    private static String stripBrackets(String host) {
        return host.length() > 1 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']'
                ? host.substring(1, host.length() - 1) : host;
    }

    private static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }
}
