package net.erpex.privacy;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import net.erpex.privacy.agent.UserAgentAnalyzer;
import net.erpex.privacy.client.ClientAddress;
import net.erpex.privacy.client.ClientAddressResolver;
import net.erpex.privacy.client.ForwardingHeaders;
import net.erpex.privacy.client.IpLiterals;
import net.erpex.privacy.config.PrivacySettings;
import net.erpex.privacy.consent.ConsentManager;
import net.erpex.privacy.geo.CountryHeader;
import net.erpex.privacy.geo.GeoLocation;
import net.erpex.privacy.geo.GeoLocator;
import net.erpex.privacy.language.LanguageNegotiator;
import net.erpex.privacy.language.LanguageResult;
import net.erpex.privacy.page.Destination;
import net.erpex.privacy.referrer.ReferrerSummarizer;
import net.erpex.privacy.session.CookieHeader;
import net.erpex.privacy.session.SessionManager;
import net.erpex.privacy.session.SessionToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-request work of {@link PrivacyFilter} before the application runs, with every collaborator built once at
 * {@code init()}: reads the request, asks the servlet-free core, and returns the {@link RequestVisit} that decides the
 * rest when the response is about to be sent. It does only what the response needs on the request thread and leaves
 * the rest of the record to the recorder.
 */
final class VisitorPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(PrivacyFilter.class);

    private static final String HOST_PREFIX = "__Host-";
    // Caps on what is kept of request input: enough for any real value, bounded for hostile ones.
    static final int MAX_HINT = 512;
    static final int MAX_REFERER = 2048;
    /** Distinct (proxy, forwarding header) pairs whose client is remembered: about 200 bytes each. */
    private static final int CLIENT_MEMO_SIZE = 10_000;
    /** The session cookie's attributes: a session cookie (no Max-Age), HttpOnly, with and without Secure. */
    private static final String SESSION_ATTRIBUTES = CookieHeader.attributes(null, false, true);
    private static final String SECURE_SESSION_ATTRIBUTES = CookieHeader.attributes(null, true, true);

    private final PrivacySettings settings;
    private final ClientMemo clients;
    private final LanguageNegotiator languages;
    private final LanguageChoice choice;
    private final GeoLocator geo;
    private final UserAgentAnalyzer agents;
    private final ReferrerSummarizer referrers;
    private final SessionManager sessions;
    private final ConsentEnforcer consent;
    private final ConsentProof proof;
    private final BannerEndpoints banner;
    private final ProtectEndpoints protect;
    private final VisitLog log;
    private final Counters counters;
    private final Faults faults;
    private final Clock clock;
    private final String sessionCookie;
    private final String secureSessionCookie;

    VisitorPipeline(PrivacySettings settings, GeoLocator geo, UserAgentAnalyzer agents, ReferrerSummarizer referrers,
            SessionManager sessions, VisitLog log, ConsentEnforcer consent, ConsentProof proof,
            BannerEndpoints banner, ProtectEndpoints protect, Counters counters, Faults faults, Clock clock) {
        this.settings = settings;
        this.clients = new ClientMemo(new ClientAddressResolver(settings.trustedProxies(), settings.forwardedHeader()),
                CLIENT_MEMO_SIZE);
        this.languages = new LanguageNegotiator(settings.supportedLanguages(), settings.defaultLanguage());
        this.choice = new LanguageChoice(languages, settings.languageCookieMaxAge(), counters);
        this.geo = geo;
        this.agents = agents;
        this.referrers = referrers;
        this.sessions = sessions;
        this.log = log;
        this.consent = consent;
        this.proof = proof;
        this.banner = banner;
        this.protect = protect;
        this.counters = counters;
        this.faults = faults;
        this.clock = clock;
        this.sessionCookie = settings.sessionCookieName();
        this.secureSessionCookie = HOST_PREFIX + settings.sessionCookieName();
    }

    /**
     * Decides everything the application may ask before it runs: the client, the session presented, the consent and
     * the language. Nothing is written to the response yet: see {@link RequestVisit}.
     *
     * @param endpoint whether the filter answers the request itself
     * @param decision whether this request makes a consent decision: the cookies a denied category left in the
     *                 browser are then expired by the decision, not here
     */
    RequestVisit prepare(HttpServletRequest request, HttpServletResponse response, boolean endpoint,
            boolean decision) {
        long start = clock.millis();
        // Only the family the operator chose is read (the resolver ignores the other): no lookup for the other one.
        boolean xff = settings.forwardedHeader() == ForwardingHeaders.X_FORWARDED_FOR;
        List<String> xForwardedFor = xff ? RequestLines.chain(request, "X-Forwarded-For") : List.of();
        List<String> forwarded = xff ? List.of() : RequestLines.chain(request, "Forwarded");
        List<String> xForwardedProto = xff ? RequestLines.headers(request, "X-Forwarded-Proto") : List.of();
        ClientAddress client = clients.resolve(request.getRemoteAddr(), request.isSecure(), xForwardedFor, forwarded,
                xForwardedProto);
        if (client.malformed()) {
            counters.increment(Counters.Event.MALFORMED_FORWARDED);
            LOG.debug("malformed forwarded header from {}; client taken as {}", request.getRemoteAddr(), client.ip());
        }
        boolean secure = client.secure();
        String countryHint = trustedCountry(request);

        List<String> sessionValues = List.of();
        List<String> consentValues = List.of();
        String langCookie = null;
        String sessionName = sessionCookieName(secure);
        String consentName = consent.cookieName(secure);
        Cookie[] cookies = RequestLines.cookies(request);
        for (Cookie c : cookies) {
            if (c.getName().equals(sessionName)) {
                sessionValues = RequestLines.add(sessionValues, c.getValue());
            } else if (c.getName().equals(consentName)) {
                consentValues = RequestLines.add(consentValues, c.getValue());
            } else if (c.getName().equals(LanguageChoice.COOKIE) && langCookie == null) {
                langCookie = c.getValue();
            }
        }
        SessionManager.Decision session = sessions.resolve(sessionValues);
        count(session.outcome());

        GeoLocation located = null;
        String country = "";
        if (consent.settings().regimeNeedsCountry()) {
            // The consent regime depends on the country: the one case where the lookup is needed up front.
            located = locate(client, countryHint);
            country = located.country();
        }
        ConsentManager.Reading reading = consent.manager().read(consentValues, "1".equals(request.getHeader("Sec-GPC")),
                "1".equals(request.getHeader("DNT")), country);
        if (reading.status() == ConsentManager.CookieStatus.AMBIGUOUS) {
            counters.increment(Counters.Event.COOKIE_AMBIGUOUS);
            LOG.debug("consent cookie sent with different values; the visitor counts as undecided");
        } else if (reading.status() == ConsentManager.CookieStatus.INVALID) {
            counters.increment(Counters.Event.CONSENT_INVALID);
            LOG.debug("consent cookie failed verification; the visitor counts as undecided");
        }
        List<String> expired = decision ? List.of() : consent.deniedCookies(cookies, reading.state());

        return new RequestVisit(this, request, response, start, client, countryHint,
                Destination.of(request.getHeader("Sec-Fetch-Dest")), !log.excluded(request),
                endpoint && "POST".equals(request.getMethod()), session, expired, langCookie,
                LanguageChoice.queryParameter(request.getQueryString(), LanguageChoice.PARAM) != null, reading,
                located);
    }

    /**
     * The visitor's language and, when they chose one just now, the cookie that remembers it: asked for by the
     * application or for a page's {@code Content-Language}, so a stylesheet nobody asks the language of costs none.
     *
     * @param langCookie the value of the language cookie the request carried, or {@code null}
     * @param located    the client's location if already looked up, or {@code null}
     */
    Language negotiate(HttpServletRequest request, String langCookie, ClientAddress client, String countryHint,
            GeoLocation located) {
        LanguageChoice.Choice chosen = choice.read(request, langCookie, client.secure());
        String acceptLanguage = request.getHeader("Accept-Language");
        LanguageResult language = languages.negotiate(chosen.tag(), acceptLanguage, "");
        if (language.source() == LanguageResult.Source.DEFAULT && (geo.enabled() || !countryHint.isEmpty())) {
            // Only now is the country worth a lookup: neither the visitor's choice nor their browser decided.
            located = located != null ? located : locate(client, countryHint);
            language = languages.negotiate(chosen.tag(), acceptLanguage, located.country());
        }
        return new Language(language, chosen.setCookie(), located);
    }

    /**
     * A negotiated language.
     *
     * @param setCookie the {@code Set-Cookie} value that remembers a new choice, or {@code null}
     * @param located   the client's location if it was looked up, or {@code null}
     */
    record Language(LanguageResult result, String setCookie, GeoLocation located) {
    }

    // ---- what RequestVisit asks of the shared parts

    ConsentEnforcer consent() {
        return consent;
    }

    ConsentProof proof() {
        return proof;
    }

    VisitLog log() {
        return log;
    }

    Counters counters() {
        return counters;
    }

    Faults faults() {
        return faults;
    }

    UserAgentAnalyzer agents() {
        return agents;
    }

    ReferrerSummarizer referrers() {
        return referrers;
    }

    BannerEndpoints banner() {
        return banner;
    }

    /** Form protection's markup, or null when no path is protected. */
    ProtectEndpoints protect() {
        return protect;
    }

    int agentMaxLength() {
        return settings.agentMaxLength();
    }

    /** The session cookie's name for a request: {@code __Host-} on https, so no subdomain can set or read it. */
    String sessionCookieName(boolean secure) {
        return secure ? secureSessionCookie : sessionCookie;
    }

    /** A new session, starting now. */
    SessionToken newSession() {
        return sessions.newToken(clock.instant());
    }

    /** Ends a session for good (after an erasure), on every node. */
    void revokeSession(String hash) {
        sessions.revoke(hash);
    }

    /** The {@code Set-Cookie} value of a session: a true session cookie, HttpOnly. */
    String sessionCookieHeader(SessionToken token, boolean secure) {
        // The same as CookieHeader.build(name, value, null, secure, true), in one allocation beside the value's.
        return secure ? secureSessionCookie + '=' + sessions.encode(token) + SECURE_SESSION_ATTRIBUTES
                : sessionCookie + '=' + sessions.encode(token) + SESSION_ATTRIBUTES;
    }

    GeoLocation locate(ClientAddress client, String countryHint) {
        // No Optional.map: its lambda and Optional would be two objects per request.
        Optional<InetAddress> address = client.address();
        GeoLocation found = address.isPresent() ? geo.locate(address.get()) : GeoLocation.UNKNOWN;
        return found.correctedBy(countryHint);
    }

    private String trustedCountry(HttpServletRequest request) {
        if (settings.geoCountryHeader().isEmpty()) {
            return "";
        }
        String value = request.getHeader(settings.geoCountryHeader());
        if (value == null || !IpLiterals.parse(request.getRemoteAddr()).map(settings.trustedProxies()::contains)
                .orElse(false)) {
            return "";
        }
        String code = CountryHeader.parse(value).orElse("");
        if (code.isEmpty()) {
            counters.increment(Counters.Event.COUNTRY_HEADER_IGNORED);
        }
        return code;
    }

    private void count(SessionManager.Outcome outcome) {
        switch (outcome) {
            case INVALID -> {
                counters.increment(Counters.Event.SESSION_INVALID);
                LOG.debug("session cookie failed verification; a new session is issued with the next page");
            }
            case AMBIGUOUS -> {
                counters.increment(Counters.Event.COOKIE_AMBIGUOUS);
                LOG.debug("session cookie sent with different values; a new session is issued with the next page");
            }
            case IDLE_EXPIRED, ABSOLUTE_EXPIRED -> counters.increment(Counters.Event.SESSION_EXPIRED);
            case REVOKED -> counters.increment(Counters.Event.SESSION_REVOKED);
            case VALID, NEW -> { }
        }
    }
}
