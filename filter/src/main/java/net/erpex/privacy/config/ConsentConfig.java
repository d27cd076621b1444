package net.erpex.privacy.config;

import static net.erpex.privacy.config.Checks.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import net.erpex.privacy.consent.ConsentCategories;
import net.erpex.privacy.consent.ConsentCategory;
import net.erpex.privacy.consent.ConsentSettings.CspMode;
import net.erpex.privacy.consent.ConsentSettings;
import net.erpex.privacy.consent.ContentSecurityPolicy;
import net.erpex.privacy.consent.Regime;
import net.erpex.privacy.security.Redaction;

/**
 * The consent part of {@link PrivacySettings.Builder}: holds the raw consent settings, checks each as it is set and
 * the references between them (a cookie, source or pre-grant must name a category that exists) when built. Every
 * message names the init-param.
 */
final class ConsentConfig {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");

    /** Empty: derived from the context path when the filter starts. */
    String cookieName = "";
    Duration maxAge = Duration.ofDays(182);
    String policyVersion = "1";
    String policyUrl = "";
    Set<String> categories = Set.of();
    List<String> cookies = List.of();
    List<String> sources = List.of();
    Set<String> saleSharing = Set.of();
    Set<String> optOutCountries = Set.of();
    Set<String> noticeCountries = Set.of();
    List<String> preGranted = List.of("opt-out:preferences", "opt-out:analytics", "opt-out:recaptcha",
            "notice:preferences", "notice:analytics", "notice:recaptcha");
    boolean blockUnclassified = true;
    List<String> cookieDomains = List.of();
    CspMode csp = CspMode.REPORT_ONLY;
    String cspPolicy = PrivacyParam.CONSENT_CSP_POLICY.defaultValue();

    void maxAge(Duration value) {
        Objects.requireNonNull(value, PrivacyParam.CONSENT_MAX_AGE.paramName());
        if (value.compareTo(Duration.ofDays(1)) < 0 || value.compareTo(Duration.ofDays(395)) > 0) {
            throw fail(PrivacyParam.CONSENT_MAX_AGE, Durations.format(value) + " is out of range");
        }
        maxAge = value;
    }

    void policyVersion(String value) {
        String v = value.trim();
        if (!TOKEN.matcher(v).matches()) {
            throw fail(PrivacyParam.CONSENT_POLICY_VERSION, "'" + v + "' is not accepted");
        }
        policyVersion = v;
    }

    void policyUrl(String value) {
        String v = value.trim();
        boolean path = v.startsWith("/") && !v.startsWith("//");
        if (!v.isEmpty() && !(path || v.startsWith("https://")) || v.length() > 2048
                || v.chars().anyMatch(c -> c <= 0x20 || c == 0x7F || c == '"' || c == '<' || c == '>')) {
            throw fail(PrivacyParam.CONSENT_POLICY_URL, "'" + Redaction.url(v) + "' is not accepted");
        }
        policyUrl = v;
    }

    void countries(PrivacyParam param, Set<String> value) {
        Set<String> out = new LinkedHashSet<>();
        for (String c : value) {
            String code = c.trim().toUpperCase(Locale.ROOT);
            if (!COUNTRY.matcher(code).matches()) {
                throw fail(param, "'" + c + "' is not a two-letter country code");
            }
            out.add(code);
        }
        if (param == PrivacyParam.CONSENT_OPT_OUT_COUNTRIES) {
            optOutCountries = out;
        } else {
            noticeCountries = out;
        }
    }

    void cookieDomains(Set<String> value) {
        List<String> out = new ArrayList<>();
        for (String d : value) {
            String domain = d.trim().toLowerCase(Locale.ROOT);
            domain = domain.startsWith(".") ? domain.substring(1) : domain;
            if (!DOMAIN.matcher(domain).matches()) {
                throw fail(PrivacyParam.CONSENT_COOKIE_DOMAINS, "'" + d + "' is not a domain name such as example.com");
            }
            out.add(domain);
        }
        cookieDomains = out;
    }

    void cspPolicy(String value) {
        try {
            ContentSecurityPolicy.parse(value);
        } catch (IllegalArgumentException e) {
            throw fail(PrivacyParam.CONSENT_CSP_POLICY, e.getMessage());
        }
        cspPolicy = value.trim();
    }

    /** Resolves the category references; {@code sessionCookie} is the filter's other cookie the name must not take. */
    ConsentSettings build(String sessionCookie) {
        if ((!cookieName.isEmpty() && cookieName.equals(sessionCookie)) || cookieName.equals("lang")) {
            throw new ConfigurationException("Invalid init-params " + PrivacyParam.CONSENT_COOKIE_NAME.paramName() + "='"
                    + cookieName + "' and " + PrivacyParam.SESSION_COOKIE_NAME.paramName() + "='" + sessionCookie
                    + "': the consent cookie needs a name of its own (lang is the language cookie)");
        }
        Set<String> both = new LinkedHashSet<>(optOutCountries);
        both.retainAll(noticeCountries);
        if (!both.isEmpty()) {
            throw new ConfigurationException("Invalid init-params " + PrivacyParam.CONSENT_OPT_OUT_COUNTRIES.paramName()
                    + " and " + PrivacyParam.CONSENT_NOTICE_COUNTRIES.paramName() + ": " + both + " appear in both;"
                    + " a country has one regime");
        }
        ConsentCategories.Builder b = ConsentCategories.builder();
        for (String name : categories) {
            attempt(PrivacyParam.CONSENT_CATEGORIES, () -> b.category(name.trim()));
        }
        for (String pair : cookies) {
            String[] kv = pair(PrivacyParam.CONSENT_COOKIES, pair);
            attempt(PrivacyParam.CONSENT_COOKIES, () -> b.cookie(kv[0], kv[1]));
        }
        for (String pair : sources) {
            String[] kv = pair(PrivacyParam.CONSENT_SOURCES, pair);
            attempt(PrivacyParam.CONSENT_SOURCES, () -> b.source(kv[0], kv[1]));
        }
        for (String name : saleSharing) {
            attempt(PrivacyParam.CONSENT_SALE_SHARING, () -> b.saleOrSharing(name.trim()));
        }
        ConsentCategories built = b.build();
        Map<Regime, Set<String>> granted = new EnumMap<>(Regime.class);
        for (String pair : preGranted) {
            String[] kv = pair(PrivacyParam.CONSENT_PRE_GRANTED, pair);
            Regime regime = switch (kv[0]) {
                case "opt-out" -> Regime.OPT_OUT;
                case "notice" -> Regime.NOTICE;
                case "opt-in" -> throw fail(PrivacyParam.CONSENT_PRE_GRANTED, "'" + pair + "' pre-grants in the"
                        + " opt-in regime, where nothing but necessary is granted before the visitor decides (EDPB"
                        + " Guidelines 05/2020); remove it");
                default -> throw fail(PrivacyParam.CONSENT_PRE_GRANTED, "'" + kv[0] + "' is not a regime");
            };
            ConsentCategory category = built.get(kv[1]).orElseThrow(() -> fail(PrivacyParam.CONSENT_PRE_GRANTED,
                    "unknown category '" + kv[1] + "' in '" + pair + "'; known: " + built.names()));
            if (category.necessary()) {
                throw fail(PrivacyParam.CONSENT_PRE_GRANTED, "'" + pair + "': necessary is always granted");
            }
            if (category.optInOnly()) {
                throw fail(PrivacyParam.CONSENT_PRE_GRANTED, "'" + pair + "': " + category.name()
                        + " is granted only by the visitor's explicit choice, in every regime");
            }
            granted.computeIfAbsent(regime, r -> new LinkedHashSet<>()).add(category.name());
        }
        return new ConsentSettings(built, cookieName, maxAge, policyVersion, policyUrl, optOutCountries, noticeCountries,
                granted, blockUnclassified, cookieDomains, csp, cspPolicy);
    }

    private static String[] pair(PrivacyParam param, String pair) {
        String p = pair.trim();
        int colon = p.indexOf(':');
        if (colon <= 0 || colon == p.length() - 1) {
            throw fail(param, "'" + pair + "' is not a pair");
        }
        return new String[] {p.substring(0, colon).trim(), p.substring(colon + 1).trim()};
    }

    private static void attempt(PrivacyParam param, Runnable step) {
        try {
            step.run();
        } catch (ConfigurationException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw fail(param, e.getMessage());
        }
    }

}
