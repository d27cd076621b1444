package net.erpex.privacy.config;

import static net.erpex.privacy.config.Checks.atLeast;
import static net.erpex.privacy.config.Checks.between;
import static net.erpex.privacy.config.Checks.cookieName;
import static net.erpex.privacy.config.Checks.fail;
import static net.erpex.privacy.config.Checks.range;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import net.erpex.privacy.client.CidrSet;
import net.erpex.privacy.client.ForwardingHeaders;
import net.erpex.privacy.consent.ConsentSettings;
import net.erpex.privacy.page.VisitSelection;
import net.erpex.privacy.protect.ProtectSettings;
import net.erpex.privacy.protect.Rate;
import net.erpex.privacy.security.SigningKeys;
import net.erpex.privacy.visit.IpStorage;
import net.erpex.privacy.visit.OverflowPolicy;

/**
 * The filter's settings, validated and immutable. Built only through {@link #builder()}, which checks every value as
 * it is set and the combinations in {@link Builder#build()}: code users and {@code web.xml} users (through
 * {@link SettingsParser}) get the same checks and the same messages.
 *
 * @param signingKeys empty when none is configured: the filter then makes a random key per start
 * @param sessionCookieName empty until {@link #forContextPath(String)} derives it from the webapp's context path
 * @param requestEncoding  given to requests that declare no character encoding; empty: the container decides
 */
public record PrivacySettings(
        CidrSet trustedProxies,
        ForwardingHeaders forwardedHeader,
        List<Locale> supportedLanguages,
        Locale defaultLanguage,
        Duration languageCookieMaxAge,
        String geoDatabase,
        boolean geoRequired,
        int geoCacheSize,
        String geoCountryHeader,
        Duration geoReloadInterval,
        int agentCacheSize,
        int agentMaxLength,
        String agentRegexes,
        Duration agentReloadInterval,
        Set<String> siteHosts,
        String sessionCookieName,
        Duration sessionIdleTimeout,
        Duration sessionAbsoluteTimeout,
        Optional<SigningKeys> signingKeys,
        ConsentSettings consent,
        String endpointsPrefix,
        Optional<Charset> requestEncoding,
        VisitsStore visitsStore,
        String visitsStoreUser,
        Secret visitsStorePassword,
        Path visitsSpoolDir,
        int visitsSpoolMax,
        Path visitsDir,
        IpStorage visitsIp,
        Duration visitsRetention,
        OverflowPolicy visitsOverflow,
        int visitsQueueCapacity,
        int visitsBatchSize,
        Duration consentRetention,
        ProtectSettings protect,
        Duration visitsEnrichBudget,
        Duration consentProofTimeout,
        Rate endpointsDataRate,
        VisitSelection visitSelection) {

    /** The default {@code visits.dir}. */
    public static final Path DEFAULT_VISITS_DIR = Path.of("visits");

    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");
    private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
    /** A host name as the filter compares them: lower case, ASCII (punycode), no port. */
    static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");

    public PrivacySettings {
        supportedLanguages = List.copyOf(supportedLanguages);
        siteHosts = Set.copyOf(siteHosts);
    }

    /**
     * These settings for the webapp at {@code contextPath} ({@code ""} for the root): the cookie names left empty get
     * their default name scoped to the context path ({@code sid-shop} for {@code /shop}), so that two webapps on one
     * host, whose cookies all live at {@code Path=/} (required by {@code __Host-}), keep separate sessions and
     * consents. Names that were set are kept as they are.
     *
     * @throws ConfigurationException when the two names end up the same
     */
    public PrivacySettings forContextPath(String contextPath) {
        String session = sessionCookieName.isEmpty() ? CookieNames.scoped("sid", contextPath) : sessionCookieName;
        String consentName = consent.cookieName().isEmpty() ? CookieNames.scoped("consent", contextPath)
                : consent.cookieName();
        if (session.equals(consentName)) {
            throw new ConfigurationException("Invalid init-params " + PrivacyParam.CONSENT_COOKIE_NAME.paramName() + " and "
                    + PrivacyParam.SESSION_COOKIE_NAME.paramName() + ": both name the cookie '" + session + "' in the"
                    + " context path '" + contextPath + "'; give the consent cookie a name of its own");
        }
        if (session.equals(sessionCookieName) && consentName.equals(consent.cookieName())) {
            return this;
        }
        return new PrivacySettings(trustedProxies, forwardedHeader, supportedLanguages, defaultLanguage,
                languageCookieMaxAge,
                geoDatabase, geoRequired, geoCacheSize, geoCountryHeader, geoReloadInterval, agentCacheSize,
                agentMaxLength, agentRegexes, agentReloadInterval, siteHosts, session, sessionIdleTimeout, sessionAbsoluteTimeout, signingKeys,
                consent.withCookieName(consentName), endpointsPrefix, requestEncoding, visitsStore, visitsStoreUser,
                visitsStorePassword, visitsSpoolDir, visitsSpoolMax, visitsDir, visitsIp, visitsRetention,
                visitsOverflow, visitsQueueCapacity, visitsBatchSize, consentRetention, protect, visitsEnrichBudget,
                consentProofTimeout, endpointsDataRate, visitSelection);
    }

    /** A builder with every setting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Validates each setting as it is given; {@link #build()} checks the combinations. Every error names the param
     * and what it accepts.
     */
    public static final class Builder {
        private CidrSet trustedProxies = CidrSet.parse("");
        private ForwardingHeaders forwardedHeader = ForwardingHeaders.X_FORWARDED_FOR;
        private List<Locale> supportedLanguages = List.of(Locale.ENGLISH);
        private Locale defaultLanguage;
        private Duration languageCookieMaxAge = Duration.ofDays(365);
        private String geoDatabase = "";
        private boolean geoRequired = true;
        private int geoCacheSize = 10_000;
        private String geoCountryHeader = "";
        private Duration geoReloadInterval = Duration.ofMinutes(1);
        private int agentCacheSize = 10_000;
        private int agentMaxLength = 512;
        private String agentRegexes = "";
        private Duration agentReloadInterval = Duration.ofMinutes(1);
        private Set<String> siteHosts = Set.of();
        private String sessionCookieName = "";
        private Duration sessionIdleTimeout = Duration.ofMinutes(30);
        private Duration sessionAbsoluteTimeout = Duration.ofHours(8);
        private SigningKeys signingKeys;
        private final ConsentConfig consent = new ConsentConfig();
        private String endpointsPrefix = "/privacy";
        private Charset requestEncoding = java.nio.charset.StandardCharsets.UTF_8;
        private Duration consentRetention = Duration.ofDays(1826);
        private Duration consentProofTimeout = Duration.ofSeconds(5);
        private Rate endpointsDataRate = new Rate(5, Duration.ofMinutes(1));
        private final ProtectConfig protect = new ProtectConfig();
        private final VisitsConfig visits = new VisitsConfig();

        private Builder() {
        }

        public Builder trustedProxies(CidrSet value) {
            this.trustedProxies = Objects.requireNonNull(value, PrivacyParam.CLIENT_TRUSTED_PROXIES.paramName());
            return this;
        }

        public Builder forwardedHeader(ForwardingHeaders value) {
            this.forwardedHeader = Objects.requireNonNull(value, PrivacyParam.CLIENT_FORWARDED_HEADER.paramName());
            return this;
        }

        public Builder supportedLanguages(List<Locale> value) {
            if (value == null || value.isEmpty()) {
                throw fail(PrivacyParam.LANGUAGE_SUPPORTED, "at least one language is required");
            }
            this.supportedLanguages = List.copyOf(new LinkedHashSet<>(value));
            return this;
        }

        /** {@code null} means the first supported language. */
        public Builder defaultLanguage(Locale value) {
            this.defaultLanguage = value;
            return this;
        }

        public Builder languageCookieMaxAge(Duration value) {
            this.languageCookieMaxAge = atLeast(PrivacyParam.LANGUAGE_COOKIE_MAX_AGE, value, Duration.ofMinutes(1));
            return this;
        }

        /** A file path or {@code classpath:resource}; empty for no geolocation. */
        public Builder geoDatabase(String value) {
            this.geoDatabase = Objects.requireNonNull(value, PrivacyParam.GEO_DATABASE.paramName()).trim();
            return this;
        }

        public Builder geoRequired(boolean value) {
            this.geoRequired = value;
            return this;
        }

        public Builder geoCacheSize(int value) {
            this.geoCacheSize = range(PrivacyParam.GEO_CACHE_SIZE, value, 1, 10_000_000);
            return this;
        }

        /** Empty for none. */
        public Builder geoCountryHeader(String value) {
            String v = Objects.requireNonNull(value, PrivacyParam.GEO_COUNTRY_HEADER.paramName()).trim();
            if (!v.isEmpty() && !HEADER_NAME.matcher(v).matches()) {
                throw fail(PrivacyParam.GEO_COUNTRY_HEADER, "'" + v + "' is not an HTTP header name");
            }
            this.geoCountryHeader = v;
            return this;
        }

        /** {@link Duration#ZERO} turns the check off. */
        public Builder geoReloadInterval(Duration value) {
            Objects.requireNonNull(value, PrivacyParam.GEO_RELOAD_INTERVAL.paramName());
            if (!value.isZero()) {
                atLeast(PrivacyParam.GEO_RELOAD_INTERVAL, value, Duration.ofSeconds(1));
            }
            this.geoReloadInterval = value;
            return this;
        }

        public Builder agentCacheSize(int value) {
            this.agentCacheSize = range(PrivacyParam.AGENT_CACHE_SIZE, value, 1, 10_000_000);
            return this;
        }

        public Builder agentMaxLength(int value) {
            this.agentMaxLength = range(PrivacyParam.AGENT_MAX_LENGTH, value, 64, 8192);
            return this;
        }

        /** A file path or {@code classpath:resource} of uap-core's rules; empty for the default. */
        public Builder agentRegexes(String value) {
            String v = Objects.requireNonNull(value, PrivacyParam.AGENT_REGEXES.paramName()).trim();
            if (v.equals("classpath:") || v.indexOf('\0') >= 0) {
                throw fail(PrivacyParam.AGENT_REGEXES, "expected " + PrivacyParam.AGENT_REGEXES.format());
            }
            this.agentRegexes = v;
            return this;
        }

        /** {@link Duration#ZERO} turns the check off. */
        public Builder agentReloadInterval(Duration value) {
            Objects.requireNonNull(value, PrivacyParam.AGENT_RELOAD_INTERVAL.paramName());
            if (!value.isZero()) {
                atLeast(PrivacyParam.AGENT_RELOAD_INTERVAL, value, Duration.ofSeconds(1));
            }
            this.agentReloadInterval = value;
            return this;
        }

        public Builder siteHosts(Set<String> value) {
            Set<String> hosts = new LinkedHashSet<>();
            for (String host : value) {
                String h = host.trim().toLowerCase(Locale.ROOT);
                if (!HOST.matcher(h).matches()) {
                    throw fail(PrivacyParam.REFERRER_SITE_HOSTS, "'" + host + "' is not a host name (e.g. www.example.com)");
                }
                hosts.add(h);
            }
            this.siteHosts = hosts;
            return this;
        }

        public Builder sessionCookieName(String value) {
            this.sessionCookieName = cookieName(PrivacyParam.SESSION_COOKIE_NAME, value);
            return this;
        }

        public Builder sessionIdleTimeout(Duration value) {
            this.sessionIdleTimeout = atLeast(PrivacyParam.SESSION_IDLE_TIMEOUT, value, Duration.ofMinutes(1));
            return this;
        }

        public Builder sessionAbsoluteTimeout(Duration value) {
            this.sessionAbsoluteTimeout = atLeast(PrivacyParam.SESSION_ABSOLUTE_TIMEOUT, value, Duration.ofMinutes(1));
            return this;
        }

        /** {@code null} for a random key per start. */
        public Builder signingKeys(SigningKeys value) {
            this.signingKeys = value;
            return this;
        }

        public Builder consentCookieName(String value) {
            consent.cookieName = cookieName(PrivacyParam.CONSENT_COOKIE_NAME, value);
            return this;
        }

        public Builder consentMaxAge(Duration value) {
            consent.maxAge(value);
            return this;
        }

        public Builder consentPolicyVersion(String value) {
            consent.policyVersion(Objects.requireNonNull(value, PrivacyParam.CONSENT_POLICY_VERSION.paramName()));
            return this;
        }

        /** A path or https URL; empty for no link. */
        public Builder consentPolicyUrl(String value) {
            consent.policyUrl(Objects.requireNonNull(value, PrivacyParam.CONSENT_POLICY_URL.paramName()));
            return this;
        }

        /** Categories of the site's own; checked with the other consent settings in {@link #build()}. */
        public Builder consentCategories(Set<String> value) {
            consent.categories = Set.copyOf(value);
            return this;
        }

        /** {@code category:pattern} pairs. */
        public Builder consentCookies(Set<String> value) {
            consent.cookies = List.copyOf(value);
            return this;
        }

        /** {@code category:source} pairs; a source may start with the one directive it goes into. */
        public Builder consentSources(Set<String> value) {
            consent.sources = List.copyOf(value);
            return this;
        }

        public Builder consentSaleSharing(Set<String> value) {
            consent.saleSharing = Set.copyOf(value);
            return this;
        }

        public Builder consentOptOutCountries(Set<String> value) {
            consent.countries(PrivacyParam.CONSENT_OPT_OUT_COUNTRIES, value);
            return this;
        }

        public Builder consentNoticeCountries(Set<String> value) {
            consent.countries(PrivacyParam.CONSENT_NOTICE_COUNTRIES, value);
            return this;
        }

        /** {@code regime:category} pairs; the opt-in regime is rejected. */
        public Builder consentPreGranted(Set<String> value) {
            consent.preGranted = List.copyOf(value);
            return this;
        }

        /** {@code true}: cookies of no category are kept from the browser. */
        public Builder consentBlockUnclassified(boolean value) {
            consent.blockUnclassified = value;
            return this;
        }

        public Builder consentCookieDomains(Set<String> value) {
            consent.cookieDomains(value);
            return this;
        }

        public Builder consentCsp(ConsentSettings.CspMode value) {
            consent.csp = Objects.requireNonNull(value, PrivacyParam.CONSENT_CSP.paramName());
            return this;
        }

        public Builder consentCspPolicy(String value) {
            consent.cspPolicy(Objects.requireNonNull(value, PrivacyParam.CONSENT_CSP_POLICY.paramName()));
            return this;
        }

        public Builder endpointsPrefix(String value) {
            String v = Objects.requireNonNull(value, PrivacyParam.ENDPOINTS_PREFIX.paramName()).trim();
            if (!PREFIX.matcher(v).matches() || v.length() > 128) {
                throw fail(PrivacyParam.ENDPOINTS_PREFIX, "'" + v + "' is not an absolute path of letters, digits and"
                        + " ._~- segments (at most 128 characters)");
            }
            this.endpointsPrefix = v;
            return this;
        }

        /** {@code null} leaves the request's character encoding to the container. */
        public Builder requestEncoding(Charset value) {
            this.requestEncoding = value;
            return this;
        }

        public Builder visitsStore(VisitsStore value) {
            visits.store(value);
            return this;
        }

        /** Empty for the URL's or the driver's default. */
        public Builder visitsStoreUser(String value) {
            visits.storeUser(value);
            return this;
        }

        /** Empty for none. */
        public Builder visitsStorePassword(String value) {
            visits.storePassword(value);
            return this;
        }

        /** {@code null} for the spool directory inside {@code visits.dir}. */
        public Builder visitsSpoolDir(Path value) {
            visits.spoolDir = value;
            return this;
        }

        public Builder visitsSpoolMax(int value) {
            visits.spoolMax(value);
            return this;
        }

        public Builder visitsDir(Path value) {
            visits.dir(value);
            return this;
        }

        public Builder visitsIp(IpStorage value) {
            visits.ip(value);
            return this;
        }

        public Builder visitsRetention(Duration value) {
            visits.retention(value);
            return this;
        }

        public Builder visitsOverflow(OverflowPolicy value) {
            visits.overflow(value);
            return this;
        }

        public Builder visitsQueueCapacity(int value) {
            visits.queueCapacity(value);
            return this;
        }

        public Builder visitsBatchSize(int value) {
            visits.batchSize(value);
            return this;
        }

        /** Which requests make a visit record: page views (the default) or all. */
        public Builder visitsRecord(VisitSelection.Mode value) {
            visits.record(value);
            return this;
        }

        /** Paths never recorded: {@code /exact}, {@code /prefix/*} or {@code *.extension}. */
        public Builder visitsExclude(Set<String> value) {
            visits.exclude(value);
            return this;
        }

        public Builder consentRetention(Duration value) {
            this.consentRetention = atLeast(PrivacyParam.CONSENT_RETENTION, value, Duration.ofDays(1));
            return this;
        }

        public Builder visitsEnrichBudget(Duration value) {
            visits.enrichBudget(value);
            return this;
        }

        public Builder consentProofTimeout(Duration value) {
            this.consentProofTimeout = between(PrivacyParam.CONSENT_PROOF_TIMEOUT, value, Duration.ofMillis(100),
                    Duration.ofMinutes(1));
            return this;
        }

        public Builder endpointsDataRate(Rate value) {
            this.endpointsDataRate = Objects.requireNonNull(value, PrivacyParam.ENDPOINTS_DATA_RATE.paramName());
            return this;
        }

        /** Paths whose POSTs are checked; empty turns form protection off. */
        public Builder protectPaths(Set<String> value) {
            protect.paths(value);
            return this;
        }

        public Builder protectHoneypotField(String value) {
            protect.honeypotField(value);
            return this;
        }

        public Builder protectRate(Rate value) {
            protect.rate(value);
            return this;
        }

        public Builder protectRateIpv6Prefix(int value) {
            protect.rateIpv6Prefix(value);
            return this;
        }

        public Builder protectRecaptchaHostnames(Set<String> value) {
            protect.hostnames(value);
            return this;
        }

        public Builder protectChallengeDifficulty(int value) {
            protect.difficulty(value);
            return this;
        }

        public Builder protectChallengeTtl(Duration value) {
            protect.challengeTtl(value);
            return this;
        }

        /** Empty for none; requires {@link #protectRecaptchaSecret}. */
        public Builder protectRecaptchaSiteKey(String value) {
            protect.siteKey(value);
            return this;
        }

        /** Empty for none; requires {@link #protectRecaptchaSiteKey}. */
        public Builder protectRecaptchaSecret(String value) {
            protect.secret(value);
            return this;
        }

        /** {@code v2} or {@code v3}. */
        public Builder protectRecaptchaVersion(String value) {
            protect.version(value);
            return this;
        }

        public Builder protectRecaptchaVerifyUrl(String value) {
            protect.verifyUrl(value);
            return this;
        }

        public Builder protectRecaptchaScriptHost(String value) {
            protect.scriptHost(value);
            return this;
        }

        public Builder protectRecaptchaAction(String value) {
            protect.action(value);
            return this;
        }

        public Builder protectRecaptchaMinScore(double value) {
            protect.minScore(value);
            return this;
        }

        public Builder protectRecaptchaMaxAge(Duration value) {
            protect.maxAge(value);
            return this;
        }

        public Builder protectRecaptchaTimeout(Duration value) {
            protect.timeout(value);
            return this;
        }

        public Builder protectRecaptchaOnError(ProtectSettings.OnError value) {
            protect.onError(value);
            return this;
        }

        /** Checks the combinations and builds. */
        public PrivacySettings build() {
            Locale language = defaultLanguage == null ? supportedLanguages.get(0) : defaultLanguage;
            if (!supportedLanguages.contains(language)) {
                throw new ConfigurationException("Invalid init-param " + PrivacyParam.LANGUAGE_DEFAULT.paramName() + "='"
                        + language.toLanguageTag() + "': it must be one of " + PrivacyParam.LANGUAGE_SUPPORTED.paramName()
                        + " " + tags(supportedLanguages) + "; add it there or choose one of those");
            }
            if (sessionIdleTimeout.compareTo(sessionAbsoluteTimeout) > 0) {
                throw new ConfigurationException("Invalid init-params " + PrivacyParam.SESSION_IDLE_TIMEOUT.paramName()
                        + "=" + Durations.format(sessionIdleTimeout) + " and "
                        + PrivacyParam.SESSION_ABSOLUTE_TIMEOUT.paramName() + "=" + Durations.format(sessionAbsoluteTimeout)
                        + ": the idle timeout cannot exceed the absolute timeout; lower the first or raise the second");
            }
            visits.check();
            Path dir = visits.effectiveDir();
            return new PrivacySettings(trustedProxies, forwardedHeader, supportedLanguages, language, languageCookieMaxAge, geoDatabase,
                    geoRequired, geoCacheSize, geoCountryHeader, geoReloadInterval, agentCacheSize, agentMaxLength,
                    agentRegexes, agentReloadInterval, siteHosts, sessionCookieName, sessionIdleTimeout,
                    sessionAbsoluteTimeout,
                    Optional.ofNullable(signingKeys), consent.build(sessionCookieName), endpointsPrefix,
                    Optional.ofNullable(requestEncoding), visits.store, visits.storeUser,
                    visits.storePassword, visits.effectiveSpoolDir(dir),
                    visits.spoolMax, dir, visits.ip, visits.retention, visits.overflow, visits.queueCapacity,
                    visits.batchSize, consentRetention, protect.build(siteHosts), visits.enrichBudget,
                    consentProofTimeout, endpointsDataRate, visits.selection());
        }

        private static String tags(List<Locale> locales) {
            return locales.stream().map(Locale::toLanguageTag).toList().toString();
        }
    }
}
