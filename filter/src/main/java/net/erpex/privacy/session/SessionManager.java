package net.erpex.privacy.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import net.erpex.privacy.security.SigningKeys;
import net.erpex.privacy.security.ThreadRandom;
import net.erpex.privacy.shared.MemorySharedState;
import net.erpex.privacy.shared.SharedState;

/**
 * Issues, verifies and renews the session cookie's value. The value is {@code base64url(version | id | created |
 * lastSeen | tag)}, signed with {@link SigningKeys}: the timeouts are enforced by the server from signed times, so a
 * stolen or stale value stops working even though the cookie itself has no expiry (it is a true session cookie).
 *
 * <p>A returning visitor presents the same value on every request for minutes: the values that verified are kept in a
 * bounded cache (signature checked and decoded once), while the timeouts are checked against the clock on every
 * use. A value that fails verification is not cached, so forged values cannot push out the real ones.
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
     * @param token   the visitor's session, renewed when {@code issue}; empty unless {@code outcome} is
     *                {@link Outcome#VALID}: a new session is made only for a response that starts one
     *                ({@link #newToken})
     * @param hash    {@link SessionToken#hash()} of {@code token}, or {@code ""} when it is empty
     * @param issue   whether the response must carry a (new or renewed) cookie
     */
    public record Decision(Optional<SessionToken> token, String hash, Outcome outcome, boolean issue) {
        public Decision {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /** Default {@code cacheSize}: verified values kept, about 400 bytes each. */
    public static final int DEFAULT_CACHE_SIZE = 10_000;

    private static final byte VERSION = 1;
    private static final int PAYLOAD_BYTES = 1 + SessionToken.ID_BYTES + 8 + 8;
    private static final int VALUE_BYTES = PAYLOAD_BYTES + SigningKeys.TAG_BYTES;
    private static final int MAX_VALUE_CHARS = (VALUE_BYTES * 4 + 2) / 3 + 4;
    // Nodes of a cluster disagree a little about the time; more than this and the value was not made by us.
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Decision NEW = new Decision(Optional.empty(), "", Outcome.NEW, true);
    private static final Decision AMBIGUOUS = new Decision(Optional.empty(), "", Outcome.AMBIGUOUS, true);
    private static final Decision INVALID = new Decision(Optional.empty(), "", Outcome.INVALID, true);

    private final SigningKeys keys;
    private final Duration idleTimeout;
    private final Duration absoluteTimeout;
    private final Duration renewAfter;
    private final long skewMillis;
    private final long idleMillis;
    private final long absoluteMillis;
    private final long renewMillis;
    private final Clock clock;
    private final SharedState shared;
    private final Cache<String, Verified> verified;

    /** A value that verified, decoded, with the hash records use and its times in milliseconds. */
    private record Verified(SessionToken token, String hash, long created, long lastSeen, Decision kept) {
        Verified(SessionToken token, String hash) {
            this(token, hash, token.created().toEpochMilli(), token.lastSeen().toEpochMilli(),
                    new Decision(Optional.of(token), hash, Outcome.VALID, false));
        }
    }

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
        this(keys, idleTimeout, absoluteTimeout, clock, shared, DEFAULT_CACHE_SIZE);
    }

    /**
     * @param shared    where revocations are kept, shared by the nodes of the site
     * @param cacheSize how many verified cookie values are kept (0: none)
     */
    public SessionManager(SigningKeys keys, Duration idleTimeout, Duration absoluteTimeout, Clock clock,
            SharedState shared, int cacheSize) {
        // Maintenance on the calling thread: a cache must not wake a pool thread from every request.
        this.verified = Caffeine.newBuilder().executor(Runnable::run).maximumSize(cacheSize).build();
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
        this.skewMillis = CLOCK_SKEW.toMillis();
        this.idleMillis = idleTimeout.toMillis();
        this.absoluteMillis = absoluteTimeout.toMillis();
        this.renewMillis = renewAfter.toMillis();
    }

    /**
     * The session for a request that presented {@code cookieValues} (every value of the session cookie, in the order
     * the browser sent them; usually zero or one). The same value repeated counts once; different values are
     * {@link Outcome#AMBIGUOUS} and none of them is used, never "the first valid one wins", which would let a planted
     * cookie fix the visitor's session.
     */
    public Decision resolve(List<String> cookieValues) {
        if (cookieValues.isEmpty()) {
            return NEW;
        }
        String value = cookieValues.get(0);
        // Indexed: an iterator would be an object per request.
        for (int i = 1; i < cookieValues.size(); i++) {
            if (!Objects.equals(value, cookieValues.get(i))) {
                return AMBIGUOUS;
            }
        }
        Verified v = verify(value);
        if (v == null) {
            return INVALID;
        }
        // Milliseconds rather than Instants: the checks run on every request and allocate nothing.
        long now = clock.millis();
        Outcome outcome;
        if (v.lastSeen() > now + skewMillis || v.created() > v.lastSeen()) {
            outcome = Outcome.INVALID;
        } else if (now >= v.created() + absoluteMillis) {
            outcome = Outcome.ABSOLUTE_EXPIRED;
        } else if (now >= v.lastSeen() + idleMillis) {
            outcome = Outcome.IDLE_EXPIRED;
        } else if (shared.isClaimed(SharedState.Kind.REVOKED_SESSION, v.hash())) {
            // Checked on every use, never cached with the value; answered from memory, no I/O on the request path.
            outcome = Outcome.REVOKED;
        } else if (now >= v.lastSeen() + renewMillis) {
            return new Decision(Optional.of(v.token().seenAt(clock.instant())), v.hash(), Outcome.VALID, true);
        } else {
            return v.kept();
        }
        return new Decision(Optional.empty(), "", outcome, true);
    }

    /** The decoded value, from the cache or verified now (and then cached); {@code null} when it is not ours. */
    private Verified verify(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_VALUE_CHARS) {
            return null;
        }
        Verified v = verified.getIfPresent(value);
        if (v == null) {
            SessionToken token = decode(value);
            if (token == null) {
                return null;
            }
            try {
                v = new Verified(token, token.hash());
            } catch (ArithmeticException e) {
                return null; // times beyond what milliseconds can count: nothing we signed
            }
            verified.put(value, v);
        }
        return v;
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
        ThreadRandom.nextBytes(id); // a generator of this thread's own: request threads never queue for one
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
