package net.erpex.privacy;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.erpex.privacy.agent.AgentRules;
import net.erpex.privacy.config.ConfigurationException;
import net.erpex.privacy.config.Durations;
import net.erpex.privacy.config.PrivacyParam;
import net.erpex.privacy.config.PrivacySettings;
import net.erpex.privacy.consent.BannerTexts;
import net.erpex.privacy.consent.ConsentCategories;
import net.erpex.privacy.consent.ConsentSettings;
import net.erpex.privacy.config.VisitsStore;
import net.erpex.privacy.geo.GeoLocator;
import net.erpex.privacy.geo.GeoLocators;
import net.erpex.privacy.protect.ProtectSettings;
import net.erpex.privacy.security.Redaction;
import net.erpex.privacy.security.SigningKeys;
import net.erpex.privacy.shared.MemorySharedState;
import net.erpex.privacy.shared.SharedState;
import net.erpex.privacy.store.ConnectionSource;
import net.erpex.privacy.store.JsonLinesStore;
import net.erpex.privacy.store.PostgresSharedState;
import net.erpex.privacy.store.PostgresStore;
import net.erpex.privacy.visit.ConsentRecord;
import net.erpex.privacy.visit.RecordSink;
import net.erpex.privacy.visit.Slf4jSink;
import net.erpex.privacy.visit.VisitRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How each part of a started filter is opened from the settings: the user-agent rules, the GeoIP reader, the record
 * sink, the shared state, the consent settings and banner texts, and the form protection. A part that cannot be opened
 * is a configuration error whose message names the init-param, the value and what it accepts (never a secret: the
 * PostgreSQL password is only revealed to the driver). {@link FilterRuntime#start} puts the parts together.
 */
final class FilterParts {

    private static final Logger LOG = LoggerFactory.getLogger(PrivacyFilter.class);
    /** The journal of a JSON-lines site's used proofs and revoked sessions, in {@code visits.dir}. */
    private static final String SHARED_STATE_FILE = "shared-state.jsonl";

    private FilterParts() {
    }

    /** Form protection, or null when no path is protected: the per-request cost is then one null check. */
    static FormProtection formProtection(PrivacySettings settings, SigningKeys keys, SharedState shared,
            Clock clock) {
        ProtectSettings protect = settings.protect();
        if (!protect.enabled()) {
            if (protect.recaptcha().configured()) {
                LOG.warn("reCAPTCHA keys are set but {} is empty: no form is protected",
                        PrivacyParam.PROTECT_PATHS.paramName());
            }
            return null;
        }
        if (protect.recaptcha().configured()) {
            LOG.info("Form protection on {}: reCAPTCHA {} for visitors who grant recaptcha (verified at {}, on error:"
                    + " {}), the cookieless challenge (difficulty {}) for the others", protect.paths(),
                    protect.recaptcha().v3() ? "v3" : "v2",
                    Redaction.url(protect.recaptcha().verifyUrl().toString()),
                    protect.recaptcha().onError().name().toLowerCase(Locale.ROOT), protect.difficulty());
        } else {
            LOG.info("Form protection on {}: {} and {} are not set, so every visitor gets the cookieless challenge"
                    + " (difficulty {}); reCAPTCHA is not used", protect.paths(),
                    PrivacyParam.PROTECT_RECAPTCHA_SITE_KEY.paramName(),
                    PrivacyParam.PROTECT_RECAPTCHA_SECRET.paramName(), protect.difficulty());
        }
        return new FormProtection(protect, keys, shared, clock);
    }

    /**
     * The consent settings with the cookies that are necessary by construction: the filter's own (with and without
     * {@code __Host-}), the language cookie, and the container's session cookie.
     */
    static ConsentSettings consentSettings(PrivacySettings settings, ServletContext servletContext) {
        ConsentSettings consent = settings.consent();
        List<String> names = new ArrayList<>();
        for (String name : List.of(settings.sessionCookieName(), consent.cookieName())) {
            names.add(name);
            names.add("__Host-" + name);
        }
        names.add(LanguageChoice.COOKIE);
        String container = null;
        if (servletContext != null && servletContext.getSessionCookieConfig() != null) {
            container = servletContext.getSessionCookieConfig().getName();
        }
        names.add(container == null || container.isBlank() ? "JSESSIONID" : container);
        return consent.withCategories(consent.categories().withCookies(ConsentCategories.NECESSARY, names));
    }

    /** The banner's texts for the site's languages; a broken site bundle is a configuration error. */
    static BannerTexts bannerTexts(PrivacySettings settings, ConsentSettings consent) {
        try {
            return BannerTexts.builder(consent.categories().all()).languages(settings.supportedLanguages())
                    .policyUrl(consent.policyUrl()).build();
        } catch (RuntimeException e) {
            throw new ConfigurationException("The consent banner's texts cannot be used: " + e.getMessage()
                    + ". Check the site's " + BannerTexts.SITE_BUNDLE + "*.properties files", e);
        }
    }

    /** uap-core's rules for the user-agent analysis; rules that cannot be loaded fail init(). */
    static AgentRules openAgentRules(PrivacySettings settings) {
        String location = settings.agentRegexes();
        try {
            return AgentRules.open(location, settings.agentReloadInterval());
        } catch (IOException | RuntimeException e) {
            String shown = location.isEmpty() ? AgentRules.defaultLocation() + " (the default)" : location;
            throw new ConfigurationException("Invalid init-param " + PrivacyParam.AGENT_REGEXES.paramName() + "='"
                    + location + "': the user-agent rules " + shown + " cannot be loaded: " + e.getMessage()
                    + ". Expected " + PrivacyParam.AGENT_REGEXES.format(), e);
        }
    }

    static GeoLocator openGeo(PrivacySettings settings) {
        String location = settings.geoDatabase();
        if (location.isEmpty()) {
            LOG.info("{} is not set: geolocation is off", PrivacyParam.GEO_DATABASE.paramName());
            return GeoLocator.off(PrivacyParam.GEO_DATABASE.paramName() + " is not set");
        }
        try {
            return GeoLocators.open(location, settings.geoCacheSize(), settings.geoReloadInterval());
        } catch (IOException e) {
            if (settings.geoRequired()) {
                throw new ConfigurationException("Invalid init-param " + PrivacyParam.GEO_DATABASE.paramName() + "='"
                        + location + "': " + e.getMessage() + ". Expected " + PrivacyParam.GEO_DATABASE.format()
                        + "; or set " + PrivacyParam.GEO_REQUIRED.paramName() + "=false to start without geolocation",
                        e);
            }
            GeoLocator waiting = GeoLocators.waitFor(location, settings.geoCacheSize(), settings.geoReloadInterval());
            LOG.warn("Geolocation is off: {} ({}=false). Visitors get no country, region or city {}.", e.getMessage(),
                    PrivacyParam.GEO_REQUIRED.paramName(), waiting == null ? "until the application is restarted"
                            : "until a usable database is in place (checked every "
                                    + Durations.format(settings.geoReloadInterval()) + ")");
            return waiting == null ? GeoLocator.off(e.getMessage()) : waiting;
        }
    }

    /** Connections to the PostgreSQL store of {@code visits.store}. */
    private static ConnectionSource connectionSource(PrivacySettings settings) {
        VisitsStore store = settings.visitsStore();
        try {
            return store.kind() == VisitsStore.Kind.JNDI ? ConnectionSource.jndi(store.target())
                    : ConnectionSource.driver(store.target(), settings.visitsStoreUser(),
                            settings.visitsStorePassword().reveal());
        } catch (IllegalStateException e) {
            throw new ConfigurationException("Invalid init-param " + PrivacyParam.VISITS_STORE.paramName() + "='"
                    + store + "': " + e.getMessage(), e);
        }
    }

    /**
     * Where used proofs, rate buckets and revoked sessions are kept: in the PostgreSQL store, shared by the nodes; for
     * JSON lines, in memory with a journal in {@code visits.dir} so that they survive a restart; else in memory.
     */
    static SharedState openSharedState(PrivacySettings settings, Clock clock) {
        VisitsStore store = settings.visitsStore();
        if (store.database()) {
            return PostgresSharedState.start(connectionSource(settings), clock);
        }
        if (store.kind() == VisitsStore.Kind.JSONL) {
            Path journal = settings.visitsDir().resolve(SHARED_STATE_FILE);
            try {
                return MemorySharedState.journaled(journal, clock);
            } catch (IOException | RuntimeException e) {
                throw new ConfigurationException("Invalid init-param " + PrivacyParam.VISITS_DIR.paramName() + "='"
                        + settings.visitsDir() + "': cannot keep used proofs and revoked sessions in " + journal
                        + " (" + e.getMessage() + "). Expected a directory the application can create and write", e);
            }
        }
        return MemorySharedState.inMemory(clock);
    }

    private static RecordSink openDatabase(PrivacySettings settings, Clock clock) {
        VisitsStore store = settings.visitsStore();
        ConnectionSource source = connectionSource(settings);
        try {
            return PostgresStore.open(source, settings.visitsSpoolDir(), settings.visitsSpoolMax(),
                    retention(settings), clock);
        } catch (IOException e) {
            throw new ConfigurationException("Invalid init-param " + PrivacyParam.VISITS_STORE.paramName() + "='"
                    + store + "' (or " + PrivacyParam.VISITS_SPOOL_DIR.paramName() + "='"
                    + settings.visitsSpoolDir() + "'): " + e.getMessage(), e);
        }
    }

    private static Map<String, Duration> retention(PrivacySettings settings) {
        return Map.of(VisitRecord.STREAM, settings.visitsRetention(), ConsentRecord.STREAM,
                settings.consentRetention());
    }

    static RecordSink openSink(PrivacySettings settings, Clock clock) {
        VisitsStore store = settings.visitsStore();
        if (store.kind() == VisitsStore.Kind.SLF4J) {
            return new Slf4jSink();
        }
        if (store.database()) {
            return openDatabase(settings, clock);
        }
        if (!settings.visitsDir().isAbsolute()) {
            // Under systemd the working directory is /, so a relative directory would silently land there.
            LOG.warn("{}='{}' is relative: records go to {} (the JVM's working directory is {}). Set an absolute"
                    + " directory to choose the place.", PrivacyParam.VISITS_DIR.paramName(), settings.visitsDir(),
                    settings.visitsDir().toAbsolutePath().normalize(), Path.of("").toAbsolutePath());
        }
        try {
            return new JsonLinesStore(settings.visitsDir(), retention(settings), clock);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException("Invalid init-param " + PrivacyParam.VISITS_DIR.paramName() + "='"
                    + settings.visitsDir() + "': " + e.getMessage() + ". Expected a directory the application can"
                    + " create and write", e);
        }
    }
}
