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
import java.util.TreeMap;
import net.erpex.privacy.agent.AgentRules;
import net.erpex.privacy.agent.UserAgentAnalyzer;
import net.erpex.privacy.config.ConfigurationException;
import net.erpex.privacy.config.Durations;
import net.erpex.privacy.config.PrivacyParam;
import net.erpex.privacy.config.PrivacySettings;
import net.erpex.privacy.consent.BannerRenderer;
import net.erpex.privacy.consent.BannerTexts;
import net.erpex.privacy.consent.ConsentCategories;
import net.erpex.privacy.consent.ConsentManager;
import net.erpex.privacy.consent.ConsentSettings;
import net.erpex.privacy.config.VisitsStore;
import net.erpex.privacy.geo.GeoLocator;
import net.erpex.privacy.geo.GeoLocators;
import net.erpex.privacy.protect.ProtectSettings;
import net.erpex.privacy.referrer.ReferrerSummarizer;
import net.erpex.privacy.security.Redaction;
import net.erpex.privacy.security.SigningKeys;
import net.erpex.privacy.shared.MemorySharedState;
import net.erpex.privacy.shared.SharedState;
import net.erpex.privacy.session.SessionManager;
import net.erpex.privacy.store.ConnectionSource;
import net.erpex.privacy.protect.RateLimiter;
import net.erpex.privacy.store.DataSubjectService;
import net.erpex.privacy.store.DataSubjectStore;
import net.erpex.privacy.store.JsonLinesStore;
import net.erpex.privacy.store.PostgresSharedState;
import net.erpex.privacy.store.PostgresStore;
import net.erpex.privacy.visit.ConsentRecord;
import net.erpex.privacy.visit.IpAnonymizer;
import net.erpex.privacy.visit.IpStorage;
import net.erpex.privacy.visit.RecordSink;
import net.erpex.privacy.visit.RecorderStats;
import net.erpex.privacy.visit.Slf4jSink;
import net.erpex.privacy.visit.VisitRecord;
import net.erpex.privacy.visit.VisitRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a started filter holds, built once from the settings and closed once: the pipeline, the GeoIP reader,
 * the recorder and its sink. A failure to build is a configuration error and names the param responsible.
 */
final class FilterRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrivacyFilter.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    /** The journal of a JSON-lines site's used proofs and revoked sessions, in {@code visits.dir}. */
    static final String SHARED_STATE_FILE = "shared-state.jsonl";
    /** How long a visitor's my-data or erase request waits for the recorder before it is answered 503. */
    private static final Duration DATA_SUBJECT_TIMEOUT = Duration.ofSeconds(10);

    private final VisitorPipeline pipeline;
    private final PrivacyEndpoints endpoints;
    private final ConsentEnforcer consent;
    private final GeoLocator geo;
    private final VisitRecorder recorder;
    private final RecordSink sink;
    private final Counters counters;
    private final Faults faults;
    private final FormProtection protection;
    private final DataSubjectService dataSubjects;
    private final PrivacySettings settings;
    private final SharedState shared;
    private final AgentRules agentRules;

    private FilterRuntime(VisitorPipeline pipeline, PrivacyEndpoints endpoints, ConsentEnforcer consent, GeoLocator geo,
            VisitRecorder recorder, RecordSink sink, Counters counters, Faults faults, FormProtection protection,
            DataSubjectService dataSubjects, PrivacySettings settings, SharedState shared, AgentRules agentRules) {
        this.pipeline = pipeline;
        this.endpoints = endpoints;
        this.consent = consent;
        this.geo = geo;
        this.recorder = recorder;
        this.sink = sink;
        this.counters = counters;
        this.faults = faults;
        this.protection = protection;
        this.dataSubjects = dataSubjects;
        this.settings = settings;
        this.shared = shared;
        this.agentRules = agentRules;
    }

    /** The settings in force: the configured ones with the cookie names scoped to the context path. */
    PrivacySettings settings() {
        return settings;
    }

    /** Form protection, or null when {@code protect.paths} is empty. */
    FormProtection protection() {
        return protection;
    }

    static FilterRuntime start(PrivacySettings configured, Clock clock, ServletContext servletContext) {
        PrivacySettings settings = configured.forContextPath(servletContext == null ? ""
                : servletContext.getContextPath());
        SigningKeys keys = settings.signingKeys().orElseGet(() -> {
            LOG.warn("{} is not set: using a random key for this run only, so session cookies do not survive a"
                    + " restart and are not accepted by other nodes. Set it to the output of"
                    + " 'openssl rand -base64 32' (the same on every node).", PrivacyParam.SECURITY_KEYS.paramName());
            return SigningKeys.random();
        });
        AgentRules agentRules = openAgentRules(settings);
        GeoLocator geo = openGeo(settings);
        RecordSink sink = openSink(settings, clock);
        SharedState shared = openSharedState(settings, clock);
        if (settings.visitsIp() == IpStorage.HASHED && keys.ephemeral()) {
            LOG.warn("{}=hashed with a random key: the same address hashes differently after every restart; set {}",
                    PrivacyParam.VISITS_IP.paramName(), PrivacyParam.SECURITY_KEYS.paramName());
        }
        IpAnonymizer ips = new IpAnonymizer(settings.visitsIp(),
                settings.visitsIp() == IpStorage.HASHED ? keys.derive("visits.ip") : null);
        UserAgentAnalyzer agents = new UserAgentAnalyzer(agentRules, settings.agentCacheSize(),
                settings.agentMaxLength());
        ReferrerSummarizer referrers = new ReferrerSummarizer(settings.siteHosts());
        VisitRecorder recorder = VisitRecorder.builder(
                        new VisitEnricher(geo, agents, referrers, ips, settings.agentMaxLength()), sink)
                .capacity(settings.visitsQueueCapacity())
                .batchSize(settings.visitsBatchSize())
                .overflow(settings.visitsOverflow())
                .enrichBudget(settings.visitsEnrichBudget())
                .clock(clock)
                .build();
        Counters counters = new Counters();
        SessionManager sessions = new SessionManager(keys, settings.sessionIdleTimeout(),
                settings.sessionAbsoluteTimeout(), clock, shared);
        ConsentSettings consentSettings = consentSettings(settings, servletContext);
        ConsentEnforcer consent = new ConsentEnforcer(new ConsentManager(consentSettings, keys, clock), counters);
        BannerTexts texts = bannerTexts(settings, consentSettings);
        BannerEndpoints banner = new BannerEndpoints(new BannerRenderer(texts), consentSettings.categories(),
                settings.endpointsPrefix());
        ConsentProof proof = new ConsentProof(recorder, texts, settings.agentMaxLength(), clock,
                settings.sessionAbsoluteTimeout(), settings.consentProofTimeout());
        FormProtection protection = formProtection(settings, keys, shared, clock);
        ProtectEndpoints protect = protection == null ? null
                : new ProtectEndpoints(protection, settings.endpointsPrefix());
        Faults faults = new Faults(counters);
        VisitorPipeline pipeline = new VisitorPipeline(settings, geo, agents, referrers, sessions,
                new VisitLog(settings.visitSelection(), recorder, settings.agentMaxLength()), consent, proof, banner,
                protect, counters, faults, clock);
        PrivacyEndpoints endpoints = new PrivacyEndpoints(settings.endpointsPrefix());
        if (protect != null) {
            protect.register(endpoints);
        }
        new ConsentEndpoints(consent, proof, counters).register(endpoints);
        banner.register(endpoints);
        DataSubjectService dataSubjects = new DataSubjectService(recorder,
                sink instanceof DataSubjectStore store ? store : null, sink.toString(), DATA_SUBJECT_TIMEOUT);
        new DataSubjectEndpoints(dataSubjects, consent, counters,
                new RateLimiter(settings.endpointsDataRate(), shared, "data"), clock).register(endpoints);
        if (servletContext != null) {
            ContainerSessionCookie.harden(servletContext);
            // Lets the site's own pages find where records go (the demo shows a visitor their records).
            servletContext.setAttribute(PrivacySettings.class.getName(), settings);
        }
        LOG.info("PrivacyFilter started: trusted proxies [{}], languages {} (default {}), {}, visits to {}",
                settings.trustedProxies(), settings.supportedLanguages(), settings.defaultLanguage().toLanguageTag(),
                geo.description(), settings.visitsStore().kind() == VisitsStore.Kind.JSONL
                        ? settings.visitsDir().toAbsolutePath() : settings.visitsStore());
        LOG.info("User agents: {}", agentRules.description());
        return new FilterRuntime(pipeline, endpoints, consent, geo, recorder, sink, counters, faults, protection,
                dataSubjects, settings, shared, agentRules);
    }

    /** Form protection, or null when no path is protected: the per-request cost is then one null check. */
    private static FormProtection formProtection(PrivacySettings settings, SigningKeys keys, SharedState shared,
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

    VisitorPipeline pipeline() {
        return pipeline;
    }

    ConsentEnforcer consent() {
        return consent;
    }

    PrivacyEndpoints endpoints() {
        return endpoints;
    }

    Counters counters() {
        return counters;
    }

    Faults faults() {
        return faults;
    }

    /** The request counters, with the recorder's and, for PostgreSQL, the spool's. */
    Map<String, Long> snapshot() {
        Map<String, Long> all = new TreeMap<>(counters.snapshot());
        RecorderStats r = recorder.stats();
        all.put("records-submitted", r.submitted());
        all.put("records-written", r.written());
        all.put("records-dropped", r.dropped());
        all.put("records-queued", (long) r.queued());
        all.put("records-degraded", r.degraded());
        all.put("records-enrich-overruns", r.overruns());
        all.put("records-proofs", r.proofs());
        if (protection != null) {
            all.putAll(protection.stats());
        }
        all.putAll(shared.stats());
        if (sink instanceof PostgresStore store) {
            PostgresStore.Stats s = store.stats();
            all.put("spool-records", (long) s.spooled());
            all.put("spool-peak", (long) s.peakSpooled());
            all.put("spool-near-full", s.nearFullWarnings());
            all.put("spool-replayed", s.replayed());
            all.put("database-failures", s.databaseFailures());
        }
        return all;
    }

    /** Where records go and whether they get there, for a health check. */
    PrivacyHealth health() {
        VisitsStore store = settings.visitsStore();
        RecorderStats r = recorder.stats();
        if (sink instanceof PostgresStore pg) {
            PostgresStore.Stats s = pg.stats();
            return new PrivacyHealth(store.kind().name().toLowerCase(Locale.ROOT), s.databaseUp(), r.queued(),
                    settings.visitsQueueCapacity(), s.spooled(), settings.visitsSpoolMax());
        }
        boolean up = store.kind() != VisitsStore.Kind.JSONL || java.nio.file.Files.isWritable(settings.visitsDir());
        return new PrivacyHealth(store.kind().name().toLowerCase(Locale.ROOT), up, r.queued(),
                settings.visitsQueueCapacity(), 0, 0);
    }

    /** Drains the recorder (every request served is written) and releases the GeoIP reader. */
    @Override
    public void close() {
        dataSubjects.close();
        recorder.close(DRAIN_TIMEOUT);
        shared.close();
        geo.close();
        agentRules.close();
        LOG.info("PrivacyFilter stopped: {}", recorder.stats());
    }

    /**
     * The consent settings with the cookies that are necessary by construction: the filter's own (with and without
     * {@code __Host-}), the language cookie, and the container's session cookie.
     */
    private static ConsentSettings consentSettings(PrivacySettings settings, ServletContext servletContext) {
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
    private static BannerTexts bannerTexts(PrivacySettings settings, ConsentSettings consent) {
        try {
            return BannerTexts.builder(consent.categories().all()).languages(settings.supportedLanguages())
                    .policyUrl(consent.policyUrl()).build();
        } catch (RuntimeException e) {
            throw new ConfigurationException("The consent banner's texts cannot be used: " + e.getMessage()
                    + ". Check the site's " + BannerTexts.SITE_BUNDLE + "*.properties files", e);
        }
    }

    /** uap-core's rules for the user-agent analysis; rules that cannot be loaded fail init(). */
    private static AgentRules openAgentRules(PrivacySettings settings) {
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

    private static GeoLocator openGeo(PrivacySettings settings) {
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
    private static SharedState openSharedState(PrivacySettings settings, Clock clock) {
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

    private static RecordSink openSink(PrivacySettings settings, Clock clock) {
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
