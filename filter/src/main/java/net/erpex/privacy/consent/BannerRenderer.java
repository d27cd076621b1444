package net.erpex.privacy.consent;

import static net.erpex.privacy.consent.Html.element;
import static net.erpex.privacy.consent.Html.escape;
import static net.erpex.privacy.consent.Html.flag;
import static net.erpex.privacy.consent.Html.open;

import java.util.Objects;
import java.util.stream.Collectors;
import net.erpex.privacy.consent.BannerTexts.Shown;

/**
 * Renders the consent banner on the server, in the visitor's language, as a plain form that works with JavaScript off;
 * {@code banner.js} then enhances it (no reload, a dialog for "Cookie settings").
 *
 * <p>The markup obeys the filter's CSP ({@code script-src 'self' 'nonce-…'}, {@code style-src 'self' 'nonce-…'}): no
 * {@code style} attribute, no {@code on*} handler, no inline script; things are shown and hidden with the
 * {@code hidden} attribute.
 *
 * <p>Stable hooks, for the site's own code and for browser tests (ids are unique: the banner is once per page):
 * <table>
 * <caption>DOM hooks</caption>
 * <tr><th>element</th><th>id</th><th>attribute</th></tr>
 * <tr><td>root (everything below; carries {@code lang}, {@code data-privacy-decided="true|false"},
 *     {@code data-privacy-granted="necessary analytics"}, {@code data-privacy-endpoint})</td>
 *     <td>{@code erpex-privacy}</td><td>{@code data-privacy-root}</td></tr>
 * <tr><td>the banner, a {@code <section>}</td><td>{@code erpex-privacy-banner}</td>
 *     <td>{@code data-privacy-banner}</td></tr>
 * <tr><td>its heading</td><td>{@code erpex-privacy-title}</td><td>{@code data-privacy-title}</td></tr>
 * <tr><td>the form</td><td>{@code erpex-privacy-form}</td><td>{@code data-privacy-form}</td></tr>
 * <tr><td>buttons</td><td>{@code erpex-privacy-accept-all}, {@code -reject-all}, {@code -customize}, {@code -save},
 *     {@code -close}</td><td>{@code data-privacy-action="accept-all|reject-all|customize|save|close"}</td></tr>
 * <tr><td>the customize panel</td><td>{@code erpex-privacy-panel}</td><td>{@code data-privacy-panel}</td></tr>
 * <tr><td>a category's switch</td><td>{@code erpex-privacy-switch-<name>}</td>
 *     <td>{@code data-privacy-switch="<name>"}</td></tr>
 * <tr><td>"Cookie settings" (a link; a button once the script runs)</td><td>{@code erpex-privacy-settings}</td>
 *     <td>{@code data-privacy-settings}</td></tr>
 * <tr><td>the status message after a save</td><td>{@code erpex-privacy-status}</td>
 *     <td>{@code data-privacy-status}</td></tr>
 * <tr><td>the privacy policy link</td><td></td><td>{@code data-privacy-policy}</td></tr>
 * <tr><td>the settings page's link back to the return path</td><td></td><td>{@code data-privacy-back}</td></tr>
 * </table>
 *
 * <p>{@link BannerView#prefix()} and {@link BannerView#returnPath()} are written into URLs as given: the prefix must
 * already include the context path, and the return path must already be validated as same-origin.
 */
public final class BannerRenderer {

    private final BannerTexts texts;

    /** @param texts the banner's texts, built for the same categories as the views */
    public BannerRenderer(BannerTexts texts) {
        this.texts = Objects.requireNonNull(texts, "texts");
    }

    /**
     * The banner for a page: open when the visitor has not decided, otherwise only the "Cookie settings" control.
     * Includes its stylesheet and deferred script; meant for the end of {@code <body>} (or a footer).
     */
    public String render(BannerView view) {
        Shown shown = texts.shown(view.locale());
        boolean decided = view.state().decided();
        StringBuilder out = new StringBuilder(decided ? 1024 : 6144);
        root(out, "div", "erpex-privacy", view, shown);
        stylesheet(out, view);
        if (!decided) {
            banner(out, view, shown, false);
        }
        // Rendered even while the banner is open, hidden: after a choice made with the script, focus moves here.
        out.append("<p class=\"erpex-privacy__settings-line\">");
        open(out, "a", "id", "erpex-privacy-settings", "class", "erpex-privacy__settings", "href", settingsUrl(view),
                "data-privacy-settings", "", "hidden", flag(!decided));
        out.append(escape(shown.text("settings.link"))).append("</a> ");
        open(out, "span", "id", "erpex-privacy-status", "class", "erpex-privacy__status", "role", "status",
                "data-privacy-status", "", "data-privacy-saved", shown.text("status.saved"));
        out.append("</span></p>\n");
        open(out, "script", "src", view.prefix() + BannerAsset.SCRIPT.subPath() + "?v=" + BannerAsset.SCRIPT.version(),
                "defer", "", "nonce", nonce(view)).append("</script>\n");
        return out.append("</div>\n").toString();
    }

    /**
     * The page answered at {@code prefix + "/settings"}: the banner with its customize panel open, as a complete
     * document, for visitors without JavaScript. It has no script: the form posts and the server redirects back.
     */
    public String settingsPage(BannerView view) {
        Shown shown = texts.shown(view.locale());
        String lang = shown.language().toLanguageTag();
        StringBuilder out = new StringBuilder(8192).append("<!DOCTYPE html>\n");
        open(out, "html", "lang", lang).append("\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"robots\" content=\"noindex\">\n");
        element(out, "title", shown.text("settings.link"));
        stylesheet(out, view);
        out.append("</head>\n<body class=\"erpex-privacy-page\">\n");
        root(out, "main", "erpex-privacy erpex-privacy--page", view, shown);
        element(out, "h1", shown.text("settings.link"), "class", "erpex-privacy__page-title");
        banner(out, view, shown, true);
        out.append("<p class=\"erpex-privacy__back\">");
        open(out, "a", "href", view.returnPath(), "data-privacy-back", "");
        out.append(escape(shown.text("settings.back"))).append("</a></p>\n");
        return out.append("</main>\n</body>\n</html>\n").toString();
    }

    private void root(StringBuilder out, String tag, String classes, BannerView view, Shown shown) {
        ConsentState state = view.state();
        String granted = state.choices().entrySet().stream().filter(e -> e.getValue()).map(e -> e.getKey())
                .collect(Collectors.joining(" "));
        open(out, tag, "id", "erpex-privacy", "class", classes, "lang", shown.language().toLanguageTag(),
                "data-privacy-root", "", "data-privacy-decided", String.valueOf(state.decided()),
                "data-privacy-granted", granted, "data-privacy-endpoint", view.prefix() + "/consent").append('\n');
    }

    /**
     * The banner itself. A {@code <section aria-labelledby>}, i.e. a labelled region, not a dialog: it does not block
     * the page (the visitor may read on without choosing, and that is no consent), so it must not claim focus or
     * announce itself as something that has to be dealt with first; screen-reader users find it among the landmarks.
     * Only when the visitor reopens it from "Cookie settings" does the script make it a non-modal dialog, because then
     * they asked for it and focus goes into it.
     */
    private void banner(StringBuilder out, BannerView view, Shown shown, boolean page) {
        String lang = shown.language().toLanguageTag();
        open(out, "section", "id", "erpex-privacy-banner", "class", "erpex-privacy__banner", "lang", lang,
                "aria-labelledby", "erpex-privacy-title", "data-privacy-banner", "").append('\n');
        out.append("<div class=\"erpex-privacy__header\">\n");
        element(out, "h2", shown.text("banner.title"), "id", "erpex-privacy-title", "class", "erpex-privacy__title",
                "tabindex", "-1", "data-privacy-title", "");
        // Only the script shows it, and only for a visitor who has decided: closing never counts as a choice.
        element(out, "button", shown.text("button.close"), "type", "button", "id", "erpex-privacy-close",
                "class", "erpex-privacy__close", "data-privacy-action", "close", "hidden", "");
        out.append("</div>\n");
        open(out, "form", "id", "erpex-privacy-form", "class", "erpex-privacy__form", "method", "post",
                "action", view.prefix() + "/consent", "data-privacy-form", "").append('\n');
        open(out, "input", "type", "hidden", "name", "return", "value", view.returnPath()).append('\n');
        element(out, "p", shown.text("banner.intro"), "class", "erpex-privacy__text");
        purposes(out, view, shown);
        element(out, "p", shown.text("banner.choice"), "class", "erpex-privacy__text");
        if (!page) {
            out.append("<noscript>");
            element(out, "p", shown.text("banner.no-script"), "class", "erpex-privacy__text erpex-privacy__note");
            out.append("</noscript>\n");
        }
        out.append("<div class=\"erpex-privacy__actions erpex-privacy__actions--choices\">\n");
        submit(out, "accept-all", shown.text("button.accept-all"));
        submit(out, "reject-all", shown.text("button.reject-all"));
        if (!page) {
            // "Customize" is a link to the settings page, with the same class as the two buttons, rather than a
            // <details>/<summary>: a <summary> cannot sit in the row of buttons while its panel opens below the row
            // (that needs display: contents on <details>, which older engines ignore), and an equal-weight control
            // must look and sit exactly like its neighbours. Without JavaScript the link opens the same form, panel
            // open, on its own page (the path "Cookie settings" needs anyway); the script turns it into a disclosure
            // button (aria-expanded, aria-controls) that reveals the panel below in place.
            element(out, "a", shown.text("button.customize"), "id", "erpex-privacy-customize",
                    "class", "erpex-privacy__button", "href", settingsUrl(view), "data-privacy-action", "customize");
        }
        out.append("</div>\n");
        BannerPanel.write(out, view, shown, !page);
        String policy = texts.policyUrl();
        if (!policy.isEmpty()) {
            out.append("<p class=\"erpex-privacy__links\">");
            open(out, "a", "href", policy, "data-privacy-policy", "").append(escape(shown.text("policy.link")))
                    .append("</a></p>\n");
        }
        out.append("</form>\n</section>\n");
    }

    /**
     * The first layer names every optional purpose the site has and what it does (EDPB 05/2020: informed consent
     * before the choice, not behind a click): a description list of the non-necessary categories configured, so a
     * site without session recording does not mention it.
     */
    private static void purposes(StringBuilder out, BannerView view, Shown shown) {
        out.append("<dl class=\"erpex-privacy__purposes\">\n");
        for (ConsentCategory category : view.categories()) {
            if (category.necessary()) {
                continue;
            }
            String key = "category." + category.name() + ".";
            // A <dt> needs its <dd>: a category the site gave no summary shows its description, or nothing.
            element(out, "dt", shown.label(category));
            element(out, "dd", shown.optional(key + "summary").or(() -> shown.optional(key + "description"))
                    .orElse(""));
        }
        out.append("</dl>\n");
    }

    static void submit(StringBuilder out, String action, String text) {
        element(out, "button", text, "type", "submit", "id", "erpex-privacy-" + action, "class",
                "erpex-privacy__button", "name", "action", "value", action, "data-privacy-action", action);
    }

    private static void stylesheet(StringBuilder out, BannerView view) {
        open(out, "link", "rel", "stylesheet",
                "href", view.prefix() + BannerAsset.STYLE.subPath() + "?v=" + BannerAsset.STYLE.version(),
                "nonce", nonce(view)).append('\n');
    }

    private static String settingsUrl(BannerView view) {
        return view.prefix() + "/settings?return=" + Html.query(view.returnPath());
    }

    /** The nonce attribute only when there is one: {@code 'self'} already allows both files. */
    private static String nonce(BannerView view) {
        return view.nonce().isEmpty() ? null : view.nonce();
    }
}
