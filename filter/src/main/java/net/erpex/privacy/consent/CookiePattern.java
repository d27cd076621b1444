package net.erpex.privacy.consent;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A cookie name, or a name prefix ending in {@code *} ({@code _ga_*}). Case-sensitive, as cookie names are. Only a
 * trailing star is accepted: patterns stay readable and matching stays a prefix test, whatever a site configures.
 */
public final class CookiePattern {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9!#$%&'+.^_`|~-]{1,64}\\*?|\\*");

    private final String text;
    private final String prefix;
    private final boolean wildcard;

    private CookiePattern(String text) {
        this.text = text;
        this.wildcard = text.endsWith("*");
        this.prefix = wildcard ? text.substring(0, text.length() - 1) : text;
    }

    /**
     * @throws IllegalArgumentException if {@code text} is not a cookie name token, optionally followed by {@code *}
     */
    public static CookiePattern parse(String text) {
        String t = Objects.requireNonNull(text, "text").trim();
        if (!VALID.matcher(t).matches() || "*".equals(t)) {
            throw new IllegalArgumentException("'" + text + "' is not a cookie name or a name prefix followed by *"
                    + " (e.g. _ga or _ga_*)");
        }
        return new CookiePattern(t);
    }

    public boolean matches(String cookieName) {
        return wildcard ? cookieName.startsWith(prefix) : cookieName.equals(prefix);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CookiePattern p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
