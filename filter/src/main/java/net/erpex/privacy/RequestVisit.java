package net.erpex.privacy;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import net.erpex.privacy.agent.Browser;
import net.erpex.privacy.client.ClientAddress;
import net.erpex.privacy.consent.ConsentManager;
import net.erpex.privacy.consent.ConsentState;
import net.erpex.privacy.geo.GeoLocation;
import net.erpex.privacy.language.LanguageResult;
import net.erpex.privacy.page.CacheControl;
import net.erpex.privacy.page.Destination;
import net.erpex.privacy.page.ResponseKind;
import net.erpex.privacy.referrer.ReferrerSummary;
import net.erpex.privacy.session.SessionManager;
import net.erpex.privacy.session.SessionToken;

/**
 * One request as the filter handles it: what was decided before the application ran, and the commit hook that
 * decides the rest when the response is about to be sent.
 *
 * <ol>
 *   <li>{@link #beforeHead()}, once, before anything can send the response's head: the headers that depend on what
 *       the response is. A document (or a worker's script) gets the Content-Security-Policy; only a document may
 *       start a session; a response a shared cache may store gets no cookie of the filter at all. A page, and any
 *       response whose application asked for the language, gets {@code Content-Language} and {@code Vary}; every
 *       response gets the expiry of cookies the visitor has not consented to.</li>
 *   <li>{@link #beforeCompletion(int)}, once, before anything can complete the response: the visit is handed to the
 *       recorder (if it is one to record), so that a visitor who has the whole response is in the log even if the
 *       server stops at once.</li>
 * </ol>
 * {@link VisitorResponse} calls them from every way a servlet sends a response; the filter calls them at the end of
 * the chain and when an asynchronous request completes. Either may come from another thread than the request's;
 * each runs once.
 */
final class RequestVisit implements VisitorContext.Source {

    private static final AtomicIntegerFieldUpdater<RequestVisit> PHASE =
            AtomicIntegerFieldUpdater.newUpdater(RequestVisit.class, "phase");
    private static final int OPEN = 0;
    private static final int HEADED = 1;
    private static final int RECORDED = 2;

    private final VisitorPipeline pipeline;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    /** When the request arrived, in milliseconds: an Instant is made only for a visit that is recorded. */
    private final long start;
    private final ClientAddress client;
    private final String countryHint;
    private final Destination destination;
    private final boolean recordable;
    private final boolean decisive;
    private final VisitSession session;
    private final List<String> expired;
    /** The language cookie the request carried, or null. */
    private final String presentedLanguage;
    /** Whether the query asks for a language ({@code ?lang=}): a choice to remember whatever the response is. */
    private final boolean languageChosen;
    private final ConsentManager.Reading consent;
    /** The client's location once looked up (for the consent regime, the language or the application). */
    private volatile GeoLocation located;
    /** Decided on first need; guarded by {@code this}. */
    private LanguageResult language;
    /** The Set-Cookie value that remembers a language chosen just now, or null; guarded by {@code this}. */
    private String languageCookie;
    private final VisitorContext context;
    private final VisitorRequest wrappedRequest;
    private final VisitorResponse wrappedResponse;
    private volatile int phase;

    RequestVisit(VisitorPipeline pipeline, HttpServletRequest request, HttpServletResponse response, long start,
            ClientAddress client, String countryHint, Destination destination, boolean recordable, boolean decisive,
            SessionManager.Decision session, List<String> expired, String presentedLanguage, boolean languageChosen,
            ConsentManager.Reading consent, GeoLocation located) {
        this.pipeline = pipeline;
        this.request = request;
        this.response = response;
        this.start = start;
        this.client = client;
        this.countryHint = countryHint;
        this.destination = destination;
        this.recordable = recordable;
        this.decisive = decisive;
        this.session = new VisitSession(pipeline, session);
        this.expired = expired;
        this.presentedLanguage = presentedLanguage;
        this.languageChosen = languageChosen;
        this.consent = consent;
        this.located = located;
        this.context = new VisitorContext(client.ip(), client.secure(), consent.state(), this);
        this.wrappedRequest = new VisitorRequest(request, this);
        this.wrappedResponse = new VisitorResponse(response, this);
    }

    VisitorContext context() {
        return context;
    }

    /** The request as the application sees it. */
    VisitorRequest request() {
        return wrappedRequest;
    }

    /** The response as the application sees it. */
    VisitorResponse response() {
        return wrappedResponse;
    }

    /** The container's response, under the filter's wrapper. */
    HttpServletResponse containerResponse() {
        return response;
    }

    /** The consent the request carried, for a decision made at the consent endpoint. */
    ConsentManager.Reading consent() {
        return consent;
    }

    ClientAddress client() {
        return client;
    }

    /** When the request arrived. */
    Instant start() {
        return Instant.ofEpochMilli(start);
    }

    String countryHint() {
        return countryHint;
    }

    Destination destination() {
        return destination;
    }

    /** Whether the path is one that may be recorded (not in {@code visits.exclude}). */
    boolean recordable() {
        return recordable;
    }

    /** Whether the request makes a decision at a privacy endpoint, which is always a visit to record. */
    boolean decisive() {
        return decisive;
    }

    /** Cookies of categories the visitor has not granted: expired in the browser, hidden from the application. */
    List<String> expired() {
        return expired;
    }

    /** Whether the application may set cookie {@code name} (the cookie gate). */
    boolean maySetCookie(String name, boolean deletion) {
        return pipeline.consent().maySet(name, deletion, consent.state());
    }

    // ---- the commit hook

    /** Before the head can be sent: the filter's headers, once. */
    void beforeHead() {
        if (phase == OPEN && PHASE.compareAndSet(this, OPEN, HEADED)) {
            try {
                addHeaders(true);
            } catch (RuntimeException e) {
                pipeline.faults().internalError(e);
            }
        }
    }

    /** Before the response can complete: the filter's headers if not yet, then the visit, once. */
    void beforeCompletion(int status) {
        beforeHead();
        if (phase == HEADED && PHASE.compareAndSet(this, HEADED, RECORDED)) {
            try {
                pipeline.log().record(this, request, response, status);
            } catch (RuntimeException e) {
                pipeline.faults().internalError(e);
            }
        }
    }

    /** The application reset the response before it was sent: the filter's headers went too, so they go in again. */
    void afterReset() {
        if (phase != OPEN && !response.isCommitted()) {
            try {
                addHeaders(false);
            } catch (RuntimeException e) {
                pipeline.faults().internalError(e);
            }
        }
    }

    private void addHeaders(boolean first) {
        if (response.isCommitted()) {
            return; // sent past the wrapper (an unwrapped response): too late for headers, not for the record
        }
        ResponseKind kind = ResponseKind.of(destination, response.getContentType());
        ConsentState state = consent.state();
        // A page says its language; another response only when the application asked for it, since only then does
        // it depend on the visitor's language (and a visitor's choice in the query is remembered whatever the response).
        boolean languaged = kind != ResponseKind.OTHER || languageChosen || context.languageDecided();
        String rememberLanguage = languaged ? languageCookie() : null;
        // Only a response that would carry a cookie needs its caching looked at: most (a returning visitor's page,
        // any asset) carry none, and the look-up is one of the dearer calls into the container.
        boolean cookies = session.mayIssue(kind) || !expired.isEmpty() || rememberLanguage != null;
        boolean shared = cookies && response.containsHeader("Cache-Control")
                && CacheControl.isPublic(response.getHeaders("Cache-Control"));
        if (shared) {
            // A shared cache would give these cookies to every later visitor: none goes on such a response.
            if (first && !session.presented() && kind.mayStartSession() && !session.replaced()) {
                pipeline.counters().increment(Counters.Event.SESSION_WITHHELD_PUBLIC);
            }
        } else {
            SessionToken issue = session.toIssue(kind, first);
            if (issue != null) {
                response.addHeader("Set-Cookie", pipeline.sessionCookieHeader(issue, client.secure()));
            }
            if (!expired.isEmpty()) {
                pipeline.consent().expire(expired, client.secure(), response, first);
            }
            if (rememberLanguage != null) {
                response.addHeader("Set-Cookie", rememberLanguage);
            }
        }
        if (kind.carriesPolicy() && pipeline.consent().sendsCsp()
                && !wrappedResponse.replacedPolicy(pipeline.consent().cspHeader())) {
            pipeline.consent().applyCsp(response, state, context.nonce());
        }
        if (languaged) {
            if (!response.containsHeader("Content-Language")) {
                // Added rather than set: the header is known to be absent, and adding is cheaper in every container.
                response.addHeader("Content-Language", context.language());
            }
            response.addHeader("Vary", "Accept-Language, Cookie");
        }
        if (first && state.gpc() && !state.decided() && (session.presented() || session.started())) {
            pipeline.proof().recordGpc(request, context, state);
        }
    }

    /**
     * Starts a new session for the visitor of this request ({@link VisitSession#replace()}): after an erasure this
     * keeps the erasing request and later visits from being linked to what was erased. Call before the response is
     * written.
     *
     * @return the new session's hash
     */
    String replaceSession() {
        return session.replace();
    }

    /** The session the record names: the visitor's, a replacement, the one this response started, or none. */
    String recordedSession() {
        return session.recorded();
    }

    /** The Set-Cookie value of a language the visitor chose with this request, or null; decides the language. */
    private synchronized String languageCookie() {
        language();
        return languageCookie;
    }

    // ---- VisitorContext.Source: what costs a lookup is computed only when the application asks

    @Override
    public synchronized LanguageResult language() {
        if (language == null) {
            VisitorPipeline.Language decided = pipeline.negotiate(request, presentedLanguage, client, countryHint,
                    located);
            language = decided.result();
            languageCookie = decided.setCookie();
            if (decided.located() != null) {
                located = decided.located();
            }
        }
        return language;
    }

    @Override
    public GeoLocation locate() {
        GeoLocation l = located;
        return l != null ? l : pipeline.locate(client, countryHint);
    }

    @Override
    public Browser browser() {
        return pipeline.agents().analyze(request.getHeader("User-Agent"), request.getHeader("Sec-CH-UA"),
                request.getHeader("Sec-CH-UA-Mobile"), request.getHeader("Sec-CH-UA-Platform"));
    }

    @Override
    public ReferrerSummary referrer() {
        return pipeline.referrers().summarize(VisitLog.cap(request.getHeader("Referer"), VisitorPipeline.MAX_REFERER),
                request.getServerName());
    }

    @Override
    public String sessionHash() {
        return session.hash();
    }

    @Override
    public String banner(VisitorContext visitor) {
        return pipeline.banner().render(request, visitor);
    }

    @Override
    public String protection(VisitorContext visitor, String formPath) {
        ProtectEndpoints protect = pipeline.protect();
        return protect == null ? "" : protect.html(request, visitor, formPath);
    }
}
