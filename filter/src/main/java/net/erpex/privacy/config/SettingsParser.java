package net.erpex.privacy.config;

import java.nio.charset.Charset;
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
        return fill(source, PrivacySettings.builder(), false);
    }

    /**
     * Applies onto {@code builder} every param that {@code source} sets (by system property, environment variable or
     * init-param), leaving the builder's values for the others, and builds. This is how settings made in code get the
     * same precedence as {@code web.xml}: system property &gt; environment &gt; code &gt; default.
     *
     * @throws ConfigurationException naming the param, its value, where the value came from and what is accepted
     */
    public static PrivacySettings override(ParamSource source, PrivacySettings.Builder builder) {
        return fill(source, builder, true);
    }

    private static PrivacySettings fill(ParamSource source, PrivacySettings.Builder b, boolean onlySet) {
        Applier apply = new Applier(source, onlySet);
        apply.to(PrivacyParam.CLIENT_TRUSTED_PROXIES, CidrSet::parse, b::trustedProxies);
        apply.to(PrivacyParam.CLIENT_FORWARDED_HEADER, v -> choice(v, ForwardingHeaders.class),
                b::forwardedHeader);
        apply.to(PrivacyParam.LANGUAGE_SUPPORTED, LanguageNegotiator::parseSupported, b::supportedLanguages);
        apply.to(PrivacyParam.LANGUAGE_DEFAULT, SettingsParser::languageTag, b::defaultLanguage);
        apply.to(PrivacyParam.LANGUAGE_COOKIE_MAX_AGE, Durations::parse, b::languageCookieMaxAge);
        apply.to(PrivacyParam.GEO_DATABASE, Function.identity(), b::geoDatabase);
        apply.to(PrivacyParam.GEO_REQUIRED, SettingsParser::bool, b::geoRequired);
        apply.to(PrivacyParam.GEO_CACHE_SIZE, SettingsParser::integer, b::geoCacheSize);
        apply.to(PrivacyParam.GEO_COUNTRY_HEADER, Function.identity(), b::geoCountryHeader);
        apply.to(PrivacyParam.GEO_RELOAD_INTERVAL, Durations::parse, b::geoReloadInterval);
        apply.to(PrivacyParam.AGENT_CACHE_SIZE, SettingsParser::integer, b::agentCacheSize);
        apply.to(PrivacyParam.AGENT_MAX_LENGTH, SettingsParser::integer, b::agentMaxLength);
        apply.to(PrivacyParam.AGENT_REGEXES, Function.identity(), b::agentRegexes);
        apply.to(PrivacyParam.AGENT_RELOAD_INTERVAL, Durations::parse, b::agentReloadInterval);
        apply.to(PrivacyParam.REFERRER_SITE_HOSTS, SettingsParser::list, b::siteHosts);
        apply.to(PrivacyParam.SESSION_COOKIE_NAME, Function.identity(), b::sessionCookieName);
        apply.to(PrivacyParam.SESSION_IDLE_TIMEOUT, Durations::parse, b::sessionIdleTimeout);
        apply.to(PrivacyParam.SESSION_ABSOLUTE_TIMEOUT, Durations::parse, b::sessionAbsoluteTimeout);
        apply.to(PrivacyParam.SECURITY_KEYS, SettingsParser::keys, b::signingKeys);
        apply.to(PrivacyParam.CONSENT_COOKIE_NAME, Function.identity(), b::consentCookieName);
        apply.to(PrivacyParam.CONSENT_MAX_AGE, Durations::parse, b::consentMaxAge);
        apply.to(PrivacyParam.CONSENT_POLICY_VERSION, Function.identity(), b::consentPolicyVersion);
        apply.to(PrivacyParam.CONSENT_POLICY_URL, Function.identity(), b::consentPolicyUrl);
        apply.to(PrivacyParam.CONSENT_CATEGORIES, SettingsParser::list, b::consentCategories);
        apply.to(PrivacyParam.CONSENT_COOKIES, SettingsParser::list, b::consentCookies);
        apply.to(PrivacyParam.CONSENT_SOURCES, SettingsParser::list, b::consentSources);
        apply.to(PrivacyParam.CONSENT_SALE_SHARING, SettingsParser::list, b::consentSaleSharing);
        apply.to(PrivacyParam.CONSENT_OPT_OUT_COUNTRIES, SettingsParser::list, b::consentOptOutCountries);
        apply.to(PrivacyParam.CONSENT_NOTICE_COUNTRIES, SettingsParser::list, b::consentNoticeCountries);
        apply.to(PrivacyParam.CONSENT_PRE_GRANTED, SettingsParser::list, b::consentPreGranted);
        apply.to(PrivacyParam.CONSENT_UNCLASSIFIED_COOKIES, v -> choice(v, Unclassified.class) == Unclassified.BLOCK,
                b::consentBlockUnclassified);
        apply.to(PrivacyParam.CONSENT_COOKIE_DOMAINS, SettingsParser::list, b::consentCookieDomains);
        apply.to(PrivacyParam.CONSENT_CSP, v -> choice(v, ConsentSettings.CspMode.class), b::consentCsp);
        apply.to(PrivacyParam.CONSENT_CSP_POLICY, Function.identity(), b::consentCspPolicy);
        apply.to(PrivacyParam.ENDPOINTS_PREFIX, Function.identity(), b::endpointsPrefix);
        apply.to(PrivacyParam.REQUEST_ENCODING, SettingsParser::charset, b::requestEncoding);
        apply.to(PrivacyParam.VISITS_RECORD, v -> choice(v, VisitSelection.Mode.class), b::visitsRecord);
        apply.to(PrivacyParam.VISITS_EXCLUDE, SettingsParser::list, b::visitsExclude);
        apply.to(PrivacyParam.VISITS_STORE, VisitsStore::parse, b::visitsStore);
        apply.to(PrivacyParam.VISITS_STORE_USER, Function.identity(), b::visitsStoreUser);
        apply.to(PrivacyParam.VISITS_STORE_PASSWORD, Function.identity(), b::visitsStorePassword);
        apply.to(PrivacyParam.VISITS_SPOOL_DIR, v -> v.isBlank() ? null : path(v), b::visitsSpoolDir);
        apply.to(PrivacyParam.VISITS_SPOOL_MAX, SettingsParser::integer, b::visitsSpoolMax);
        apply.to(PrivacyParam.VISITS_DIR, SettingsParser::path, b::visitsDir);
        apply.to(PrivacyParam.VISITS_IP, v -> choice(v, IpStorage.class), b::visitsIp);
        apply.to(PrivacyParam.VISITS_RETENTION, Durations::parse, b::visitsRetention);
        apply.to(PrivacyParam.VISITS_OVERFLOW, v -> choice(v, OverflowPolicy.class), b::visitsOverflow);
        apply.to(PrivacyParam.VISITS_QUEUE_CAPACITY, SettingsParser::integer, b::visitsQueueCapacity);
        apply.toIfSet(PrivacyParam.VISITS_BATCH_SIZE, SettingsParser::integer, b::visitsBatchSize);
        apply.to(PrivacyParam.CONSENT_RETENTION, Durations::parse, b::consentRetention);
        apply.to(PrivacyParam.VISITS_ENRICH_BUDGET, Durations::parse, b::visitsEnrichBudget);
        apply.to(PrivacyParam.CONSENT_PROOF_TIMEOUT, Durations::parse, b::consentProofTimeout);
        apply.to(PrivacyParam.ENDPOINTS_DATA_RATE, Rate::parse, b::endpointsDataRate);
        apply.to(PrivacyParam.PROTECT_PATHS, SettingsParser::list, b::protectPaths);
        apply.to(PrivacyParam.PROTECT_HONEYPOT_FIELD, Function.identity(), b::protectHoneypotField);
        apply.to(PrivacyParam.PROTECT_RATE, Rate::parse, b::protectRate);
        apply.to(PrivacyParam.PROTECT_RATE_IPV6_PREFIX, SettingsParser::integer, b::protectRateIpv6Prefix);
        apply.to(PrivacyParam.PROTECT_CHALLENGE_DIFFICULTY, SettingsParser::integer,
                b::protectChallengeDifficulty);
        apply.to(PrivacyParam.PROTECT_CHALLENGE_TTL, Durations::parse, b::protectChallengeTtl);
        apply.to(PrivacyParam.PROTECT_RECAPTCHA_SITE_KEY, Function.identity(), b::protectRecaptchaSiteKey);
        apply.to(PrivacyParam.PROTECT_RECAPTCHA_SECRET, Function.identity(), b::protectRecaptchaSecret);
        apply.to(PrivacyParam.PROTECT_RECAPTCHA_VERSION, Function.identity(), b::protectRecaptchaVersion);
        apply.to(PrivacyParam.PROTECT_RECAPTCHA_VERIFY_URL, Function.identity(), b::protectRecaptchaVerifyUrl);
        apply.to(PrivacyParam.PROTECT_RECAPTCHA_SCRIPT_HOST, Function.identity(),
                b::protectRecaptchaScriptHost);
        apply.to(PrivacyParam.PROTECT_RECAPTCHA_HOSTNAMES, SettingsParser::list, b::protectRecaptchaHostnames);
        apply.to(PrivacyParam.PROTECT_RECAPTCHA_ACTION, Function.identity(), b::protectRecaptchaAction);
        apply.to(PrivacyParam.PROTECT_RECAPTCHA_MIN_SCORE, SettingsParser::decimal,
                b::protectRecaptchaMinScore);
        apply.to(PrivacyParam.PROTECT_RECAPTCHA_MAX_AGE, Durations::parse, b::protectRecaptchaMaxAge);
        apply.to(PrivacyParam.PROTECT_RECAPTCHA_TIMEOUT, Durations::parse, b::protectRecaptchaTimeout);
        apply.to(PrivacyParam.PROTECT_RECAPTCHA_ON_ERROR, v -> choice(v, ProtectSettings.OnError.class),
                b::protectRecaptchaOnError);
        return b.build();
    }

    /** The two words of consent.unclassified-cookies. */
    private enum Unclassified { BLOCK, ALLOW }

    /** Parses one param's value and hands it to the builder's setter; with {@code onlySet}, only values set. */
    private record Applier(ParamSource source, boolean onlySet) {
        <T> void to(PrivacyParam param, Function<String, T> parser, Consumer<T> setter) {
            ParamSource.Value value = source.get(param);
            if (!onlySet || !value.fromDefault()) {
                apply(value, param, parser, setter);
            }
        }

        /** As {@link #to}, but only a value someone set: the builder keeps a default that depends on other params. */
        <T> void toIfSet(PrivacyParam param, Function<String, T> parser, Consumer<T> setter) {
            ParamSource.Value value = source.get(param);
            if (!value.fromDefault()) {
                apply(value, param, parser, setter);
            }
        }
    }

    private static <T> void apply(ParamSource.Value value, PrivacyParam param, Function<String, T> parser,
            Consumer<T> setter) {
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

    /** Empty for none: the container's default. */
    private static Charset charset(String text) {
        String name = text.trim();
        if (name.isEmpty()) {
            return null;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected the name of a charset this JVM supports, such as UTF-8");
        }
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
