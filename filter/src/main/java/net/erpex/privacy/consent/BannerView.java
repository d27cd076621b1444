package net.erpex.privacy.consent;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the banner needs to render for one request.
 *
 * @param locale     the visitor's language (one of the site's languages; the banner falls back to English texts)
 * @param state      the consent in force
 * @param categories the categories, in display order (necessary ones included, shown as always on)
 * @param prefix     {@code endpoints.prefix}: the form posts to {@code prefix + "/consent"}, the script is
 *                   {@code prefix + "/banner.js"}, the no-JavaScript settings page {@code prefix + "/settings"}
 * @param returnPath the same-origin path the visitor returns to after a form post (already validated)
 * @param nonce      the request's CSP nonce, for any element that needs one
 */
public record BannerView(Locale locale, ConsentState state, List<ConsentCategory> categories, String prefix,
                         String returnPath, String nonce) {

    public BannerView {
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(state, "state");
        categories = List.copyOf(categories);
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(returnPath, "returnPath");
        Objects.requireNonNull(nonce, "nonce");
    }
}
