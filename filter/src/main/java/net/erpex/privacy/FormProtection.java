package net.erpex.privacy;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import net.erpex.privacy.consent.ConsentCategories;
import net.erpex.privacy.consent.Html;
import net.erpex.privacy.protect.ChallengeCodec;
import net.erpex.privacy.protect.ProtectSettings;
import net.erpex.privacy.protect.ProtectTexts;
import net.erpex.privacy.protect.ProtectedPaths;
import net.erpex.privacy.protect.RateKey;
import net.erpex.privacy.protect.RateLimiter;
import net.erpex.privacy.protect.Reason;
import net.erpex.privacy.protect.RecaptchaVerifier;
import net.erpex.privacy.security.SigningKeys;
import net.erpex.privacy.shared.SharedState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, before the application sees it, whether a POST to a protected path goes through: rate limit and honeypot
 * for everybody, then a proof. The proof is a reCAPTCHA token only for visitors who granted {@code recaptcha} (for
 * the others no byte goes to Google, whatever the request carries), or else a solved challenge of our own.
 *
 * <p>Fields are read with {@code getParameter}: the container parses url-encoded bodies (and multipart ones when the
 * target servlet has a multipart config) and the application then finds the same parameters. Scripts that post with
 * {@code fetch}, or multipart to a servlet without multipart config, send the proof in the {@value #PROOF_HEADER}
 * and {@value #RECAPTCHA_HEADER} headers instead.
 */
final class FormProtection {

    /** Request attribute: the label of the reason a protected POST was rejected, for its visit record. */
    static final String BLOCKED = FormProtection.class.getName() + ".blocked";
    static final String CHALLENGE_FIELD = "privacy-challenge";
    static final String SOLUTION_FIELD = "privacy-solution";
    static final String RECAPTCHA_FIELD = "g-recaptcha-response";
    /** {@code <challenge>:<solution>}, for fetch and multipart submissions. */
    static final String PROOF_HEADER = "X-Privacy-Proof";
    static final String RECAPTCHA_HEADER = "X-Privacy-Recaptcha";
    private static final Logger LOG = LoggerFactory.getLogger(PrivacyFilter.class);

    /** How a submission passed. */
    enum Pass { CHALLENGE, RECAPTCHA, ON_ERROR }

    private final ProtectSettings settings;
    private final ProtectedPaths paths;
    private final ChallengeCodec codec;
    private final SharedState shared;
    private final RateLimiter rate;
    private final RecaptchaVerifier recaptcha;
    private final Map<Pass, LongAdder> passed = new EnumMap<>(Pass.class);
    private final Map<Reason, LongAdder> blocked = new EnumMap<>(Reason.class);
    private final LongAdder recaptchaCalls = new LongAdder();

    /**
     * @param shared where used challenges and rate buckets are kept: with a PostgreSQL store, shared by every node,
     *               so that a proof passes once on the whole site and a client has one budget
     */
    FormProtection(ProtectSettings settings, SigningKeys keys, SharedState shared, Clock clock) {
        this.settings = settings;
        this.paths = new ProtectedPaths(settings.paths());
        this.codec = new ChallengeCodec(keys, settings.difficulty(), settings.challengeTtl(), clock);
        this.shared = shared;
        this.rate = new RateLimiter(settings.rate(), shared, "protect");
        this.recaptcha = settings.recaptcha().configured() ? new RecaptchaVerifier(settings.recaptcha(), shared, clock)
                : null;
        for (Pass p : Pass.values()) {
            passed.put(p, new LongAdder());
        }
        for (Reason r : Reason.values()) {
            blocked.put(r, new LongAdder());
        }
    }

    ProtectSettings settings() {
        return settings;
    }

    ChallengeCodec codec() {
        return codec;
    }

    /** Whether this request's visitor gets reCAPTCHA rather than the challenge. */
    boolean recaptchaFor(VisitorContext visitor) {
        return recaptcha != null && visitor.allows(ConsentCategories.RECAPTCHA);
    }

    /** Whether a path within the application is protected. */
    boolean protects(String path) {
        return paths.matches(path);
    }

    /** Whether the request is a POST to a protected path. Cheap. */
    boolean applies(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && paths.matches(appPath(request));
    }

    /** The reason to reject the POST, or empty to let it through; counted and logged at debug either way. */
    Optional<Reason> check(HttpServletRequest request, VisitorContext visitor) {
        Optional<Reason> reason = decide(request, visitor);
        reason.ifPresent(r -> {
            blocked.get(r).increment();
            LOG.debug("protected POST to {} rejected: {}", appPath(request), r.label());
        });
        return reason;
    }

    private Optional<Reason> decide(HttpServletRequest request, VisitorContext visitor) {
        if (!rate.tryAcquire(RateKey.of(visitor.ip(), settings.rateIpv6Prefix()))) {
            return Optional.of(Reason.RATE_LIMIT);
        }
        String honeypot = field(request, settings.honeypotField());
        if (honeypot != null && !honeypot.isEmpty()) {
            return Optional.of(Reason.HONEYPOT);
        }
        String[] proof = proof(request);
        String token = header(request, RECAPTCHA_HEADER).orElseGet(() -> field(request, RECAPTCHA_FIELD));
        if (recaptchaFor(visitor) && token != null && !token.isEmpty()) {
            recaptchaCalls.increment();
            RecaptchaVerifier.Outcome outcome = recaptcha.verify(token, visitor.ip());
            switch (outcome) {
                case PASSED:
                    return pass(Pass.RECAPTCHA, request);
                case ERROR:
                    return switch (settings.recaptcha().onError()) {
                        case ALLOW -> pass(Pass.ON_ERROR, request);
                        case REJECT -> Optional.of(Reason.RECAPTCHA_UNAVAILABLE);
                        case CHALLENGE -> proof == null ? Optional.of(Reason.CHALLENGE_REQUIRED)
                                : challenge(request, proof);
                    };
                case FAILED:
                    return Optional.of(Reason.RECAPTCHA_FAILED);
                case LOW_SCORE:
                    return Optional.of(Reason.RECAPTCHA_SCORE);
                case WRONG_HOSTNAME:
                    return Optional.of(Reason.RECAPTCHA_HOSTNAME);
                case WRONG_ACTION:
                    return Optional.of(Reason.RECAPTCHA_ACTION);
                case STALE:
                    return Optional.of(Reason.RECAPTCHA_STALE);
                default:
                    return Optional.of(Reason.RECAPTCHA_REPLAY);
            }
        }
        return proof == null ? Optional.of(Reason.NO_PROOF) : challenge(request, proof);
    }

    private Optional<Reason> challenge(HttpServletRequest request, String[] proof) {
        ChallengeCodec.Verified v = codec.verify(proof[0], appPath(request), proof[1]);
        return switch (v.check()) {
            case VALID -> shared.claim(SharedState.Kind.USED_CHALLENGE, v.id(), v.expires())
                    ? pass(Pass.CHALLENGE, request) : Optional.of(Reason.CHALLENGE_REPLAY);
            case MALFORMED, FORGED, TOO_EASY -> Optional.of(Reason.CHALLENGE_INVALID);
            case EXPIRED -> Optional.of(Reason.CHALLENGE_EXPIRED);
            case WRONG_PATH -> Optional.of(Reason.CHALLENGE_PATH);
            case WRONG_SOLUTION -> Optional.of(Reason.CHALLENGE_SOLUTION);
        };
    }

    private Optional<Reason> pass(Pass how, HttpServletRequest request) {
        passed.get(how).increment();
        LOG.debug("protected POST to {} passed by {}", appPath(request), how.name().toLowerCase(Locale.ROOT));
        return Optional.empty();
    }

    /** Answers 403 with the visitor's message: JSON for a script that asks for it, a small page otherwise. */
    void reject(HttpServletRequest request, HttpServletResponse response, Reason reason, Locale locale)
            throws IOException {
        request.setAttribute(BLOCKED, reason.label());
        String message = ProtectTexts.message(locale, reason);
        if (reason == Reason.RATE_LIMIT) {
            response.setHeader("Retry-After", Long.toString(rate.retryAfterSeconds()));
        }
        // A multipart body to a servlet without multipart config is still unread: do not reuse the connection.
        response.setHeader("Connection", "close");
        String accept = request.getHeader("Accept");
        if (accept != null && accept.contains("application/json")) {
            Json.send(response, HttpServletResponse.SC_FORBIDDEN, g -> {
                g.writeStartObject();
                g.writeStringField("error", "form-protection");
                g.writeStringField("reason", reason.label());
                g.writeStringField("message", message);
                g.writeEndObject();
            });
            return;
        }
        String lang = locale.toLanguageTag();
        String title = ProtectTexts.text(locale, "title");
        String back = ProtectTexts.text(locale, "back");
        String page = "<!DOCTYPE html>\n<html lang=\"" + Html.escape(lang) + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + Html.escape(title)
                + "</title></head><body><main><h1>" + Html.escape(title) + "</h1><p data-privacy-reason=\""
                + reason.label() + "\">" + Html.escape(message) + "</p><p><a href=\"" + Html.escape(contextPath(request)
                + appPath(request)) + "\">" + Html.escape(back) + "</a></p></main></body></html>\n";
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** Decisions by outcome, for {@link PrivacyFilter#counters()}. */
    Map<String, Long> stats() {
        Map<String, Long> out = new TreeMap<>();
        passed.forEach((k, v) -> out.put("protect-passed-" + k.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                v.sum()));
        blocked.forEach((k, v) -> out.put("protect-blocked-" + k.label(), v.sum()));
        out.put("protect-recaptcha-calls", recaptchaCalls.sum());
        return out;
    }

    /** The challenge and solution, from the header or the form; null when either is missing. */
    private static String[] proof(HttpServletRequest request) {
        Optional<String> header = header(request, PROOF_HEADER);
        if (header.isPresent()) {
            int colon = header.get().lastIndexOf(':');
            return colon <= 0 ? null : new String[] {header.get().substring(0, colon),
                    header.get().substring(colon + 1).trim()};
        }
        String challenge = field(request, CHALLENGE_FIELD);
        String solution = field(request, SOLUTION_FIELD);
        return challenge == null || challenge.isEmpty() || solution == null || solution.isEmpty() ? null
                : new String[] {challenge, solution.trim()};
    }

    private static Optional<String> header(HttpServletRequest request, String name) {
        String value = request.getHeader(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /**
     * A form field, or null: a multipart body to a servlet without multipart config has no readable fields, and
     * neither has a query or body the container cannot decode (Jetty throws its own BadMessageException). Unreadable
     * fields carry no proof, so the submission is refused: treating them as a fault of ours would let it through.
     */
    private static String field(HttpServletRequest request, String name) {
        try {
            return request.getParameter(name);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The path within the application as the container decoded and normalised it: the raw URI could dodge a
     * pattern with {@code //}, {@code ;params} or percent-encoding.
     */
    static String appPath(HttpServletRequest request) {
        String servlet = request.getServletPath() == null ? "" : request.getServletPath();
        String info = request.getPathInfo();
        String path = info == null ? servlet : servlet + info;
        return path.isEmpty() ? "/" : path;
    }

    private static String contextPath(HttpServletRequest request) {
        return request.getContextPath() == null ? "" : request.getContextPath();
    }
}
