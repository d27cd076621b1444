package net.erpex.privacy.consent;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A purpose a visitor can grant or refuse, with the cookies it sets and the third-party sources its scripts need.
 *
 * @param name          lower-case name used in configuration, the consent cookie, JSON and records
 * @param necessary     strictly necessary: always granted, never shown as a choice
 * @param saleOrSharing whether the category sells or shares personal data in the sense of US state laws: a
 *                      {@code Sec-GPC: 1} signal denies it
 * @param optInOnly     whether it may be granted only by an explicit choice, in every regime (session recording)
 * @param cookies       the cookie names it sets
 * @param sources       CSP host sources its scripts, frames and requests need, allowed only while the category is
 *                      granted: {@code https://cdn.example.com/} in script-src, connect-src, img-src and frame-src,
 *                      or {@code script-src https://www.google.com/recaptcha/} in the directive named only
 */
public record ConsentCategory(String name, boolean necessary, boolean saleOrSharing, boolean optInOnly,
                              List<CookiePattern> cookies, List<String> sources) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    public ConsentCategory {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches() || name.length() > 32) {
            throw new IllegalArgumentException("'" + name + "' is not a category name: lower-case letters, digits and"
                    + " single dashes, at most 32 characters (e.g. marketing)");
        }
        cookies = cookies == null ? List.of() : List.copyOf(cookies);
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    /** Whether a cookie of this name belongs to this category. */
    public boolean owns(String cookieName) {
        for (CookiePattern p : cookies) {
            if (p.matches(cookieName)) {
                return true;
            }
        }
        return false;
    }
}
