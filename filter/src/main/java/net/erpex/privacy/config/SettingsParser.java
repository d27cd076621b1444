package net.erpex.privacy.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import net.erpex.privacy.client.CidrSet;
import net.erpex.privacy.client.ForwardingHeaders;
import net.erpex.privacy.consent.ConsentSettings;
import net.erpex.privacy.language.LanguageNegotiator;
import net.erpex.privacy.page.VisitSelection;
import net.erpex.privacy.protect.ProtectSettings;
import net.erpex.privacy.protect.Rate;
import net.erpex.privacy.security.SigningKeys;
import net.erpex.privacy.visit.IpStorage;
import net.erpex.privacy.visit.OverflowPolicy;

/**
 * Turns raw param values into {@link PrivacySettings}. It only converts text to types; every rule about what a
 * value may be lives in {@link PrivacySettings.Builder}, so the two paths cannot drift apart.
 */
public final class SettingsParser {

    private SettingsParser() {
    }

    /**
     * Parses every param from {@code source}.
     *
     * @throws ConfigurationException naming the param, its value, where the value came from and what is accepted
     */
    public static PrivacySettings parse(ParamSource source) {
        List<String> unknown = source.unknownInitParams();
        if (!unknown.isEmpty()) {
            throw new ConfigurationException("Unknown init-param " + String.join(", ", unknown)
                    + ": expected one of " + Arrays.stream(PrivacyParam.values()).map(PrivacyParam::paramName).toList());
        }
        PrivacySettings.Builder b = PrivacySettings.builder();
        apply(source, PrivacyParam.CLIENT_TRUSTED_PROXIES, CidrSet::parse, b::trustedProxies);
        apply(source, PrivacyParam.CLIENT_FORWARDED_HEADER, v -> choice(v, ForwardingHeaders.class),
                b::forwardedHeader);
        apply(source, PrivacyParam.LANGUAGE_SUPPORTED, LanguageNegotiator::parseSupported, b::supportedLanguages);
        apply(source, PrivacyParam.LANGUAGE_DEFAULT, SettingsParser::languageTag, b::defaultLanguage);
        apply(source, PrivacyParam.LANGUAGE_COOKIE_MAX_AGE, Durations::parse, b::languageCookieMaxAge);
        apply(source, PrivacyParam.GEO_DATABASE, Function.identity(), b::geoDatabase);
        apply(source, PrivacyParam.GEO_REQUIRED, SettingsParser::bool, b::geoRequired);
        apply(source, PrivacyParam.GEO_CACHE_SIZE, SettingsParser::integer, b::geoCacheSize);
        apply(source, PrivacyParam.GEO_COUNTRY_HEADER, Function.identity(), b::geoCountryHeader);
        apply(source, PrivacyParam.GEO_RELOAD_INTERVAL, Durations::parse, b::geoReloadInterval);
        apply(source, PrivacyParam.AGENT_CACHE_SIZE, SettingsParser::integer, b::agentCacheSize);
        apply(source, PrivacyParam.AGENT_MAX_LENGTH, SettingsParser::integer, b::agentMaxLength);
        apply(source, PrivacyParam.REFERRER_SITE_HOSTS, SettingsParser::list, b::siteHosts);
        apply(source, PrivacyParam.SESSION_COOKIE_NAME, Function.identity(), b::sessionCookieName);
        apply(source, PrivacyParam.SESSION_IDLE_TIMEOUT, Durations::parse, b::sessionIdleTimeout);
        apply(source, PrivacyParam.SESSION_ABSOLUTE_TIMEOUT, Durations::parse, b::sessionAbsoluteTimeout);
        apply(source, PrivacyParam.SECURITY_KEYS, SettingsParser::keys, b::signingKeys);
        apply(source, PrivacyParam.CONSENT_COOKIE_NAME, Function.identity(), b::consentCookieName);
        apply(source, PrivacyParam.CONSENT_MAX_AGE, Durations::parse, b::consentMaxAge);
        apply(source, PrivacyParam.CONSENT_POLICY_VERSION, Function.identity(), b::consentPolicyVersion);
        apply(source, PrivacyParam.CONSENT_POLICY_URL, Function.identity(), b::consentPolicyUrl);
        apply(source, PrivacyParam.CONSENT_CATEGORIES, SettingsParser::list, b::consentCategories);
        apply(source, PrivacyParam.CONSENT_COOKIES, SettingsParser::list, b::consentCookies);
        apply(source, PrivacyParam.CONSENT_SOURCES, SettingsParser::list, b::consentSources);
        apply(source, PrivacyParam.CONSENT_SALE_SHARING, SettingsParser::list, b::consentSaleSharing);
        apply(source, PrivacyParam.CONSENT_OPT_OUT_COUNTRIES, SettingsParser::list, b::consentOptOutCountries);
        apply(source, PrivacyParam.CONSENT_NOTICE_COUNTRIES, SettingsParser::list, b::consentNoticeCountries);
        apply(source, PrivacyParam.CONSENT_PRE_GRANTED, SettingsParser::list, b::consentPreGranted);
        apply(source, PrivacyParam.CONSENT_UNCLASSIFIED_COOKIES, v -> choice(v, Unclassified.class) == Unclassified.BLOCK,
                b::consentBlockUnclassified);
        apply(source, PrivacyParam.CONSENT_COOKIE_DOMAINS, SettingsParser::list, b::consentCookieDomains);
        apply(source, PrivacyParam.CONSENT_CSP, v -> choice(v, ConsentSettings.CspMode.class), b::consentCsp);
        apply(source, PrivacyParam.CONSENT_CSP_POLICY, Function.identity(), b::consentCspPolicy);
        apply(source, PrivacyParam.ENDPOINTS_PREFIX, Function.identity(), b::endpointsPrefix);
        apply(source, PrivacyParam.VISITS_RECORD, v -> choice(v, VisitSelection.Mode.class), b::visitsRecord);
        apply(source, PrivacyParam.VISITS_EXCLUDE, SettingsParser::list, b::visitsExclude);
        apply(source, PrivacyParam.VISITS_STORE, VisitsStore::parse, b::visitsStore);
        apply(source, PrivacyParam.VISITS_STORE_USER, Function.identity(), b::visitsStoreUser);
        apply(source, PrivacyParam.VISITS_STORE_PASSWORD, Function.identity(), b::visitsStorePassword);
        apply(source, PrivacyParam.VISITS_SPOOL_DIR, v -> v.isBlank() ? null : path(v), b::visitsSpoolDir);
        apply(source, PrivacyParam.VISITS_SPOOL_MAX, SettingsParser::integer, b::visitsSpoolMax);
        apply(source, PrivacyParam.VISITS_DIR, SettingsParser::path, b::visitsDir);
        apply(source, PrivacyParam.VISITS_IP, v -> choice(v, IpStorage.class), b::visitsIp);
        apply(source, PrivacyParam.VISITS_RETENTION, Durations::parse, b::visitsRetention);
        apply(source, PrivacyParam.VISITS_OVERFLOW, v -> choice(v, OverflowPolicy.class), b::visitsOverflow);
        apply(source, PrivacyParam.VISITS_QUEUE_CAPACITY, SettingsParser::integer, b::visitsQueueCapacity);
        apply(source, PrivacyParam.VISITS_BATCH_SIZE, SettingsParser::integer, b::visitsBatchSize);
        apply(source, PrivacyParam.CONSENT_RETENTION, Durations::parse, b::consentRetention);
        apply(source, PrivacyParam.PROTECT_PATHS, SettingsParser::list, b::protectPaths);
        apply(source, PrivacyParam.PROTECT_HONEYPOT_FIELD, Function.identity(), b::protectHoneypotField);
        apply(source, PrivacyParam.PROTECT_RATE, Rate::parse, b::protectRate);
        apply(source, PrivacyParam.PROTECT_CHALLENGE_DIFFICULTY, SettingsParser::integer,
                b::protectChallengeDifficulty);
        apply(source, PrivacyParam.PROTECT_CHALLENGE_TTL, Durations::parse, b::protectChallengeTtl);
        apply(source, PrivacyParam.PROTECT_RECAPTCHA_SITE_KEY, Function.identity(), b::protectRecaptchaSiteKey);
        apply(source, PrivacyParam.PROTECT_RECAPTCHA_SECRET, Function.identity(), b::protectRecaptchaSecret);
        apply(source, PrivacyParam.PROTECT_RECAPTCHA_VERSION, Function.identity(), b::protectRecaptchaVersion);
        apply(source, PrivacyParam.PROTECT_RECAPTCHA_VERIFY_URL, Function.identity(), b::protectRecaptchaVerifyUrl);
        apply(source, PrivacyParam.PROTECT_RECAPTCHA_SCRIPT_HOST, Function.identity(),
                b::protectRecaptchaScriptHost);
        apply(source, PrivacyParam.PROTECT_RECAPTCHA_ACTION, Function.identity(), b::protectRecaptchaAction);
        apply(source, PrivacyParam.PROTECT_RECAPTCHA_MIN_SCORE, SettingsParser::decimal,
                b::protectRecaptchaMinScore);
        apply(source, PrivacyParam.PROTECT_RECAPTCHA_MAX_AGE, Durations::parse, b::protectRecaptchaMaxAge);
        apply(source, PrivacyParam.PROTECT_RECAPTCHA_TIMEOUT, Durations::parse, b::protectRecaptchaTimeout);
        apply(source, PrivacyParam.PROTECT_RECAPTCHA_ON_ERROR, v -> choice(v, ProtectSettings.OnError.class),
                b::protectRecaptchaOnError);
        return b.build();
    }

    /** The two words of consent.unclassified-cookies. */
    private enum Unclassified { BLOCK, ALLOW }

    private static <T> void apply(ParamSource source, PrivacyParam param, Function<String, T> parser,
            Consumer<T> setter) {
        ParamSource.Value value = source.get(param);
        T parsed;
        try {
            parsed = parser.apply(value.text());
        } catch (ConfigurationException e) {
            throw e.withValue(param, value);
        } catch (IllegalArgumentException e) {
            throw ConfigurationException.invalid(param, value, e.getMessage());
        }
        try {
            setter.accept(parsed);
        } catch (ConfigurationException e) {
            throw e.withValue(param, value);
        }
    }

    /** Only the two words: {@code Boolean.parseBoolean} would turn a typo such as "ture" into false. */
    static boolean bool(String text) {
        return switch (text.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    static int integer(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number");
        }
    }

    static double decimal(String text) {
        try {
            double d = Double.parseDouble(text.trim());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a decimal number such as 0.5");
        }
    }

    static Set<String> list(String text) {
        Set<String> items = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                items.add(part.trim());
            }
        }
        return items;
    }

    static <E extends Enum<E>> E choice(String text, Class<E> type) {
        String wanted = text.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) {
                return e;
            }
        }
        throw new IllegalArgumentException("expected one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
    }

    private static Locale languageTag(String text) {
        if (text.isBlank()) {
            return null;
        }
        List<Locale> one = LanguageNegotiator.parseSupported(text);
        if (one.size() != 1) {
            throw new IllegalArgumentException("expected a single BCP 47 tag");
        }
        return one.get(0);
    }

    private static SigningKeys keys(String text) {
        return text.isBlank() ? null : SigningKeys.parse(text);
    }

    private static Path path(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("expected a directory path");
        }
        try {
            return Path.of(text.trim());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a valid path: " + e.getReason());
        }
    }
}
