package net.erpex.privacy.protect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import net.erpex.privacy.security.Redaction;
import net.erpex.privacy.shared.SharedState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks Google's siteverify (or {@code protect.recaptcha.verify-url}) whether a reCAPTCHA token is good, and checks
 * what it says: success, the hostname the token was solved on, its age, and for v3 the action and score. Each token
 * is accepted once. A call that times out, fails or answers garbage is {@link Outcome#ERROR}: what follows is the
 * caller's policy ({@code protect.recaptcha.on-error}).
 *
 * <p>Only called for visitors who granted the {@code recaptcha} category: sending their address and token to Google
 * is exactly what that consent covers.
 */
public final class RecaptchaVerifier {

    /** What a verification found. */
    public enum Outcome { PASSED, FAILED, LOW_SCORE, WRONG_HOSTNAME, WRONG_ACTION, STALE, REPLAY, ERROR }

    private static final Logger LOG = LoggerFactory.getLogger(RecaptchaVerifier.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_TOKEN = 4096;
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final ProtectSettings.Recaptcha settings;
    private final HttpClient client;
    /** Whether the current outage of siteverify has been logged: once per outage, not once per submission. */
    private final AtomicBoolean outageLogged = new AtomicBoolean();
    private final SharedState used;
    private final Clock clock;
    // The verify URL as logs show it, and what an exception's text must not repeat.
    private final String shownUrl;
    private final List<String> secrets;

    /**
     * @param used where used tokens are remembered (by digest): shared by the nodes with a PostgreSQL store
     */
    public RecaptchaVerifier(ProtectSettings.Recaptcha settings, SharedState used, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.shownUrl = Redaction.url(settings.verifyUrl().toString());
        List<String> known = new ArrayList<>(Redaction.urlSecrets(settings.verifyUrl().toString()));
        known.add(settings.secret());
        this.secrets = List.copyOf(known);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.client = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.used = Objects.requireNonNull(used, "used");
    }

    /**
     * Verifies {@code token} for a request from {@code remoteIp}. The token must have been solved on one of the
     * configured host names: never on whatever the request's {@code Host} header claims, which the client writes, or
     * a token solved on another site with the same key would pass.
     */
    public Outcome verify(String token, String remoteIp) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN) {
            return Outcome.FAILED;
        }
        // Burnt before the call: two concurrent submissions of one token cannot both pass. Remembered by digest, so
        // that the bound on entries also bounds the memory whatever the tokens' length.
        if (!used.claim(SharedState.Kind.USED_RECAPTCHA_TOKEN, digest(token),
                clock.instant().plus(settings.maxAge()).plus(CLOCK_SKEW))) {
            return Outcome.REPLAY;
        }
        String form = "secret=" + enc(settings.secret()) + "&response=" + enc(token) + "&remoteip=" + enc(remoteIp);
        HttpRequest request = HttpRequest.newBuilder(settings.verifyUrl()).timeout(settings.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return outage("failed: " + Redaction.scrub(e.toString(), secrets));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.ERROR;
        }
        if (response.statusCode() != 200) {
            return outage("answered HTTP " + response.statusCode());
        }
        Answer answer;
        try {
            answer = Answer.parse(response.body());
        } catch (IOException | RuntimeException e) {
            return outage("answered something that is not its JSON: " + Redaction.scrub(e.toString(), secrets));
        }
        if (outageLogged.compareAndSet(true, false)) {
            LOG.info("reCAPTCHA siteverify at {} answers again", shownUrl);
        }
        return judge(answer, settings.hostnames());
    }

    private Outcome outage(String what) {
        if (outageLogged.compareAndSet(false, true)) {
            LOG.warn("reCAPTCHA siteverify at {} {}; until it answers, protect.recaptcha.on-error={} decides (further"
                    + " failures are counted and logged at debug)", shownUrl, what,
                    settings.onError().name().toLowerCase(Locale.ROOT));
        } else {
            LOG.debug("reCAPTCHA siteverify {}", what);
        }
        return Outcome.ERROR;
    }

    private Outcome judge(Answer a, Set<String> hosts) {
        if (!a.success) {
            LOG.debug("reCAPTCHA token refused: {}", a.errors);
            return Outcome.FAILED;
        }
        if (a.hostname == null || !hosts.contains(a.hostname.toLowerCase(Locale.ROOT))) {
            return Outcome.WRONG_HOSTNAME;
        }
        Instant solved = parseTime(a.challengeTs);
        Instant now = clock.instant();
        if (solved == null || solved.isBefore(now.minus(settings.maxAge()))
                || solved.isAfter(now.plus(CLOCK_SKEW))) {
            return Outcome.STALE;
        }
        if (settings.v3()) {
            if (!settings.action().equals(a.action)) {
                return Outcome.WRONG_ACTION;
            }
            if (a.score == null || a.score < settings.minScore()) {
                return Outcome.LOW_SCORE;
            }
        }
        return Outcome.PASSED;
    }

    private static Instant parseTime(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    /** The fields of a siteverify answer that matter. */
    private static final class Answer {
        boolean success;
        String hostname;
        String challengeTs;
        String action;
        Double score;
        String errors = "";

        static Answer parse(String body) throws IOException {
            Answer a = new Answer();
            try (JsonParser p = JSON.createParser(body)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IOException("not a JSON object");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    switch (name) {
                        case "success" -> a.success = value == JsonToken.VALUE_TRUE;
                        case "hostname" -> a.hostname = value == JsonToken.VALUE_STRING ? p.getText() : null;
                        case "challenge_ts" -> a.challengeTs = value == JsonToken.VALUE_STRING ? p.getText() : null;
                        case "action" -> a.action = value == JsonToken.VALUE_STRING ? p.getText() : null;
                        case "score" -> a.score = value.isNumeric() ? p.getDoubleValue() : null;
                        case "error-codes" -> a.errors = errors(p, value);
                        default -> p.skipChildren();
                    }
                }
            }
            return a;
        }

        private static String errors(JsonParser p, JsonToken value) throws IOException {
            if (value != JsonToken.START_ARRAY) {
                p.skipChildren();
                return "";
            }
            StringBuilder sb = new StringBuilder();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                sb.append(sb.length() == 0 ? "" : ",").append(p.getText());
            }
            return sb.toString();
        }
    }
}
