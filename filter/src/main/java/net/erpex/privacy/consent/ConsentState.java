package net.erpex.privacy.consent;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the visitor of one request has agreed to, as the server enforces it. Immutable.
 *
 * @param policyVersion the current {@code consent.policy-version}
 * @param decided       whether a valid decision for this policy version exists (from the consent cookie, or a
 *                      decision made in this request); when {@code false} the banner is shown
 * @param categories    every category name, in display order
 * @param granted       the granted category names, always including the necessary ones
 * @param decidedAt     when the decision in force was made, if there is one
 * @param consentId     the random id of this browser's consent decisions ({@code ""} before the first)
 * @param gpc           whether the request carried {@code Sec-GPC: 1}
 * @param dnt           whether the request carried {@code DNT: 1}; recorded, never deciding
 * @param regime        the regime that applies to the visitor
 * @param country       the country the regime was chosen for, or empty when unknown
 */
public record ConsentState(String policyVersion, boolean decided, List<String> categories, Set<String> granted,
                           Optional<Instant> decidedAt, String consentId, boolean gpc, boolean dnt, Regime regime,
                           String country) {

    public ConsentState {
        Objects.requireNonNull(policyVersion, "policyVersion");
        categories = List.copyOf(categories);
        granted = Set.copyOf(granted);
        decidedAt = Objects.requireNonNullElse(decidedAt, Optional.empty());
        consentId = Objects.requireNonNullElse(consentId, "");
        Objects.requireNonNull(regime, "regime");
        country = Objects.requireNonNullElse(country, "");
    }

    /** Whether the category is granted; unknown names are not. */
    public boolean allows(String category) {
        return granted.contains(category);
    }

    /** Every category and whether it is granted, in display order. */
    public Map<String, Boolean> choices() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (String c : categories) {
            out.put(c, granted.contains(c));
        }
        return Collections.unmodifiableMap(out);
    }
}
