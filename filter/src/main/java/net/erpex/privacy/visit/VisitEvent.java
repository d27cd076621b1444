package net.erpex.privacy.visit;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The raw facts of one visit, captured on the request thread after the response. Everything expensive (GeoIP,
 * user-agent parsing) is left to the {@link Enricher}. Header values are expected to be capped by the filter.
 *
 * @param id              unique id, see {@link #newId()}; {@code null} or empty gets a new one, of {@code time}
 * @param time            when the response completed
 * @param address         the resolved client address, {@code null} when unknown
 * @param ip              the client address as text, as the address resolver gave it
 * @param method          HTTP method
 * @param path            request path, without query string
 * @param status          HTTP status of the response
 * @param userAgent       {@code User-Agent} header
 * @param secChUa         {@code Sec-CH-UA} client hint
 * @param secChUaMobile   {@code Sec-CH-UA-Mobile} client hint
 * @param secChUaPlatform {@code Sec-CH-UA-Platform} client hint
 * @param language        the negotiated language tag
 * @param referer         {@code Referer} header
 * @param requestHost     the host the request was addressed to, to tell internal from external referrers
 * @param sessionHash     hash of the session id (never the id itself)
 * @param countryHint     a country already known to the request (for instance from a CDN header), or empty
 * @param blocked         why form protection rejected the request (e.g. {@code rate-limit}), or empty
 */
public record VisitEvent(String id, Instant time, InetAddress address, String ip, String method, String path,
                         int status, String userAgent, String secChUa, String secChUaMobile, String secChUaPlatform,
                         String language, String referer, String requestHost, String sessionHash,
                         String countryHint, String blocked) implements RawEvent {

    /**
     * Mixed into every id so that two JVMs whose {@link ThreadLocalRandom} sequences happen to overlap still produce
     * different ids.
     */
    private static final long SALT_HIGH;
    private static final long SALT_LOW;

    static {
        SecureRandom seed = new SecureRandom();
        SALT_HIGH = seed.nextLong();
        SALT_LOW = seed.nextLong();
    }

    /** Normalises absent strings to {@code ""} and a missing id to a new one; {@code time} is required. */
    public VisitEvent {
        Objects.requireNonNull(time, "time");
        id = id == null || id.isEmpty() ? newId(time.toEpochMilli()) : id;
        ip = text(ip);
        method = text(method);
        path = text(path);
        userAgent = text(userAgent);
        secChUa = text(secChUa);
        secChUaMobile = text(secChUaMobile);
        secChUaPlatform = text(secChUaPlatform);
        language = text(language);
        referer = text(referer);
        requestHost = text(requestHost);
        sessionHash = text(sessionHash);
        countryHint = text(countryHint);
        blocked = text(blocked);
    }

    /** A visit that nothing blocked. */
    public VisitEvent(String id, Instant time, InetAddress address, String ip, String method, String path, int status,
            String userAgent, String secChUa, String secChUaMobile, String secChUaPlatform, String language,
            String referer, String requestHost, String sessionHash, String countryHint) {
        this(id, time, address, ip, method, path, status, userAgent, secChUa, secChUaMobile, secChUaPlatform, language,
                referer, requestHost, sessionHash, countryHint, "");
    }

    /** Visits are statistics: under {@link OverflowPolicy#DROP} they may be dropped. */
    @Override
    public boolean droppable() {
        return true;
    }

    /**
     * A new id in UUID version 7 text form (RFC 9562: 36 characters, URL-safe, fits a database {@code uuid} column):
     * the current time in milliseconds, then 74 random bits.
     *
     * <p>Time first, so that ids made one after another sort together: a database's primary-key index takes each
     * new row at its end instead of at a random page. It is generated with {@link ThreadLocalRandom} because this
     * runs on every request thread and must not contend on a shared {@link SecureRandom}; a per-JVM salt from
     * {@code SecureRandom} is mixed in so that ids from different JVMs do not collide. The id only has to be unique,
     * not unguessable: it is not a secret and grants nothing (the time it carries is the record's own).
     */
    public static String newId() {
        return newId(System.currentTimeMillis());
    }

    /** {@link #newId()} for a visit at {@code epochMillis}. */
    static String newId(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = epochMillis << 16 | 0x7000L | (random.nextLong() ^ SALT_HIGH) & 0x0FFFL;
        long low = (random.nextLong() ^ SALT_LOW) & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
