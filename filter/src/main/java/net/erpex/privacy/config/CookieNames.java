package net.erpex.privacy.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The default names of the filter's cookies, scoped to the webapp's context path. Every cookie of the filter lives at
 * {@code Path=/} (a {@code __Host-} cookie must), so two webapps on one host see each other's cookies: only the name
 * can keep them apart.
 */
final class CookieNames {

    /**
     * Context paths that read well in a cookie name: segments of letters, digits, dashes and underscores. Dots are
     * left out so that the dot can stand for the slash without two paths sharing a name.
     */
    private static final Pattern READABLE = Pattern.compile("(/[A-Za-z0-9_-]+)+");
    /** Leaves room for {@code __Host-} within the 64 characters a name may have. */
    private static final int MAX_READABLE = 48;

    private CookieNames() {
    }

    /**
     * {@code base} in the root context; {@code base-shop} for {@code /shop} and {@code base-shop.eu} for
     * {@code /shop/eu}; a context path that is long or has other characters gets {@code base-} and a hash of it.
     */
    static String scoped(String base, String contextPath) {
        if (contextPath == null || contextPath.isEmpty() || contextPath.equals("/")) {
            return base;
        }
        if (READABLE.matcher(contextPath).matches() && contextPath.length() <= MAX_READABLE) {
            return base + "-" + contextPath.substring(1).replace('/', '.');
        }
        return base + "-" + hash(contextPath);
    }

    private static String hash(String contextPath) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(contextPath.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
