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

    // The member names, quoted once rather than scanned for characters to escape on every line (a line has twenty).
    private static final JsonWriter.Name ID = JsonWriter.Name.of("id");
    private static final JsonWriter.Name TS = JsonWriter.Name.of("ts");
    private static final JsonWriter.Name IP = JsonWriter.Name.of("ip");
    private static final JsonWriter.Name COUNTRY = JsonWriter.Name.of("country");
    private static final JsonWriter.Name REGION = JsonWriter.Name.of("region");
    private static final JsonWriter.Name CITY = JsonWriter.Name.of("city");
    private static final JsonWriter.Name LANGUAGE = JsonWriter.Name.of("language");
    private static final JsonWriter.Name METHOD = JsonWriter.Name.of("method");
    private static final JsonWriter.Name PATH = JsonWriter.Name.of("path");
    private static final JsonWriter.Name STATUS = JsonWriter.Name.of("status");
    private static final JsonWriter.Name BROWSER = JsonWriter.Name.of("browser");
    private static final JsonWriter.Name OS = JsonWriter.Name.of("os");
    private static final JsonWriter.Name FAMILY = JsonWriter.Name.of("family");
    private static final JsonWriter.Name VERSION = JsonWriter.Name.of("version");
    private static final JsonWriter.Name DEVICE = JsonWriter.Name.of("device");
    private static final JsonWriter.Name REFERRER = JsonWriter.Name.of("referrer");
    private static final JsonWriter.Name REFERRER_KIND = JsonWriter.Name.of("referrerKind");
    private static final JsonWriter.Name SESSION = JsonWriter.Name.of("session");
    private static final JsonWriter.Name USER_AGENT = JsonWriter.Name.of("userAgent");
    private static final JsonWriter.Name BLOCKED = JsonWriter.Name.of("blocked");

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

    /** Degraded when it carries the raw User-Agent, which it does only when the recorder could not analyse it. */
    @Override
    public boolean degraded() {
        return !userAgent.isEmpty();
    }

    /**
     * Writes {@code id, ts, ip, country, region, city, language, method, path, status, browser {family, version},
     * os {family, version}, device, referrer, referrerKind, session}, and {@code userAgent} and {@code blocked} when
     * they are not empty.
     */
    @Override
    public void writeJson(JsonWriter w) {
        w.startObject()
                .field(ID, id)
                .field(TS, ts)
                .field(IP, ip)
                .field(COUNTRY, country)
                .field(REGION, region)
                .field(CITY, city)
                .field(LANGUAGE, language)
                .field(METHOD, method)
                .field(PATH, path)
                .field(STATUS, status);
        w.name(BROWSER).startObject().field(FAMILY, browserFamily).field(VERSION, browserVersion).endObject();
        w.name(OS).startObject().field(FAMILY, osFamily).field(VERSION, osVersion).endObject();
        w.field(DEVICE, device)
                .field(REFERRER, referrer)
                .field(REFERRER_KIND, referrerKind)
                .field(SESSION, session);
        if (!userAgent.isEmpty()) {
            w.field(USER_AGENT, userAgent);
        }
        if (!blocked.isEmpty()) {
            w.field(BLOCKED, blocked);
        }
        w.endObject();
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
