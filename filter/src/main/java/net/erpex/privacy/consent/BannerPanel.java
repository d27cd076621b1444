package net.erpex.privacy.consent;

import static net.erpex.privacy.consent.Html.element;
import static net.erpex.privacy.consent.Html.escape;
import static net.erpex.privacy.consent.Html.flag;
import static net.erpex.privacy.consent.Html.open;

import java.util.Optional;
import net.erpex.privacy.consent.BannerTexts.Shown;

/**
 * The banner's second layer: one switch per category and "Save choices". Part of {@link BannerRenderer}, kept apart
 * because the rule for a switch's initial position is the one place where the banner could mislead a visitor.
 */
final class BannerPanel {

    private BannerPanel() {
    }

    /**
     * Writes the panel.
     *
     * @param hidden whether it starts closed (the first layer), or open (the settings page)
     */
    static void write(StringBuilder out, BannerView view, Shown shown, boolean hidden) {
        open(out, "div", "id", "erpex-privacy-panel", "class", "erpex-privacy__panel", "role", "group",
                "aria-labelledby", "erpex-privacy-panel-title", "data-privacy-panel", "", "hidden", flag(hidden))
                .append('\n');
        element(out, "h3", shown.text("settings.title"), "id", "erpex-privacy-panel-title",
                "class", "erpex-privacy__subtitle");
        for (ConsentCategory category : view.categories()) {
            choice(out, category, view.state(), shown);
        }
        out.append("<div class=\"erpex-privacy__actions\">\n");
        BannerRenderer.submit(out, "save", shown.text("button.save"));
        out.append("</div>\n</div>\n");
    }

    private static void choice(StringBuilder out, ConsentCategory category, ConsentState state, Shown shown) {
        String name = category.name();
        String id = "erpex-privacy-switch-" + name;
        String descriptionId = "erpex-privacy-desc-" + name;
        Optional<String> description = shown.optional("category." + name + ".description");
        boolean fixed = category.necessary();
        String alwaysId = "erpex-privacy-always-" + name;
        String describedBy = fixed ? alwaysId + (description.isPresent() ? " " + descriptionId : "")
                : description.map(d -> descriptionId).orElse(null);
        out.append(fixed ? "<div class=\"erpex-privacy__switch erpex-privacy__switch--fixed\">\n"
                : "<div class=\"erpex-privacy__switch\">\n");
        // A necessary category is shown so the visitor knows it exists, checked and disabled: it has no name, so it is
        // never sent, and the server grants it whatever a form says.
        open(out, "input", "type", "checkbox", "role", "switch", "id", id, "name", fixed ? null : name,
                "value", fixed ? null : "on", "checked", flag(fixed || preTicked(category, state)),
                "disabled", flag(fixed), "aria-describedby", describedBy, "data-privacy-switch", name).append('\n');
        open(out, "label", "for", id, "class", "erpex-privacy__label").append(escape(shown.label(category)))
                .append("</label>\n");
        if (fixed) {
            element(out, "span", shown.text("settings.always-on"), "id", alwaysId, "class", "erpex-privacy__always");
        }
        if (description.isPresent()) {
            element(out, "p", description.get(), "id", descriptionId, "class", "erpex-privacy__description");
        }
        out.append("</div>\n");
    }

    /**
     * Whether a switch starts on. Only what the state grants, and never, before a decision, in the opt-in regime or
     * for an opt-in-only category, whatever the state says: a box the visitor did not tick must not come ticked
     * (CJEU C-673/17 Planet49; EDPB 05/2020 on pre-ticked boxes). In the opt-out and notice regimes the visitor sees
     * the categories that are in force, which they can turn off.
     */
    static boolean preTicked(ConsentCategory category, ConsentState state) {
        if (!state.allows(category.name())) {
            return false;
        }
        return state.decided() || (state.regime() != Regime.OPT_IN && !category.optInOnly());
    }
}
