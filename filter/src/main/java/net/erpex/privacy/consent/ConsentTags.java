package net.erpex.privacy.consent;

import java.util.Objects;

/**
 * Renders the markup that depends on consent, from the server-side state, so a page cannot load a script of a
 * category the visitor has not granted. When a category is denied the tag is an inert placeholder
 * ({@code <script type="text/plain" data-privacy-category>}): the browser neither runs nor fetches it, and the banner
 * script knows that granting the category needs a reload to load it. Servlet-free; one instance per request.
 */
public final class ConsentTags {

    private final ConsentState state;
    private final String nonce;

    public ConsentTags(ConsentState state, String nonce) {
        this.state = Objects.requireNonNull(state, "state");
        this.nonce = Objects.requireNonNull(nonce, "nonce");
    }

    /**
     * An external script of {@code category}: {@code <script src nonce async>} when granted, a placeholder when not.
     *
     * @param src the script's URL; it must be on a source of the category (or the site's own), or the CSP blocks it
     */
    public String script(String category, String src) {
        String cat = Html.escape(category);
        if (!state.allows(category)) {
            return "<script type=\"text/plain\" data-privacy-category=\"" + cat + "\" data-src=\""
                    + Html.escape(src) + "\"></script>";
        }
        return "<script src=\"" + Html.escape(src) + "\" nonce=\"" + nonce + "\" async data-privacy-category=\""
                + cat + "\"></script>";
    }

    /**
     * An inline script of {@code category} with the request's nonce when granted; when not, a placeholder without the
     * code (which never reaches the browser).
     */
    public String inlineScript(String category, String code) {
        String cat = Html.escape(category);
        if (!state.allows(category)) {
            return "<script type=\"text/plain\" data-privacy-category=\"" + cat + "\"></script>";
        }
        return "<script nonce=\"" + nonce + "\" data-privacy-category=\"" + cat + "\">" + Html.scriptText(code)
                + "</script>";
    }

    /**
     * Google Consent Mode v2: defines {@code gtag} and declares the visitor's consent, to be placed before any Google
     * tag. Analytics grants {@code analytics_storage}; preferences grants {@code functionality_storage} and
     * {@code personalization_storage}; the advertising signals are granted only by a {@code marketing} category;
     * {@code security_storage} is always granted (it covers strictly necessary uses).
     *
     * @param command {@code default} (on page load) or {@code update} (after a decision)
     */
    public String consentMode(String command) {
        if (!"default".equals(command) && !"update".equals(command)) {
            throw new IllegalArgumentException("command must be default or update, got " + command);
        }
        String ads = flag(state.allows("marketing"));
        String preferences = flag(state.allows(ConsentCategories.PREFERENCES));
        return "<script nonce=\"" + nonce + "\">window.dataLayer=window.dataLayer||[];"
                + "function gtag(){dataLayer.push(arguments);}"
                + "gtag('consent','" + command + "',{"
                + "'ad_storage':'" + ads + "','ad_user_data':'" + ads + "','ad_personalization':'" + ads + "',"
                + "'analytics_storage':'" + flag(state.allows(ConsentCategories.ANALYTICS)) + "',"
                + "'functionality_storage':'" + preferences + "','personalization_storage':'" + preferences + "',"
                + "'security_storage':'granted'});</script>";
    }

    private static String flag(boolean granted) {
        return granted ? "granted" : "denied";
    }
}
