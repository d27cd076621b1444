package net.erpex.privacy;

import jakarta.servlet.ServletContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import net.erpex.privacy.agent.AgentRules;
import net.erpex.privacy.agent.UserAgentAnalyzer;
import net.erpex.privacy.config.PrivacyParam;
import net.erpex.privacy.config.PrivacySettings;
import net.erpex.privacy.consent.BannerRenderer;
import net.erpex.privacy.consent.BannerTexts;
import net.erpex.privacy.consent.ConsentManager;
import net.erpex.privacy.consent.ConsentSettings;
import net.erpex.privacy.config.VisitsStore;
import net.erpex.privacy.geo.GeoLocator;
import net.erpex.privacy.referrer.ReferrerSummarizer;
import net.erpex.privacy.security.SigningKeys;
import net.erpex.privacy.shared.SharedState;
import net.erpex.privacy.session.SessionManager;
import net.erpex.privacy.protect.RateLimiter;
import net.erpex.privacy.store.DataSubjectService;
import net.erpex.privacy.store.DataSubjectStore;
import net.erpex.privacy.store.PostgresStore;
import net.erpex.privacy.visit.IpAnonymizer;
import net.erpex.privacy.visit.IpStorage;
import net.erpex.privacy.visit.RecordSink;
import net.erpex.privacy.visit.RecorderStats;
import net.erpex.privacy.visit.VisitRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a started filter holds, built once from the settings and closed once: the pipeline, the GeoIP reader,
 * the recorder and its sink. {@link FilterParts} opens each part; {@link #start} puts them together. A failure to
 * build is a configuration error and names the param responsible.
 */
final class FilterRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrivacyFilter.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
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
        AgentRules agentRules = FilterParts.openAgentRules(settings);
        GeoLocator geo = FilterParts.openGeo(settings);
        RecordSink sink = FilterParts.openSink(settings, clock);
        SharedState shared = FilterParts.openSharedState(settings, clock);
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
        ConsentSettings consentSettings = FilterParts.consentSettings(settings, servletContext);
        ConsentEnforcer consent = new ConsentEnforcer(new ConsentManager(consentSettings, keys, clock), counters);
        BannerTexts texts = FilterParts.bannerTexts(settings, consentSettings);
        BannerEndpoints banner = new BannerEndpoints(new BannerRenderer(texts), consentSettings.categories(),
                settings.endpointsPrefix());
        ConsentProof proof = new ConsentProof(recorder, texts, settings.agentMaxLength(), clock,
                settings.sessionAbsoluteTimeout(), settings.consentProofTimeout());
        FormProtection protection = FilterParts.formProtection(settings, keys, shared, clock);
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

}
