package net.erpex.privacy.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every init-param of the filter, declared once: its name beside its default, the format it accepts and what it
 * means. The README's tables are this enum, row for row.
 *
 * <p>Each param can be overridden by the system property {@code privacy.<name>} and by the environment variable
 * {@code PRIVACY_<NAME>} (dots and dashes as underscores), in the order system property &gt; environment &gt;
 * {@code web.xml} &gt; default.
 */
public enum PrivacyParam {

    CLIENT_TRUSTED_PROXIES("client.trusted-proxies", "",
            "comma-separated IPv4/IPv6 addresses or CIDR blocks",
            "Proxies whose X-Forwarded-For, Forwarded and X-Forwarded-Proto headers are believed. Empty: trust nobody,"
                    + " the socket peer is the client."),

    LANGUAGE_SUPPORTED("language.supported", "en",
            "comma-separated BCP 47 tags",
            "Languages the site is written in; the visitor gets one of these."),
    LANGUAGE_DEFAULT("language.default", "",
            "a BCP 47 tag from language.supported",
            "Language when nothing else decides. Empty: the first of language.supported."),
    LANGUAGE_COOKIE_MAX_AGE("language.cookie-max-age", "365d",
            "duration",
            "How long the lang cookie remembers a language the visitor chose with ?lang=xx."),

    GEO_DATABASE("geo.database", "",
            "file path or classpath:resource of a .mmdb file",
            "GeoIP2/GeoLite2 Country or City, DB-IP lite, or the demo database. Empty: no geolocation."),
    GEO_REQUIRED("geo.required", "true",
            "true or false",
            "Whether a missing or corrupt geo.database fails init(). false: geolocation is off and the log says so once."),
    GEO_CACHE_SIZE("geo.cache-size", "10000",
            "integer 1 to 10000000",
            "Addresses whose geolocation is kept in memory."),
    GEO_COUNTRY_HEADER("geo.country-header", "",
            "an HTTP header name, e.g. CF-IPCountry",
            "Country code set by a trusted proxy or CDN; honoured only from client.trusted-proxies. Empty: not used."),
    GEO_RELOAD_INTERVAL("geo.reload-interval", "1m",
            "duration; 0 turns it off",
            "How often the database file is checked for replacement (picked up without a restart)."),

    AGENT_CACHE_SIZE("agent.cache-size", "10000",
            "integer 1 to 10000000",
            "Parsed User-Agent strings kept in memory."),
    AGENT_MAX_LENGTH("agent.max-length", "512",
            "integer 64 to 8192",
            "User-Agent characters parsed and recorded; the rest is cut before parsing."),

    REFERRER_SITE_HOSTS("referrer.site-hosts", "",
            "comma-separated host names",
            "Other hosts of the same site whose referrals count as internal (the request's own host always does)."),

    SESSION_COOKIE_NAME("session.cookie-name", "sid",
            "a cookie name token, without __Host- (added on https)",
            "Name of the filter's session cookie."),
    SESSION_IDLE_TIMEOUT("session.idle-timeout", "30m",
            "duration, at least 1m",
            "A session unused for this long is replaced by a new one."),
    SESSION_ABSOLUTE_TIMEOUT("session.absolute-timeout", "8h",
            "duration, at least session.idle-timeout",
            "A session older than this is replaced, however active."),

    SECURITY_KEYS("security.keys", "",
            "comma-separated base64 keys of at least 32 bytes",
            "HMAC keys: the first signs, all verify (rotation across a cluster). Empty: a random key per start, and"
                    + " cookies do not survive a restart."),

    ENDPOINTS_PREFIX("endpoints.prefix", "/privacy",
            "a path of one or more segments, starting with / and not ending with it",
            "Where the filter answers its own endpoints (consent, banner script and style, my-data). Other paths"
                    + " under it still reach the application."),

    VISITS_SINK("visits.sink", "jsonl",
            "jsonl or slf4j",
            "Where visit records go: JSON-lines files in visits.dir, or the SLF4J logger net.erpex.privacy.visits."),
    VISITS_DIR("visits.dir", "visits",
            "directory path",
            "Directory of the visits-YYYY-MM-DD.jsonl files (relative paths: to the JVM's working directory)."),
    VISITS_IP("visits.ip", "full",
            "full, truncated or hashed",
            "How the IP address is stored: as is, cut to /24 (IPv4) and /48 (IPv6), or as a keyed hash."),
    VISITS_RETENTION("visits.retention", "90d",
            "duration, at least 1d",
            "Visit files older than this are deleted, once a day."),
    VISITS_OVERFLOW("visits.overflow", "block",
            "block or drop",
            "When the recorder's queue is full: the request waits (nothing is lost) or the record is dropped (counted,"
                    + " logged once a minute)."),
    VISITS_QUEUE_CAPACITY("visits.queue-capacity", "10000",
            "integer 16 to 10000000",
            "Visits waiting for the recorder thread."),
    VISITS_BATCH_SIZE("visits.batch-size", "500",
            "integer 1 to visits.queue-capacity",
            "Records written and flushed together.");

    private static final Map<String, PrivacyParam> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(PrivacyParam::paramName, Function.identity()));

    private final String paramName;
    private final String defaultValue;
    private final String format;
    private final String meaning;

    PrivacyParam(String paramName, String defaultValue, String format, String meaning) {
        this.paramName = paramName;
        this.defaultValue = defaultValue;
        this.format = format;
        this.meaning = meaning;
    }

    /** The dotted init-param name, e.g. {@code geo.database}. */
    public String paramName() {
        return paramName;
    }

    /** The value used when no source sets the param. */
    public String defaultValue() {
        return defaultValue;
    }

    /** What the param accepts, as the README and error messages say it. */
    public String format() {
        return format;
    }

    /** What the param does. */
    public String meaning() {
        return meaning;
    }

    /** The system property that overrides this param: {@code privacy.geo.database}. */
    public String systemProperty() {
        return "privacy." + paramName;
    }

    /** The environment variable that overrides this param: {@code PRIVACY_GEO_DATABASE}. */
    public String environmentVariable() {
        return "PRIVACY_" + paramName.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** The param of that name, if there is one. */
    public static Optional<PrivacyParam> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
