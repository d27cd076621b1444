package net.erpex.privacy.consent;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How consent is asked for, stored and enforced. Validated by the filter's settings builder, whose messages name the
 * init-params; this record only holds the result.
 *
 * @param categories          the categories (necessary cookies of the filter itself are added at start)
 * @param cookieName          name of the consent cookie ({@code __Host-} is added on https)
 * @param maxAge              how long a decision (acceptance or refusal alike) is kept
 * @param policyVersion       the current policy version; decisions for another version count as undecided
 * @param policyUrl           the privacy policy the banner links to, or empty
 * @param optOutCountries     ISO codes of the countries under {@link Regime#OPT_OUT}
 * @param noticeCountries     ISO codes of the countries under {@link Regime#NOTICE}
 * @param preGranted          per regime, the categories granted before the visitor decides; never for
 *                            {@link Regime#OPT_IN}
 * @param blockUnclassified   whether a cookie of no category is kept from the browser
 * @param cookieDomains       the domains cookies of the site may have been set for; withdrawn cookies are expired for
 *                            each of them as well as host-only
 * @param csp                 how the Content-Security-Policy is sent
 * @param cspPolicy           the site's base policy, to which the nonce and granted sources are added
 */
public record ConsentSettings(ConsentCategories categories, String cookieName, Duration maxAge, String policyVersion,
                              String policyUrl, Set<String> optOutCountries, Set<String> noticeCountries,
                              Map<Regime, Set<String>> preGranted, boolean blockUnclassified,
                              List<String> cookieDomains, CspMode csp, String cspPolicy) {

    /** How the Content-Security-Policy header is sent. */
    public enum CspMode {
        /** {@code Content-Security-Policy}: browsers block what the policy does not allow. */
        ENFORCE,
        /** {@code Content-Security-Policy-Report-Only}: browsers only report. */
        REPORT_ONLY,
        /** No header from the filter. */
        OFF
    }

    public ConsentSettings {
        Objects.requireNonNull(categories, "categories");
        Objects.requireNonNull(cookieName, "cookieName");
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(policyVersion, "policyVersion");
        Objects.requireNonNull(policyUrl, "policyUrl");
        optOutCountries = Set.copyOf(optOutCountries);
        noticeCountries = Set.copyOf(noticeCountries);
        preGranted = Map.copyOf(preGranted);
        if (preGranted.containsKey(Regime.OPT_IN) && !preGranted.get(Regime.OPT_IN).isEmpty()) {
            throw new IllegalArgumentException("the opt-in regime grants nothing before the visitor decides");
        }
        cookieDomains = List.copyOf(cookieDomains);
        Objects.requireNonNull(csp, "csp");
        Objects.requireNonNull(cspPolicy, "cspPolicy");
    }

    /** The same settings with other categories (the filter adds its own necessary cookies at start). */
    public ConsentSettings withCategories(ConsentCategories value) {
        return new ConsentSettings(value, cookieName, maxAge, policyVersion, policyUrl, optOutCountries, noticeCountries,
                preGranted, blockUnclassified, cookieDomains, csp, cspPolicy);
    }

    /** The same settings with another consent cookie name (derived from the context path when left empty). */
    public ConsentSettings withCookieName(String value) {
        return new ConsentSettings(categories, value, maxAge, policyVersion, policyUrl, optOutCountries, noticeCountries,
                preGranted, blockUnclassified, cookieDomains, csp, cspPolicy);
    }

    /** The regime for a visitor from {@code country} (ISO code, or empty when unknown). */
    public Regime regimeFor(String country) {
        if (country.isEmpty()) {
            return Regime.OPT_IN;
        }
        if (optOutCountries.contains(country)) {
            return Regime.OPT_OUT;
        }
        return noticeCountries.contains(country) ? Regime.NOTICE : Regime.OPT_IN;
    }

    /** Whether the regime depends on the country at all (if not, no GeoIP lookup is needed to decide consent). */
    public boolean regimeNeedsCountry() {
        return !optOutCountries.isEmpty() || !noticeCountries.isEmpty();
    }

    /** Categories granted before a decision under {@code regime}. */
    public Set<String> preGranted(Regime regime) {
        return preGranted.getOrDefault(regime, Set.of());
    }
}
