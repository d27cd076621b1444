package net.erpex.privacy.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.erpex.privacy.security.Redaction;

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
    CLIENT_FORWARDED_HEADER("client.forwarded-header", "x-forwarded-for",
            "x-forwarded-for or forwarded",
            "The one header family the trusted proxies write: X-Forwarded-For with X-Forwarded-Proto, or RFC 7239"
                    + " Forwarded (for= and proto=). The other family is never read, whatever a client sends."),

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
    AGENT_REGEXES("agent.regexes", "",
            "file path or classpath:resource of uap-core's regexes.yaml",
            "User-agent rules. Empty: /usr/share/uap-core/regexes.yaml when that file exists (Debian's and Ubuntu's"
                    + " uap-core package), else the copy inside uap-java's jar (May 2023). A file that cannot be"
                    + " loaded fails init()."),
    AGENT_RELOAD_INTERVAL("agent.reload-interval", "1m",
            "duration; 0 turns it off",
            "How often an agent.regexes file is checked for replacement (picked up without a restart; a replacement"
                    + " that cannot be loaded keeps the rules in use and is logged once)."),

    REFERRER_SITE_HOSTS("referrer.site-hosts", "",
            "comma-separated host names",
            "Other hosts of the same site whose referrals count as internal (the request's own host always does)."),

    SESSION_COOKIE_NAME("session.cookie-name", "",
            "a cookie name token, without __Host- (added on https); empty: derived from the context path",
            "Name of the filter's session cookie. Empty: sid in the root context, sid-<context path> in another"
                    + " (sid-shop for /shop), so that two webapps on one host keep separate sessions."),
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

    CONSENT_COOKIE_NAME("consent.cookie-name", "",
            "a cookie name token, without __Host- (added on https); empty: derived from the context path",
            "Name of the signed cookie that keeps the visitor's consent decision. Empty: consent in the root context,"
                    + " consent-<context path> in another (consent-shop for /shop)."),
    CONSENT_MAX_AGE("consent.max-age", "182d",
            "duration, 1d to 395d",
            "How long a decision, acceptance and refusal alike, is kept before the banner asks again (the CNIL"
                    + " recommends 6 months, 13 at most)."),
    CONSENT_POLICY_VERSION("consent.policy-version", "1",
            "1 to 32 letters, digits, dots, dashes or underscores",
            "Version of the cookie policy; decisions made for another version count as undecided, so changing it asks"
                    + " every visitor again."),
    CONSENT_POLICY_URL("consent.policy-url", "",
            "a path starting with / or an https URL",
            "The privacy policy the banner links to. Empty: no link."),
    CONSENT_CATEGORIES("consent.categories", "",
            "comma-separated names: lower-case letters, digits, single dashes",
            "Categories of the site's own, shown after necessary, preferences, analytics, recaptcha and"
                    + " session-recording."),
    CONSENT_COOKIES("consent.cookies", "",
            "comma-separated category:cookie pairs; a trailing * matches a name prefix",
            "Cookies the site sets, by category, besides the built-in ones (e.g. necessary:XSRF-TOKEN,"
                    + " analytics:_hj*)."),
    CONSENT_SOURCES("consent.sources", "",
            "comma-separated category:source pairs; a source is an https or wss host with an optional path, optionally"
                    + " after script-src, connect-src, img-src or frame-src",
            "Third-party sources a category's scripts need; the Content-Security-Policy allows them only while the"
                    + " category is granted."),
    CONSENT_SALE_SHARING("consent.sale-sharing", "",
            "comma-separated category names",
            "Categories that sell or share personal data: Sec-GPC: 1 denies them, as it denies analytics."),
    CONSENT_OPT_OUT_COUNTRIES("consent.opt-out-countries", "",
            "comma-separated ISO 3166-1 alpha-2 codes",
            "Countries where pre-granted categories apply until the visitor objects. Elsewhere, and when the country"
                    + " is unknown: opt-in."),
    CONSENT_NOTICE_COUNTRIES("consent.notice-countries", "",
            "comma-separated ISO 3166-1 alpha-2 codes",
            "Countries where the banner informs; pre-granted categories apply and can be refused."),
    CONSENT_PRE_GRANTED("consent.pre-granted",
            "opt-out:preferences, opt-out:analytics, opt-out:recaptcha, notice:preferences, notice:analytics,"
                    + " notice:recaptcha",
            "comma-separated regime:category pairs; regime opt-out or notice",
            "Categories granted before the visitor decides, per regime. Never in opt-in, never session-recording."),
    CONSENT_UNCLASSIFIED_COOKIES("consent.unclassified-cookies", "block",
            "block or allow",
            "A cookie set by the application that no category claims: kept from the browser (one WARN per name says"
                    + " how to classify it), or let through."),
    CONSENT_COOKIE_DOMAINS("consent.cookie-domains", "",
            "comma-separated domain names",
            "Domains the site's cookies may be set for (e.g. example.com): a withdrawn category's cookies are expired"
                    + " for each of them as well as host-only."),
    CONSENT_CSP("consent.csp", "report-only",
            "enforce, report-only or off",
            "How the Content-Security-Policy is sent: enforced, report-only (so a drop-in breaks no script before"
                    + " the base policy is set), or not at all."),
    CONSENT_CSP_POLICY("consent.csp-policy",
            "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self';"
                    + " frame-ancestors 'self'",
            "CSP directives separated by ;",
            "The base policy. The filter adds the sources of granted categories to the directive each names"
                    + " (script-src, connect-src, img-src and frame-src when it names none), and the request's nonce"
                    + " for script-src and style-src in a second, short policy (one policy with the nonce when the base"
                    + " has hashes, 'strict-dynamic' or script-src-elem-like directives)."),

    ENDPOINTS_PREFIX("endpoints.prefix", "/privacy",
            "a path of one or more segments, starting with / and not ending with it",
            "Where the filter answers its own endpoints (consent, banner script and style, my-data). Other paths"
                    + " under it still reach the application."),
    ENDPOINTS_DATA_RATE("endpoints.data-rate", "5/1m",
            "count/duration, count 1 to 100000, e.g. 5/1m",
            "my-data and my-data/erase requests allowed per client address (IPv6: per /64), refilled evenly over the"
                    + " duration; more are answered 429 with Retry-After."),

    REQUEST_ENCODING("request.encoding", "UTF-8",
            "a charset name such as UTF-8, or empty",
            "Character encoding given to a request that declares none, before any parameter is read, so that forms"
                    + " decode alike on every container (Tomcat would take ISO-8859-1). Empty: the container decides."),

    VISITS_RECORD("visits.record", "pages",
            "pages or all",
            "Which requests make a visit record: page views (navigations, Sec-Fetch-Dest document or iframe, or for"
                    + " a client without Fetch Metadata an HTML response; form posts; rejected form posts; the privacy"
                    + " endpoints' decisions) or every request, stylesheets, scripts and images included."),
    VISITS_EXCLUDE("visits.exclude", "",
            "comma-separated paths: /exact, /prefix/* or *.extension",
            "Paths within the application never recorded, whatever visits.record says (e.g. /health, /static/*)."),
    VISITS_STORE("visits.store", "jsonl",
            "jsonl, jsonl:<dir>, slf4j, jdbc:postgresql://host:port/db?... or jndi:<name>",
            "Where visit and consent records go: JSON-lines files in visits.dir (jsonl:<dir> names the directory"
                    + " inline), the SLF4J loggers net.erpex.privacy.visits and .consents, PostgreSQL by URL, or"
                    + " PostgreSQL through a container DataSource."),
    VISITS_STORE_USER("visits.store-user", "",
            "a database user name",
            "User for a jdbc: store (a user= in the URL also works). Empty: the URL's or the driver's default."),
    VISITS_STORE_PASSWORD("visits.store-password", "",
            "text; best set as the environment variable PRIVACY_VISITS_STORE_PASSWORD",
            "Password for a jdbc: store. Never logged."),
    VISITS_SPOOL_DIR("visits.spool-dir", "",
            "directory path",
            "Where records wait, in order, while the database does not answer; replayed when it does, also after a"
                    + " restart. Empty: the spool directory inside visits.dir."),
    VISITS_SPOOL_MAX("visits.spool-max", "1000000",
            "integer 1000 to 1000000000 (records)",
            "Most records the spool holds; from 80% on the log warns once a minute. When it is full the recorder"
                    + " stops taking records and visits.overflow applies."),
    VISITS_DIR("visits.dir", "visits",
            "directory path",
            "Directory of the visits-YYYY-MM-DD.jsonl and consents-YYYY-MM-DD.jsonl files of visits.store=jsonl"
                    + " (relative paths: to the JVM's working directory, and the log says once at start which"
                    + " directory that is)."),
    VISITS_IP("visits.ip", "full",
            "full, truncated or hashed",
            "How the IP address is stored: as is, cut to /24 (IPv4) and /48 (IPv6), or as a keyed hash."),
    VISITS_RETENTION("visits.retention", "90d",
            "duration, at least 1d",
            "Visit records older than this are deleted once a day (whole files or whole day partitions)."),
    VISITS_OVERFLOW("visits.overflow", "block",
            "block or drop",
            "When the recorder's queue is full: the request waits (nothing is lost) or the record is dropped (counted,"
                    + " logged once a minute)."),
    VISITS_QUEUE_CAPACITY("visits.queue-capacity", "10000",
            "integer 16 to 10000000",
            "Visits waiting for the recorder thread."),
    VISITS_BATCH_SIZE("visits.batch-size", "2000",
            "integer 1 to visits.queue-capacity",
            "Most records written and flushed together (fewer when fewer wait); unset, 2000 or visits.queue-capacity"
                    + " if that is smaller."),
    VISITS_ENRICH_BUDGET("visits.enrich-budget", "PT0.05S",
            "duration, PT0.001S to 10s (ISO-8601 for fractions)",
            "Longest the analysis of one record (user agent, GeoIP, referrer) may take, ten times that for a batch;"
                    + " a record over budget is written with the raw, capped User-Agent (counter records-degraded)."),

    // Consent records. Kept at the end of the enum (and of the README) so that the consent params can be merged in
    // beside it without conflicts.
    CONSENT_RETENTION("consent.retention", "1826d",
            "duration, at least 1d",
            "How long proof of consent (consents files or table) is kept: five years by default, to prove a consent"
                    + " as long as it can be disputed."),
    CONSENT_PROOF_TIMEOUT("consent.proof-timeout", "5s",
            "duration, PT0.1S to 1m (ISO-8601 for fractions)",
            "Longest a consent decision waits for its proof to be on disk (or committed) before it is answered; past"
                    + " it the decision is refused with 503 and no cookie is set."),

    // Form protection. Appended after the consent records so that the README's table order stays the enum's; the
    // feature is off (and costs nothing per request) while protect.paths is empty.
    PROTECT_PATHS("protect.paths", "",
            "comma-separated paths: /exact or /prefix/*",
            "Paths whose POSTs are checked before the application sees them. Empty: form protection is off."),
    PROTECT_HONEYPOT_FIELD("protect.honeypot-field", "website",
            "a form field name: letters, digits, dashes or underscores",
            "A field hidden from people; a submission that fills it is rejected."),
    PROTECT_RATE("protect.rate", "10/1m",
            "count/duration, count 1 to 100000, e.g. 10/1m",
            "Protected POSTs allowed per client address, refilled evenly over the duration (token bucket)."),
    PROTECT_RATE_IPV6_PREFIX("protect.rate-ipv6-prefix", "64",
            "integer 32 to 128",
            "IPv6 clients share one protect.rate bucket per network of this prefix length: one subscriber usually has"
                    + " a whole /64, so counting single addresses would not limit anybody."),
    PROTECT_CHALLENGE_DIFFICULTY("protect.challenge.difficulty", "18",
            "integer 8 to 28 (leading zero bits of SHA-256)",
            "Work of the cookieless challenge: each step doubles it. 18 is about 260,000 hashes on average: 0.2 s in"
                    + " desktop Chromium, about a second on a mid-tier phone."),
    PROTECT_CHALLENGE_TTL("protect.challenge.ttl", "10m",
            "duration, 30s to 1d",
            "How long an issued challenge can be solved and submitted."),
    PROTECT_RECAPTCHA_SITE_KEY("protect.recaptcha.site-key", "",
            "a reCAPTCHA site key",
            "With protect.recaptcha.secret: visitors who granted recaptcha get reCAPTCHA. Empty: the challenge only."),
    PROTECT_RECAPTCHA_SECRET("protect.recaptcha.secret", "",
            "text; best set as the environment variable PRIVACY_PROTECT_RECAPTCHA_SECRET",
            "The reCAPTCHA secret key for siteverify. Never logged."),
    PROTECT_RECAPTCHA_VERSION("protect.recaptcha.version", "v3",
            "v2 or v3",
            "The kind of key: v2 (checkbox widget in the form) or v3 (invisible, scored)."),
    PROTECT_RECAPTCHA_VERIFY_URL("protect.recaptcha.verify-url", "https://www.google.com/recaptcha/api/siteverify",
            "an http or https URL",
            "Where tokens are verified; https://www.recaptcha.net/recaptcha/api/siteverify where google.com is"
                    + " blocked."),
    PROTECT_RECAPTCHA_SCRIPT_HOST("protect.recaptcha.script-host", "www.google.com",
            "www.google.com or www.recaptcha.net",
            "Host the reCAPTCHA script is loaded from."),
    PROTECT_RECAPTCHA_HOSTNAMES("protect.recaptcha.hostnames", "",
            "comma-separated host names",
            "Hosts a reCAPTCHA token must have been solved on (siteverify's hostname), never the request's Host header,"
                    + " which the client writes. Empty: referrer.site-hosts; with reCAPTCHA keys one of them is"
                    + " required."),
    PROTECT_RECAPTCHA_ACTION("protect.recaptcha.action", "submit",
            "1 to 64 letters, digits, slashes or underscores",
            "The v3 action the page executes and siteverify must report."),
    PROTECT_RECAPTCHA_MIN_SCORE("protect.recaptcha.min-score", "0.5",
            "decimal 0.0 to 1.0",
            "Lowest v3 score accepted."),
    PROTECT_RECAPTCHA_MAX_AGE("protect.recaptcha.max-age", "2m",
            "duration, 10s to 10m",
            "Oldest challenge_ts accepted; also how long a used token is remembered to refuse its replay."),
    PROTECT_RECAPTCHA_TIMEOUT("protect.recaptcha.timeout", "3s",
            "duration, PT0.1S to 30s (ISO-8601 for fractions)",
            "Connect and response timeout of each siteverify call."),
    PROTECT_RECAPTCHA_ON_ERROR("protect.recaptcha.on-error", "challenge",
            "challenge, reject or allow",
            "When siteverify times out or fails: accept the submission only with a solved challenge, reject it, or"
                    + " let it through.");

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

    /** How much of a param's value a message may show. */
    public enum Sensitivity {
        /** The value itself. */
        PLAIN,
        /** A URL: shown with its password and secret-named parameters masked ({@link Redaction#url}). */
        URL,
        /** Never shown, not even in part: a key or a password. */
        SECRET
    }

    /** How much of this param's value a message may show. */
    public Sensitivity sensitivity() {
        return switch (this) {
            case SECURITY_KEYS, VISITS_STORE_PASSWORD, PROTECT_RECAPTCHA_SECRET -> Sensitivity.SECRET;
            case VISITS_STORE, PROTECT_RECAPTCHA_VERIFY_URL, CONSENT_POLICY_URL -> Sensitivity.URL;
            default -> Sensitivity.PLAIN;
        };
    }

    /**
     * The secret values a value of this param holds, which no message may repeat: the whole value and each of its
     * comma-separated parts for a secret (a key list), the password and secret-named parameters for a URL.
     */
    public List<String> secretsIn(String value) {
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        return switch (sensitivity()) {
            case SECRET -> {
                List<String> parts = new ArrayList<>();
                parts.add(value);
                for (String part : value.split(",")) {
                    parts.add(part.strip());
                }
                yield parts;
            }
            case URL -> Redaction.urlSecrets(value);
            case PLAIN -> List.of();
        };
    }

    /**
     * A value as it may appear in a message or a log line, according to the param's {@link #sensitivity()}: a secret
     * never does (only whether it is set), a URL loses its password and secret-named parameters.
     */
    public String printable(String value) {
        if (value == null) {
            return "";
        }
        return switch (sensitivity()) {
            case SECRET -> value.isEmpty() ? "" : Redaction.MASK;
            case URL -> Redaction.url(value);
            case PLAIN -> value;
        };
    }

    /** The param of that name, if there is one. */
    public static Optional<PrivacyParam> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
