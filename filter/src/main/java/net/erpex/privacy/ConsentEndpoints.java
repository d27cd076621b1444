package net.erpex.privacy;

import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import net.erpex.privacy.consent.ConsentChoices;
import net.erpex.privacy.consent.ConsentManager;
import net.erpex.privacy.consent.ConsentState;
import net.erpex.privacy.security.SameOrigin;
import net.erpex.privacy.session.CookieHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /privacy/consent} (the visitor's consent as JSON), {@code POST /privacy/consent} (a decision, from the
 * banner's form or as JSON) and {@code /.well-known/gpc.json}.
 *
 * <p>A decision is accepted only from the site's own pages ({@link SameOrigin}): another site must not be able to
 * grant or withdraw consent on the visitor's behalf. A refused or malformed request never changes the stored
 * consent.
 */
final class ConsentEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(PrivacyFilter.class);
    /** Larger bodies are refused unread: a decision is a few hundred bytes. */
    static final int MAX_BODY = 16 * 1024;
    private static final int MAX_RETURN = 2048;

    private final ConsentEnforcer enforcer;
    private final ConsentProof proof;
    private final Counters counters;

    ConsentEndpoints(ConsentEnforcer enforcer, ConsentProof proof, Counters counters) {
        this.enforcer = enforcer;
        this.proof = proof;
        this.counters = counters;
    }

    void register(PrivacyEndpoints endpoints) {
        endpoints.on("GET", "/consent", this::get);
        endpoints.on("POST", "/consent", this::post);
        endpoints.at("GET", "/.well-known/gpc.json", this::gpc);
    }

    private void get(PrivacyEndpoints.Exchange x) throws IOException {
        ConsentState state = x.context().consent();
        Json.send(x.response(), HttpServletResponse.SC_OK, g -> state(g, state));
    }

    private void post(PrivacyEndpoints.Exchange x) throws IOException {
        VisitorRequest request = x.request();
        HttpServletResponse response = x.response();
        SameOrigin.Verdict verdict = SameOrigin.check(request.getScheme(), request.getServerName(),
                request.getServerPort(), request.getHeader("Origin"), request.getHeader("Sec-Fetch-Site"),
                request.getHeader("Referer"));
        if (!verdict.allowed()) {
            counters.increment(Counters.Event.CONSENT_REJECTED);
            LOG.debug("refused a consent decision: {}", verdict.reason());
            Json.refuseUnread(request, response, HttpServletResponse.SC_FORBIDDEN,
                    "consent can only be changed from this site's own"
                    + " pages (" + verdict.reason() + ")");
            return;
        }
        // The header as sent: the container's getContentType() parses the charset and may throw on a name Java refuses.
        String header = request.getHeader("Content-Type");
        String type = header == null ? "" : header.strip().toLowerCase(Locale.ROOT);
        boolean json = type.startsWith("application/json");
        if (!json && !type.startsWith("application/x-www-form-urlencoded")) {
            counters.increment(Counters.Event.CONSENT_REJECTED);
            Json.refuseUnread(request, response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE,
                    "send application/x-www-form-urlencoded or application/json");
            return;
        }
        String body = body(request);
        if (body == null) {
            counters.increment(Counters.Event.CONSENT_REJECTED);
            Json.refuseUnread(request, response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    "the body is larger than " + MAX_BODY + " bytes");
            return;
        }
        ConsentChoices.Parsed parsed;
        try {
            parsed = json ? ConsentChoices.fromJson(body, enforcer.settings().categories())
                    : ConsentChoices.fromForm(body, enforcer.settings().categories());
        } catch (IllegalArgumentException e) {
            reject(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        ConsentManager.Decision decision = enforcer.manager().decide(x.prepared().consent(), parsed.choice());
        // The proof first: a decision whose proof is not durable is not taken, and the browser keeps its old state.
        try {
            proof.record(request, x.context(), decision.state(), decision.action(), decision.reason(),
                    decision.withdrawn(), json ? "json" : "form");
        } catch (IOException | TimeoutException | InterruptedException e) {
            proofFailed(response, e);
            return;
        }
        boolean secure = x.context().secure();
        response.addHeader("Set-Cookie", CookieHeader.build(enforcer.cookieName(secure),
                enforcer.manager().cookieValue(decision.stored()), enforcer.settings().maxAge(), secure, true));
        // Every cookie the browser sent, including those the application is not shown: the decision may withdraw them.
        Cookie[] sent = ((HttpServletRequest) request.getRequest()).getCookies();
        enforcer.expireDenied(sent == null ? new Cookie[0] : sent, decision.state(), secure, response);
        counters.increment(Counters.Event.CONSENT_DECISION);
        String accept = request.getHeader("Accept");
        if (json || (accept != null && accept.contains("application/json"))) {
            Json.send(response, HttpServletResponse.SC_OK, g -> state(g, decision.state()));
            return;
        }
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", returnPath(parsed.returnTo(), request));
        response.setHeader("Cache-Control", "no-store");
    }

    /**
     * 503 without any cookie: the visitor's browser keeps the choice it had, and the banner can ask again. Claiming a
     * decision that has no proof would be worse than not taking it.
     */
    private void proofFailed(HttpServletResponse response, Exception e) throws IOException {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        counters.increment(Counters.Event.CONSENT_PROOF_FAILED);
        LOG.warn("refused a consent decision because its proof could not be recorded in time: {}", e.toString());
        response.setHeader("Retry-After", "5");
        Json.error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "your choice could not be recorded just"
                + " now and was not applied; please try again in a moment");
    }

    private void gpc(PrivacyEndpoints.Exchange x) throws IOException {
        // https://privacycg.github.io/gpc-spec/#gpc-support-resource: the site honours the signal.
        Json.send(x.response(), HttpServletResponse.SC_OK, g -> {
            g.writeStartObject();
            g.writeBooleanField("gpc", true);
            g.writeEndObject();
        });
    }

    private void reject(HttpServletResponse response, int status, String message) throws IOException {
        counters.increment(Counters.Event.CONSENT_REJECTED);
        LOG.debug("refused a consent decision: {}", message);
        Json.error(response, status, message);
    }

    static void state(JsonGenerator g, ConsentState state) throws IOException {
        g.writeStartObject();
        g.writeStringField("policyVersion", state.policyVersion());
        g.writeBooleanField("decided", state.decided());
        g.writeObjectFieldStart("categories");
        for (Map.Entry<String, Boolean> e : state.choices().entrySet()) {
            g.writeBooleanField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeBooleanField("gpc", state.gpc());
        g.writeStringField("regime", state.regime().label());
        if (state.decidedAt().isPresent()) {
            g.writeStringField("decidedAt", state.decidedAt().get().toString());
        }
        g.writeEndObject();
    }

    /** Reads at most {@link #MAX_BODY} bytes as UTF-8; {@code null} when there are more. */
    private static String body(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY) {
            return null;
        }
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            return bytes.length > MAX_BODY ? null : new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /**
     * Where a form post goes back to: the page's own path if it is a plain same-origin path, else the path of a
     * same-origin Referer, else the site's root. Never another host: {@code //evil.example} and {@code /\evil} are
     * paths only in appearance.
     */
    static String returnPath(String asked, HttpServletRequest request) {
        if (isLocalPath(asked)) {
            return asked;
        }
        String referer = request.getHeader("Referer");
        if (referer != null && SameOrigin.check(request.getScheme(), request.getServerName(), request.getServerPort(),
                referer, null, null).allowed()) {
            try {
                URI uri = new URI(referer);
                String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
                if (isLocalPath(path)) {
                    return path;
                }
            } catch (URISyntaxException e) {
                // fall through to the root
            }
        }
        String context = request.getContextPath();
        return context == null || context.isEmpty() ? "/" : context + "/";
    }

    static boolean isLocalPath(String path) {
        if (path == null || path.isEmpty() || path.length() > MAX_RETURN || path.charAt(0) != '/') {
            return false;
        }
        if (path.length() > 1 && (path.charAt(1) == '/' || path.charAt(1) == '\\')) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x21 || c == 0x7F || c == '\\' || c > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
