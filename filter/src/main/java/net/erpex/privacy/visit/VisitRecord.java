package net.erpex.privacy.visit;

import java.time.Instant;
import java.util.Objects;

/**
 * The summary of one visit as it is stored, in stream {@value #STREAM}. Absent values are {@code ""} so that every
 * line has the same shape.
 *
 * @param id             the event's id
 * @param ts             when the visit happened
 * @param ip             the client address as configured by {@link IpStorage} (full, truncated or hashed)
 * @param country        ISO 3166-1 alpha-2 code, or empty
 * @param region         region (subdivision) name, or empty
 * @param city           city name, or empty
 * @param language       negotiated language tag
 * @param method         HTTP method
 * @param path           page visited, without query string
 * @param status         HTTP status
 * @param browserFamily  browser family, e.g. {@code Firefox}
 * @param browserVersion browser version, e.g. {@code 133.0}
 * @param osFamily       operating system family
 * @param osVersion      operating system version
 * @param device         device type, e.g. {@code desktop}
 * @param referrer       referrer summary (origin and path, never the query string)
 * @param referrerKind   kind of referrer, e.g. {@code internal}, {@code external}, {@code none}
 * @param session        hash of the session id
 * @param userAgent      the raw capped user agent, set only when the recorder was behind and did not parse it
 * @param blocked        why form protection rejected the request (e.g. {@code honeypot}), or empty; never the form's
 *                       contents
 */
public record VisitRecord(String id, Instant ts, String ip, String country, String region, String city,
                          String language, String method, String path, int status, String browserFamily,
                          String browserVersion, String osFamily, String osVersion, String device, String referrer,
                          String referrerKind, String session, String userAgent, String blocked)
        implements LogRecord {

    /** The stream visit records belong to; the JSON-lines sink writes them to {@code visits-YYYY-MM-DD.jsonl}. */
    public static final String STREAM = "visits";

    /** Normalises absent strings to {@code ""}; {@code ts} is required. */
    public VisitRecord {
        id = text(id);
        Objects.requireNonNull(ts, "ts");
        ip = text(ip);
        country = text(country);
        region = text(region);
        city = text(city);
        language = text(language);
        method = text(method);
        path = text(path);
        browserFamily = text(browserFamily);
        browserVersion = text(browserVersion);
        osFamily = text(osFamily);
        osVersion = text(osVersion);
        device = text(device);
        referrer = text(referrer);
        referrerKind = text(referrerKind);
        session = text(session);
        userAgent = text(userAgent);
        blocked = text(blocked);
    }

    /** A visit that nothing blocked. */
    public VisitRecord(String id, Instant ts, String ip, String country, String region, String city, String language,
            String method, String path, int status, String browserFamily, String browserVersion, String osFamily,
            String osVersion, String device, String referrer, String referrerKind, String session, String userAgent) {
        this(id, ts, ip, country, region, city, language, method, path, status, browserFamily, browserVersion,
                osFamily, osVersion, device, referrer, referrerKind, session, userAgent, "");
    }

    @Override
    public String stream() {
        return STREAM;
    }

    @Override
    public Instant time() {
        return ts;
    }

    /**
     * Writes {@code id, ts, ip, country, region, city, language, method, path, status, browser {family, version},
     * os {family, version}, device, referrer, referrerKind, session}, and {@code userAgent} and {@code blocked} when
     * they are not empty.
     */
    @Override
    public void writeJson(JsonWriter w) {
        w.startObject()
                .field("id", id)
                .field("ts", ts)
                .field("ip", ip)
                .field("country", country)
                .field("region", region)
                .field("city", city)
                .field("language", language)
                .field("method", method)
                .field("path", path)
                .field("status", status);
        w.name("browser").startObject().field("family", browserFamily).field("version", browserVersion).endObject();
        w.name("os").startObject().field("family", osFamily).field("version", osVersion).endObject();
        w.field("device", device)
                .field("referrer", referrer)
                .field("referrerKind", referrerKind)
                .field("session", session);
        if (!userAgent.isEmpty()) {
            w.field("userAgent", userAgent);
        }
        if (!blocked.isEmpty()) {
            w.field("blocked", blocked);
        }
        w.endObject();
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
