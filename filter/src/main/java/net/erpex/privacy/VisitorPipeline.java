package net.erpex.privacy;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import net.erpex.privacy.agent.ClientHints;
import net.erpex.privacy.agent.UserAgentAnalyzer;
import net.erpex.privacy.client.ClientAddress;
import net.erpex.privacy.client.ClientAddressResolver;
import net.erpex.privacy.client.IpLiterals;
import net.erpex.privacy.config.PrivacySettings;
import net.erpex.privacy.consent.ConsentManager;
import net.erpex.privacy.consent.ConsentState;
import net.erpex.privacy.geo.CountryHeader;
import net.erpex.privacy.geo.GeoLocation;
import net.erpex.privacy.geo.GeoLocator;
import net.erpex.privacy.language.LanguageNegotiator;
import net.erpex.privacy.language.LanguageResult;
import net.erpex.privacy.referrer.PathParameters;
import net.erpex.privacy.referrer.ReferrerSummarizer;
import net.erpex.privacy.session.CookieHeader;
import net.erpex.privacy.session.SessionManager;
import net.erpex.privacy.session.SessionToken;
import net.erpex.privacy.visit.VisitEvent;
import net.erpex.privacy.visit.VisitRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-request work of {@link PrivacyFilter}, with every collaborator built once at {@code init()}. Reads the
 * request, asks the servlet-free core, and writes the results to the response; it does only what the response
 * needs on the request thread and leaves the rest of the record to the recorder.
 */
final class VisitorPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(PrivacyFilter.class);

    /** Request attribute: the hash of the session that replaced the visitor's own during this request. */
    static final String REPLACED_SESSION = VisitorPipeline.class.getName() + ".replacedSession";
    static final String LANGUAGE_PARAM = "lang";
    static final String LANGUAGE_COOKIE = "lang";
    private static final String HOST_PREFIX = "__Host-";
    // Caps on what a visit event keeps of request input: enough for any real value, bounded for hostile ones.
    private static final int MAX_PATH = 2048;
    private static final int MAX_REFERER = 2048;
    private static final int MAX_HINT = 512;
    private static final int MAX_METHOD = 16;

    /** What the filter decided for one request. */
    record Prepared(VisitorContext context, VisitorRequest request, HttpServletResponse response, Instant start,
                    Optional<String> countryHint, ConsentManager.Reading consent) {
    }

    private final PrivacySettings settings;
    private final ClientAddressResolver resolver;
    private final LanguageNegotiator languages;
    private final GeoLocator geo;
    private final UserAgentAnalyzer agents;
    private final ReferrerSummarizer referrers;
    private final SessionManager sessions;
    private final VisitRecorder recorder;
    private final ConsentEnforcer consent;
    private final ConsentProof proof;
    private final BannerEndpoints banner;
    private final ProtectEndpoints protect;
    private final Counters counters;
    private final Clock clock;

    VisitorPipeline(PrivacySettings settings, GeoLocator geo, UserAgentAnalyzer agents, ReferrerSummarizer referrers,
            SessionManager sessions, VisitRecorder recorder, ConsentEnforcer consent, ConsentProof proof,
            BannerEndpoints banner, ProtectEndpoints protect, Counters counters, Clock clock) {
        this.settings = settings;
        this.resolver = new ClientAddressResolver(settings.trustedProxies(), settings.forwardedHeader());
        this.languages = new LanguageNegotiator(settings.supportedLanguages(), settings.defaultLanguage());
        this.geo = geo;
        this.agents = agents;
        this.referrers = referrers;
        this.sessions = sessions;
        this.recorder = recorder;
        this.consent = consent;
        this.proof = proof;
        this.banner = banner;
        this.protect = protect;
        this.counters = counters;
        this.clock = clock;
    }

    /**
     * Decides everything the response needs before the application runs.
     *
     * @param decision whether this request makes a consent decision: the cookies a denied category left in the
     *                 browser are then expired by the decision, not here
     */
    Prepared prepare(HttpServletRequest request, HttpServletResponse response, boolean decision) {
        Instant start = clock.instant();
        ClientAddress client = resolver.resolve(request.getRemoteAddr(), request.isSecure(),
                headers(request, "X-Forwarded-For"), headers(request, "Forwarded"),
                headers(request, "X-Forwarded-Proto"));
        if (client.malformed()) {
            counters.increment(Counters.Event.MALFORMED_FORWARDED);
            LOG.debug("malformed forwarded header from {}; client taken as {}", request.getRemoteAddr(), client.ip());
        }
        boolean secure = client.secure();
        Optional<String> countryHint = trustedCountry(request);

        List<String> sessionValues = new ArrayList<>(1);
        List<String> consentValues = new ArrayList<>(1);
        String langCookie = null;
        String sessionCookie = secure ? HOST_PREFIX + settings.sessionCookieName() : settings.sessionCookieName();
        String consentCookie = consent.cookieName(secure);
        Cookie[] cookies = cookies(request);
        for (Cookie c : cookies) {
            if (c.getName().equals(sessionCookie)) {
                sessionValues.add(c.getValue());
            } else if (c.getName().equals(consentCookie)) {
                consentValues.add(c.getValue());
            } else if (c.getName().equals(LANGUAGE_COOKIE) && langCookie == null) {
                langCookie = c.getValue();
            }
        }
        SessionManager.Decision session = sessions.resolve(sessionValues);
        count(session.outcome());
        if (session.issue()) {
            response.addHeader("Set-Cookie",
                    CookieHeader.build(sessionCookie, sessions.encode(session.token()), null, secure, true));
        }

        String explicit = languageChoice(request, langCookie, secure, response);
        Supplier<GeoLocation> where = () -> locate(client, countryHint);
        GeoLocation located = null;
        LanguageResult language = languages.negotiate(explicit, request.getHeader("Accept-Language"), "");
        if (language.source() == LanguageResult.Source.DEFAULT && (geo.enabled() || countryHint.isPresent())) {
            // Only now is the country worth a lookup: neither the visitor's choice nor their browser decided.
            located = where.get();
            language = languages.negotiate(explicit, request.getHeader("Accept-Language"), located.country());
        }
        String country = "";
        if (consent.settings().regimeNeedsCountry()) {
            // The consent regime depends on the country: the one case where the lookup is needed up front.
            located = located != null ? located : where.get();
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
        ConsentState state = reading.state();
        String nonce = ConsentEnforcer.nonce();
        List<String> expired = decision ? List.of() : consent.expireDenied(cookies, state, secure, response);
        consent.applyCsp(response, state, nonce);

        GeoLocation known = located;
        String userAgent = request.getHeader("User-Agent");
        ClientHints hints = hints(request);
        String referer = cap(request.getHeader("Referer"), MAX_REFERER);
        String host = request.getServerName();
        VisitorContext context = new VisitorContext(client.ip(), secure, language.locales(),
                language.source().name().toLowerCase(Locale.ROOT).replace('_', '-'), session.token().hash(),
                known != null ? () -> known : where, () -> agents.analyze(userAgent, hints),
                () -> referrers.summarize(referer, host), state, nonce, v -> banner.render(request, v),
                (v, formPath) -> protect == null ? "" : protect.html(request, v, formPath));
        if (state.gpc() && !state.decided()) {
            proof.recordGpc(request, context, state);
        }

        response.setHeader("Content-Language", context.language());
        response.addHeader("Vary", "Accept-Language, Cookie");
        if (client.consumedForwardedFor() > 0) {
            request.setAttribute(VisitorRequest.CONSUMED_FORWARDED_FOR, client.consumedForwardedFor());
        }
        return new Prepared(context, new VisitorRequest(request, context, expired, client.consumedForwardedFor(),
                response),
                new ConsentResponse(response, consent, state), start, countryHint, reading);
    }

    /**
     * Starts a new session for the visitor of this request: the response carries the new cookie instead of any other
     * value of the session cookie, and the request itself is recorded under the new session. After an erasure this
     * keeps the erasing request and later visits from being linked to what was erased.
     *
     * @return the new session's hash
     */
    String replaceSession(Prepared p, HttpServletRequest request, HttpServletResponse response) {
        // The old cookie must not bring the visitor back to what was erased, on this node or another.
        sessions.revoke(p.context().sessionHash());
        boolean secure = p.context().secure();
        String name = secure ? HOST_PREFIX + settings.sessionCookieName() : settings.sessionCookieName();
        SessionToken token = sessions.newToken(clock.instant());
        List<String> headers = new ArrayList<>();
        for (String header : response.getHeaders("Set-Cookie")) {
            if (!header.startsWith(name + "=")) {
                headers.add(header);
            }
        }
        headers.add(CookieHeader.build(name, sessions.encode(token), null, secure, true));
        response.setHeader("Set-Cookie", headers.get(0));
        for (String header : headers.subList(1, headers.size())) {
            response.addHeader("Set-Cookie", header);
        }
        String hash = token.hash();
        request.setAttribute(REPLACED_SESSION, hash);
        return hash;
    }

    /** Hands the finished request to the recorder; may wait only under {@code visits.overflow=block}. */
    void record(Prepared p, HttpServletRequest request, int status) {
        VisitorContext c = p.context();
        String session = request.getAttribute(REPLACED_SESSION) instanceof String replaced ? replaced
                : c.sessionHash();
        InetAddress address = IpLiterals.parse(c.ip()).orElse(null);
        recorder.submit(new VisitEvent(VisitEvent.newId(), p.start(), address, c.ip(),
                cap(request.getMethod(), MAX_METHOD), path(request.getRequestURI()), status,
                UserAgentAnalyzer.capUserAgent(request.getHeader("User-Agent"), settings.agentMaxLength()),
                cap(request.getHeader("Sec-CH-UA"), MAX_HINT), cap(request.getHeader("Sec-CH-UA-Mobile"), MAX_HINT),
                cap(request.getHeader("Sec-CH-UA-Platform"), MAX_HINT), c.language(),
                cap(request.getHeader("Referer"), MAX_REFERER), request.getServerName(), session,
                p.countryHint().orElse(""),
                request.getAttribute(FormProtection.BLOCKED) instanceof String blocked ? blocked : ""));
    }

    private String languageChoice(HttpServletRequest request, String cookie, boolean secure,
            HttpServletResponse response) {
        String asked = queryParameter(request.getQueryString(), LANGUAGE_PARAM);
        if (asked != null) {
            Optional<Locale> chosen = languages.match(asked);
            if (chosen.isPresent()) {
                String tag = chosen.get().toLanguageTag();
                if (!tag.equals(cookie)) {
                    // The visitor asked for this language: remembering it is a user-interface cookie they requested.
                    response.addHeader("Set-Cookie", CookieHeader.build(LANGUAGE_COOKIE, tag,
                            settings.languageCookieMaxAge(), secure, true));
                }
                return tag;
            }
            counters.increment(Counters.Event.LANGUAGE_CHOICE_IGNORED);
            LOG.debug("ignored ?{}= value that names no supported language", LANGUAGE_PARAM);
        }
        if (cookie != null && languages.match(cookie).isEmpty()) {
            counters.increment(Counters.Event.LANGUAGE_CHOICE_IGNORED);
            return null;
        }
        return cookie;
    }

    private GeoLocation locate(ClientAddress client, Optional<String> countryHint) {
        GeoLocation found = client.address().map(geo::locate).orElse(GeoLocation.UNKNOWN);
        return found.correctedBy(countryHint.orElse(""));
    }

    private Optional<String> trustedCountry(HttpServletRequest request) {
        if (settings.geoCountryHeader().isEmpty()) {
            return Optional.empty();
        }
        String value = request.getHeader(settings.geoCountryHeader());
        if (value == null || !IpLiterals.parse(request.getRemoteAddr()).map(settings.trustedProxies()::contains)
                .orElse(false)) {
            return Optional.empty();
        }
        Optional<String> code = CountryHeader.parse(value);
        if (code.isEmpty()) {
            counters.increment(Counters.Event.COUNTRY_HEADER_IGNORED);
        }
        return code;
    }

    private void count(SessionManager.Outcome outcome) {
        switch (outcome) {
            case NEW -> counters.increment(Counters.Event.SESSION_NEW);
            case INVALID -> counters.increment(Counters.Event.SESSION_INVALID);
            case AMBIGUOUS -> counters.increment(Counters.Event.COOKIE_AMBIGUOUS);
            case IDLE_EXPIRED, ABSOLUTE_EXPIRED -> counters.increment(Counters.Event.SESSION_EXPIRED);
            case REVOKED -> counters.increment(Counters.Event.SESSION_REVOKED);
            case VALID -> { }
        }
        if (outcome == SessionManager.Outcome.INVALID) {
            LOG.debug("session cookie failed verification; a new session was issued");
        } else if (outcome == SessionManager.Outcome.AMBIGUOUS) {
            LOG.debug("session cookie sent with different values; a new session was issued");
        }
    }

    private static ClientHints hints(HttpServletRequest request) {
        String ua = request.getHeader("Sec-CH-UA");
        String mobile = request.getHeader("Sec-CH-UA-Mobile");
        String platform = request.getHeader("Sec-CH-UA-Platform");
        if (ua == null && mobile == null && platform == null) {
            return ClientHints.NONE;
        }
        return new ClientHints(cap(ua, MAX_HINT), cap(mobile, MAX_HINT), cap(platform, MAX_HINT));
    }

    private static Cookie[] cookies(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        return cookies == null ? new Cookie[0] : cookies;
    }

    private static List<String> headers(HttpServletRequest request, String name) {
        var values = request.getHeaders(name);
        return values == null ? List.of() : Collections.list(values);
    }

    /**
     * One parameter from the raw query string. {@code getParameter} would read a form body to find it, and the
     * application must still find its body unread.
     */
    static String queryParameter(String query, String name) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        int from = 0;
        while (from <= query.length()) {
            int end = query.indexOf('&', from);
            if (end < 0) {
                end = query.length();
            }
            if (end - from > name.length() && query.startsWith(name, from) && query.charAt(from + name.length()) == '=') {
                return query.substring(from + name.length() + 1, end);
            }
            from = end + 1;
        }
        return null;
    }

    /**
     * The path as recorded: no query (it is not in the URI), and no {@code ;} path parameters, which can carry a
     * session id ({@code ;jsessionid=}) that must never reach a record.
     */
    static String path(String uri) {
        if (uri == null) {
            return "";
        }
        return cap(PathParameters.strip(uri), MAX_PATH);
    }

    static String cap(String value, int max) {
        if (value == null) {
            return "";
        }
        return value.length() <= max ? value : value.substring(0, max);
    }
}
