package net.erpex.privacy.consent;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A decision as the consent cookie carries it.
 *
 * @param policyVersion the policy version decided on
 * @param decidedAt     when
 * @param consentId     random id shared by the decisions of one browser, tying each to its proof record
 * @param granted       the non-necessary categories granted (necessary ones are implied)
 */
public record StoredConsent(String policyVersion, Instant decidedAt, String consentId, Set<String> granted) {

    public StoredConsent {
        Objects.requireNonNull(policyVersion, "policyVersion");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(consentId, "consentId");
        granted = Set.copyOf(granted);
    }
}
