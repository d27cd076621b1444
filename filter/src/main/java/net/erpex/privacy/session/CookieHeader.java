package net.erpex.privacy.session;

import java.time.Duration;

/**
 * Builds {@code Set-Cookie} header values. Written out by hand rather than through {@code jakarta.servlet.http.Cookie}
 * so that every attribute (SameSite, the absence of Expires) is exactly what the cookie policy says, on every
 * container.
 */
public final class CookieHeader {

    private CookieHeader() {
    }

    /**
     * A first-party cookie for {@code Path=/} with {@code SameSite=Lax}.
     *
     * @param value  a cookie-octet string (the callers only pass base64url and language tags)
     * @param maxAge {@code null} for a session cookie: no Max-Age, no Expires
     */
    public static String build(String name, String value, Duration maxAge, boolean secure, boolean httpOnly) {
        return name + '=' + value + attributes(maxAge, secure, httpOnly);
    }

    /**
     * What follows {@code name=value} in {@link #build}: {@code build(n, v, a, s, h)} is {@code n + "=" + v +
     * attributes(a, s, h)}, so a caller that sets the same cookie often can keep this part and build each header in
     * one allocation.
     */
    public static String attributes(Duration maxAge, boolean secure, boolean httpOnly) {
        StringBuilder sb = new StringBuilder(64).append("; Path=/");
        if (maxAge != null) {
            sb.append("; Max-Age=").append(maxAge.getSeconds());
        }
        if (secure) {
            sb.append("; Secure");
        }
        if (httpOnly) {
            sb.append("; HttpOnly");
        }
        return sb.append("; SameSite=Lax").toString();
    }

    /** A header that makes the browser delete the cookie {@code name} at {@code Path=/}. */
    public static String expire(String name, boolean secure) {
        return build(name, "", Duration.ZERO, secure, true);
    }

    /**
     * A header that deletes cookie {@code name} at {@code Path=/}, host-only when {@code domain} is {@code null} and
     * for {@code domain} otherwise. A cookie is only replaced by one with the same name, domain and path, so each
     * place it may live needs its own header.
     */
    public static String expire(String name, boolean secure, String domain) {
        StringBuilder sb = new StringBuilder(name.length() + 48).append(name).append("=; Path=/");
        if (domain != null) {
            sb.append("; Domain=").append(domain);
        }
        sb.append("; Max-Age=0");
        if (secure) {
            sb.append("; Secure");
        }
        return sb.append("; HttpOnly; SameSite=Lax").toString();
    }
}
