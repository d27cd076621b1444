package net.erpex.privacy;

import jakarta.servlet.ServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import net.erpex.privacy.agent.Browser;
import net.erpex.privacy.consent.ConsentState;
import net.erpex.privacy.consent.ConsentTags;
import net.erpex.privacy.geo.GeoLocation;
import net.erpex.privacy.language.LanguageResult;
import net.erpex.privacy.referrer.ReferrerSummary;

/**
 * What the filter knows about the visitor of the current request: published as the request attribute
 * {@value #ATTRIBUTE} by {@link PrivacyFilter}. The address and the consent are decided before the application
 * runs; the language, geolocation, browser and referrer cost a lookup, so they are computed on first use and kept
 * for the rest of the request (a page's language is decided at the latest when its response is sent, for its
 * {@code Content-Language}; a stylesheet nobody asks the language of costs no negotiation).
 *
 * <p>Meant for the request's own thread (and the threads it hands the request to); the lazy parts are safe to
 * read from several threads, at worst computing the same value twice.
 *
 * <p>The session is lazy too: a request without a session cookie gets a new session only if its response is a page
 * (a stylesheet or an image starts none). {@link #sessionHash()} names the session the response carries: the
 * visitor's, or the new one it will start.
 */
public final class VisitorContext {

    /** The request attribute that holds the context. */
    public static final String ATTRIBUTE = "net.erpex.privacy.VisitorContext";

    /** Where the parts that cost a lookup come from: the filter's state for the request. */
    interface Source {
        LanguageResult language();

        GeoLocation locate();

        Browser browser();

        ReferrerSummary referrer();

        String sessionHash();

        String banner(VisitorContext visitor);

        String protection(VisitorContext visitor, String formPath);
    }

    private final String ip;
    private final boolean secure;
    private static final AtomicReferenceFieldUpdater<VisitorContext, String> NONCE =
            AtomicReferenceFieldUpdater.newUpdater(VisitorContext.class, String.class, "nonce");

    private final ConsentState consent;
    private final Source source;
    /** Made on first use: a stylesheet or an image needs none, a page's CSP and its scripts share one. */
    private volatile String nonce;
    // Computed on first use; a race computes twice and keeps one, which is fine for pure lookups.
    private volatile LanguageResult languageResult;
    private volatile GeoLocation geolocation;
    private volatile Browser browser;
    private volatile ReferrerSummary referrer;
    private volatile ConsentTags tags;

    VisitorContext(String ip, boolean secure, ConsentState consent, Source source) {
        this.ip = Objects.requireNonNull(ip, "ip");
        this.secure = secure;
        this.consent = Objects.requireNonNull(consent, "consent");
        this.source = Objects.requireNonNull(source, "source");
    }

    /** Where the context came from: the filter's state for the request, for its later dispatches. */
    Source source() {
        return source;
    }

    /**
     * The context of a request the filter has seen.
     *
     * @throws IllegalStateException when {@link PrivacyFilter} did not run for this request (not mapped to the
     *                               path, or not to this dispatcher type)
     */
    public static VisitorContext of(ServletRequest request) {
        return find(request).orElseThrow(() -> new IllegalStateException("No " + ATTRIBUTE + " on this request:"
                + " map net.erpex.privacy.PrivacyFilter to it (url-pattern /*) before the servlet runs"));
    }

    /** The context of a request, if the filter has seen it. */
    public static Optional<VisitorContext> find(ServletRequest request) {
        Object value = request.getAttribute(ATTRIBUTE);
        return value instanceof VisitorContext c ? Optional.of(c) : Optional.empty();
    }

    /** The client's IP address: the socket peer, or the nearest untrusted hop behind trusted proxies. */
    public String ip() {
        return ip;
    }

    /** Whether the client reached the site over https (as a trusted proxy reports it, if there is one). */
    public boolean secure() {
        return secure;
    }

    /** The language chosen for the visitor, one of {@code language.supported}. */
    public Locale locale() {
        return languageResult().locale();
    }

    /** The supported languages the visitor accepts, best first; never empty. */
    public List<Locale> locales() {
        return languageResult().locales();
    }

    /** The chosen language as a BCP 47 tag, e.g. {@code fr} or {@code zh-Hant}. */
    public String language() {
        return locale().toLanguageTag();
    }

    /** What decided the language: {@code explicit}, {@code accept-language}, {@code country} or {@code default}. */
    public String languageSource() {
        return languageResult().source().label();
    }

    /** Whether the language has been decided yet: by a question of the application's, or for a page's header. */
    boolean languageDecided() {
        return languageResult != null;
    }

    private LanguageResult languageResult() {
        LanguageResult l = languageResult;
        if (l == null) {
            l = Objects.requireNonNull(source.language());
            languageResult = l;
        }
        return l;
    }

    /** Where the visitor is; {@link GeoLocation#UNKNOWN} when geolocation is off or the address is not found. */
    public GeoLocation geolocation() {
        GeoLocation g = geolocation;
        if (g == null) {
            g = Objects.requireNonNull(source.locate());
            geolocation = g;
        }
        return g;
    }

    /** ISO 3166-1 alpha-2 country code, or empty when unknown. */
    public String country() {
        return geolocation().country();
    }

    /** Region (state, province) name, or empty. */
    public String region() {
        return geolocation().region();
    }

    /** City name, or empty. */
    public String city() {
        return geolocation().city();
    }

    /** IANA time zone, or empty. */
    public String timeZone() {
        return geolocation().timeZone();
    }

    /** Browser, platform and device type, from the User-Agent and the low-entropy client hints. */
    public Browser browser() {
        Browser b = browser;
        if (b == null) {
            b = Objects.requireNonNull(source.browser());
            browser = b;
        }
        return b;
    }

    /** The referring page, reduced to scheme, host and path, and its kind. */
    public ReferrerSummary referrer() {
        ReferrerSummary r = referrer;
        if (r == null) {
            r = Objects.requireNonNull(source.referrer());
            referrer = r;
        }
        return r;
    }

    /**
     * A hash of the session id (never the id itself): the value visit records carry in {@code session}, so a page
     * can show the visitor their own records.
     */
    public String sessionHash() {
        return source.sessionHash();
    }

    /** The visitor's consent as the server enforces it for this request. */
    public ConsentState consent() {
        return consent;
    }

    /**
     * Whether the visitor has granted a consent category ({@code analytics}, {@code recaptcha}, ...). Necessary is
     * always granted; unknown names never are.
     */
    public boolean allows(String category) {
        return consent.allows(category);
    }

    /**
     * The Content-Security-Policy nonce of this response: inline {@code <script nonce="…">} and {@code <style
     * nonce="…">} elements carrying it run; others do not (with {@code consent.csp=enforce}).
     */
    public String nonce() {
        String n = nonce;
        if (n == null) {
            NONCE.compareAndSet(this, null, ConsentEnforcer.nonce());
            n = nonce;
        }
        return n;
    }

    /**
     * An external script of a consent category: the real tag when the visitor granted it, an inert placeholder
     * otherwise. Example: {@code visitor.script("analytics", "https://www.googletagmanager.com/gtag/js?id=G-XXXX")}.
     */
    public String script(String category, String src) {
        return tags().script(category, src);
    }

    /** An inline script of a consent category, with this response's nonce; its code is not sent unless granted. */
    public String inlineScript(String category, String code) {
        return tags().inlineScript(category, code);
    }

    /**
     * The Google Consent Mode v2 snippet for the visitor's consent: {@code gtag('consent', command, …)} with
     * {@code command} {@code default} (place it before any Google tag) or {@code update}.
     */
    public String consentMode(String command) {
        return tags().consentMode(command);
    }

    /**
     * The consent banner for this page, in the visitor's language: open until the visitor decides, afterwards a
     * "Cookie settings" link that reopens it. A plain form that works without JavaScript; the filter serves its
     * script and style. Put it once per page, at the end of {@code <body>}:
     * {@code <%= VisitorContext.of(request).bannerHtml() %>}.
     */
    public String bannerHtml() {
        return source.banner(this);
    }

    /**
     * What a protected form needs, to be put inside the {@code <form>} posted to {@code formPath} (the path within
     * the application, one of {@code protect.paths}): the hidden proof fields, a honeypot field, a {@code <noscript>}
     * notice that the form needs JavaScript, and the scripts with this response's nonce. A visitor who granted
     * {@code recaptcha} on a site with reCAPTCHA keys gets Google's script (through {@link #script}); everybody else
     * gets the filter's own cookieless challenge, and nothing from Google. Empty when {@code formPath} is not
     * protected (or form protection is off).
     */
    public String protectionHtml(String formPath) {
        return source.protection(this, Objects.requireNonNull(formPath, "formPath"));
    }

    @Override
    public String toString() {
        return "VisitorContext[ip=" + ip + ", language=" + language() + "]";
    }

    private ConsentTags tags() {
        ConsentTags t = tags;
        if (t == null) {
            t = new ConsentTags(consent, nonce());
            tags = t;
        }
        return t;
    }
}
