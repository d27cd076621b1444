package net.erpex.privacy.session;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import net.erpex.privacy.security.SigningKeys;
import net.erpex.privacy.shared.MemorySharedState;
import net.erpex.privacy.shared.SharedState;

/**
 * Issues, verifies and renews the session cookie's value. The value is {@code base64url(version | id | created |
 * lastSeen | tag)}, signed with {@link SigningKeys}: the timeouts are enforced by the server from signed times, so a
 * stolen or stale value stops working even though the cookie itself has no expiry (it is a true session cookie).
 *
 * <p>Servlet-free and thread-safe.
 */
public final class SessionManager {

    /** Why the current request has the session it has. */
    public enum Outcome {
        /** A valid cookie was presented. */
        VALID,
        /** No cookie: a new session. */
        NEW,
        /** The cookie failed verification (forged, tampered, truncated, an unknown key). */
        INVALID,
        /**
         * The cookie was sent more than once with different values: a sibling subdomain, or a man in the middle of
         * a plain-http request, can plant a second cookie of the same name ("cookie tossing"), and nothing in the
         * request tells which one is ours. None of them is used: a new session.
         */
        AMBIGUOUS,
        /** The cookie was valid but idle for longer than the idle timeout. */
        IDLE_EXPIRED,
        /** The cookie was valid but older than the absolute timeout. */
        ABSOLUTE_EXPIRED,
        /** The cookie was valid but its session was ended by an erasure (on this node or another): a new session. */
        REVOKED
    }

    /**
     * The session of a request.
     *
     * @param issue whether the response must carry a (new or renewed) cookie
     */
    public record Decision(SessionToken token, Outcome outcome, boolean issue) {
    }

    private static final byte VERSION = 1;
    private static final int PAYLOAD_BYTES = 1 + SessionToken.ID_BYTES + 8 + 8;
    private static final int VALUE_BYTES = PAYLOAD_BYTES + SigningKeys.TAG_BYTES;
    private static final int MAX_VALUE_CHARS = (VALUE_BYTES * 4 + 2) / 3 + 4;
    // Nodes of a cluster disagree a little about the time; more than this and the value was not made by us.
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final SigningKeys keys;
    private final Duration idleTimeout;
    private final Duration absoluteTimeout;
    private final Duration renewAfter;
    private final Clock clock;
    private final SharedState shared;
    private final SecureRandom random = new SecureRandom();

    /**
     * A manager whose revocations hold on this node only, until it stops.
     *
     * @param idleTimeout     a session unused for this long is replaced
     * @param absoluteTimeout a session older than this is replaced
     */
    public SessionManager(SigningKeys keys, Duration idleTimeout, Duration absoluteTimeout, Clock clock) {
        this(keys, idleTimeout, absoluteTimeout, clock, MemorySharedState.inMemory(clock));
    }

    /**
     * @param idleTimeout     a session unused for this long is replaced
     * @param absoluteTimeout a session older than this is replaced
     * @param shared          where revocations are kept, shared by the nodes of the site
     */
    public SessionManager(SigningKeys keys, Duration idleTimeout, Duration absoluteTimeout, Clock clock,
            SharedState shared) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.shared = Objects.requireNonNull(shared, "shared");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        this.absoluteTimeout = Objects.requireNonNull(absoluteTimeout, "absoluteTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (idleTimeout.isNegative() || idleTimeout.isZero() || idleTimeout.compareTo(absoluteTimeout) > 0) {
            throw new IllegalArgumentException("idle timeout " + idleTimeout + " must be positive and at most the"
                    + " absolute timeout " + absoluteTimeout);
        }
        // Renewing on every request would put Set-Cookie on every response (and make them uncacheable); renewing a
        // tenth of the idle time late shortens the idle window by at most that tenth.
        Duration tenth = idleTimeout.dividedBy(10);
        this.renewAfter = tenth.compareTo(Duration.ofMinutes(5)) > 0 ? Duration.ofMinutes(5) : tenth;
    }

    /**
     * The session for a request that presented {@code cookieValues} (every value of the session cookie, in the order
     * the browser sent them; usually zero or one). The same value repeated counts once; different values are
     * {@link Outcome#AMBIGUOUS} and none of them is used, never "the first valid one wins", which would let a planted
     * cookie fix the visitor's session.
     */
    public Decision resolve(List<String> cookieValues) {
        Instant now = clock.instant();
        if (cookieValues.isEmpty()) {
            return new Decision(newToken(now), Outcome.NEW, true);
        }
        String value = cookieValues.get(0);
        for (String other : cookieValues) {
            if (!Objects.equals(value, other)) {
                return new Decision(newToken(now), Outcome.AMBIGUOUS, true);
            }
        }
        SessionToken token = decode(value);
        Outcome outcome;
        if (token == null || token.lastSeen().isAfter(now.plus(CLOCK_SKEW))
                || token.created().isAfter(token.lastSeen())) {
            outcome = Outcome.INVALID;
        } else if (!now.isBefore(token.created().plus(absoluteTimeout))) {
            outcome = Outcome.ABSOLUTE_EXPIRED;
        } else if (!now.isBefore(token.lastSeen().plus(idleTimeout))) {
            outcome = Outcome.IDLE_EXPIRED;
        } else if (shared.isClaimed(SharedState.Kind.REVOKED_SESSION, token.hash())) {
            outcome = Outcome.REVOKED; // answered from memory: no I/O on the request path
        } else {
            boolean renew = !now.isBefore(token.lastSeen().plus(renewAfter));
            return new Decision(renew ? token.seenAt(now) : token, Outcome.VALID, renew);
        }
        return new Decision(newToken(now), outcome, true);
    }

    /**
     * Ends a session for good: a request that still presents its cookie, on any node, gets a new session (on another
     * node within {@link SharedState#propagationDelay()}). Kept for the absolute timeout, after which the cookie is
     * refused anyway.
     *
     * @param hash the session's {@link SessionToken#hash()}
     */
    public void revoke(String hash) {
        shared.claim(SharedState.Kind.REVOKED_SESSION, hash, clock.instant().plus(absoluteTimeout));
    }

    /** A fresh session starting now. */
    public SessionToken newToken(Instant now) {
        byte[] id = new byte[SessionToken.ID_BYTES];
        random.nextBytes(id);
        return new SessionToken(id, now, now);
    }

    /** The signed cookie value of a session. */
    public String encode(SessionToken token) {
        ByteBuffer buf = ByteBuffer.allocate(VALUE_BYTES);
        buf.put(VERSION).put(token.id()).putLong(token.created().getEpochSecond())
                .putLong(token.lastSeen().getEpochSecond());
        byte[] payload = Arrays.copyOf(buf.array(), PAYLOAD_BYTES);
        buf.put(keys.sign(payload));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
    }

    /** The session a cookie value carries, or {@code null} for anything that is not a value we signed. */
    SessionToken decode(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_VALUE_CHARS) {
            return null;
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (raw.length != VALUE_BYTES || raw[0] != VERSION) {
            return null;
        }
        byte[] payload = Arrays.copyOf(raw, PAYLOAD_BYTES);
        byte[] tag = Arrays.copyOfRange(raw, PAYLOAD_BYTES, VALUE_BYTES);
        if (!keys.verify(payload, tag)) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.wrap(payload, 1, PAYLOAD_BYTES - 1);
        byte[] id = new byte[SessionToken.ID_BYTES];
        buf.get(id);
        try {
            return new SessionToken(id, Instant.ofEpochSecond(buf.getLong()), Instant.ofEpochSecond(buf.getLong()));
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }
}
