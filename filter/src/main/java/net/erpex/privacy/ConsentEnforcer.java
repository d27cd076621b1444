package net.erpex.privacy;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.erpex.privacy.consent.ConsentCategories;
import net.erpex.privacy.consent.ConsentCategory;
import net.erpex.privacy.consent.ConsentManager;
import net.erpex.privacy.consent.ConsentSettings;
import net.erpex.privacy.consent.ConsentState;
import net.erpex.privacy.consent.ContentSecurityPolicy;
import net.erpex.privacy.session.CookieHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servlet side of consent: which cookies the browser must lose, which the application may set, and the
 * Content-Security-Policy of the response. Built once at {@code init()}; thread-safe.
 */
final class ConsentEnforcer {

    private static final Logger LOG = LoggerFactory.getLogger(PrivacyFilter.class);
    private static final String HOST_PREFIX = "__Host-";
    private static final String SECURE_PREFIX = "__Secure-";
    // Cookie names come from the application, not from visitors, but a bound keeps a buggy one from growing this.
    private static final int MAX_WARNED_NAMES = 1000;
    private static final ThreadLocal<Nonces> RANDOM = ThreadLocal.withInitial(Nonces::new);
    /**
     * Bytes of expiry headers one response carries at most. A browser can hold hundreds of a category's cookies
     * ({@code _ga_*} for each property, say): expiring them all at once would overflow the container's response header
     * buffer (8 KiB in Jetty and Tomcat by default) and turn every page into an error. The rest are expired on the
     * following responses, which the browser sends without the ones already gone. Half the usual buffer leaves room
     * for the application's own headers and the CSP.
     */
    static final int MAX_EXPIRY_BYTES = 4096;

    private final ConsentManager manager;
    private final ConsentSettings settings;
    private final ConsentCategories categories;
    private final ContentSecurityPolicy csp;
    private final String cspHeader;
    private final Counters counters;
    private final Set<String> warnedUnclassified = ConcurrentHashMap.newKeySet();

    ConsentEnforcer(ConsentManager manager, Counters counters) {
        this.manager = manager;
        this.settings = manager.settings();
        this.categories = settings.categories();
        this.csp = new ContentSecurityPolicy(settings.cspPolicy(), categories);
        this.cspHeader = switch (settings.csp()) {
            case ENFORCE -> "Content-Security-Policy";
            case REPORT_ONLY -> "Content-Security-Policy-Report-Only";
            case OFF -> null;
        };
        this.counters = counters;
    }

    ConsentManager manager() {
        return manager;
    }

    ConsentSettings settings() {
        return settings;
    }

    /** The consent cookie's name for a request: {@code __Host-} on https, as for the session cookie. */
    String cookieName(boolean secure) {
        return secure ? HOST_PREFIX + settings.cookieName() : settings.cookieName();
    }

    /** A fresh nonce for the response's CSP: 128 bits from a per-thread CSPRNG, so request threads never contend. */
    static String nonce() {
        return RANDOM.get().next();
    }

    /**
     * Adds the CSP headers for the granted categories, unless {@code consent.csp=off}: the cached policy of the
     * granted set and the short one with the nonce ({@link ContentSecurityPolicy}). Added, not set: a policy the
     * application adds beside them applies as well (browsers enforce every policy).
     */
    void applyCsp(HttpServletResponse response, ConsentState state, String nonce) {
        if (cspHeader != null) {
            ContentSecurityPolicy.Policies policies = csp.policies(state.granted());
            if (policies.fixed() != null) {
                response.addHeader(cspHeader, policies.fixed());
            }
            String nonced = policies.withNonce(nonce);
            if (nonced != null) {
                response.addHeader(cspHeader, nonced);
            }
        }
    }

    /** Whether the CSP is sent at all ({@code consent.csp} is not {@code off}). */
    boolean sendsCsp() {
        return cspHeader != null;
    }

    /** The name of the CSP header sent, or null with {@code consent.csp=off}. */
    String cspHeader() {
        return cspHeader;
    }

    /**
     * The cookies the browser sent that belong to a category the visitor has not granted, each name once: the
     * application does not see them, and the response expires them ({@link #expire}).
     */
    List<String> deniedCookies(Cookie[] sent, ConsentState state) {
        if (sent.length == 0 || state.granted().size() == categories.all().size()) {
            return List.of(); // nothing sent, or every category granted: no cookie can be denied
        }
        Set<String> denied = null;
        for (Cookie cookie : sent) {
            String name = cookie.getName();
            Optional<ConsentCategory> category = categories.classify(name);
            if (category.isEmpty() || category.get().necessary() || state.allows(category.get().name())) {
                continue;
            }
            if (denied == null) {
                denied = new LinkedHashSet<>();
            }
            denied.add(name);
        }
        return denied == null ? List.of() : List.copyOf(denied);
    }

    /**
     * Expires cookies in the browser: at {@code Path=/}, host-only and for each {@code consent.cookie-domains} entry.
     * This is what lets a withdrawal remove HttpOnly cookies, which no script can.
     *
     * <p>At most {@value #MAX_EXPIRY_BYTES} bytes of expiry headers go on one response; the cookies beyond are
     * expired on the next responses (counted as {@code cookie-expiry-deferred}).
     *
     * @param count whether to count them: not when the same response is written again after a reset
     */
    void expire(List<String> names, boolean secure, HttpServletResponse response, boolean count) {
        ExpiryBudget budget = new ExpiryBudget(count);
        for (String name : names) {
            budget.expire(name, secure, response);
        }
    }

    /**
     * Expires every cookie the browser sent that belongs to a category the visitor has not granted, at once: for a
     * consent decision, whose answer sets the new consent cookie too.
     *
     * @return the names of every denied cookie, expired now or later: the application does not see them either
     */
    List<String> expireDenied(Cookie[] sent, ConsentState state, boolean secure, HttpServletResponse response) {
        List<String> denied = deniedCookies(sent, state);
        expire(denied, secure, response, true);
        return denied;
    }

    /**
     * After an erasure: expires every non-necessary cookie the browser sent, granted or not, and the consent cookie.
     */
    void expireOnErasure(Cookie[] sent, boolean secure, HttpServletResponse response) {
        ExpiryBudget budget = new ExpiryBudget(true);
        Set<String> done = new LinkedHashSet<>();
        // The consent cookie first: its proof was just erased, so it must go on this response whatever else waits.
        for (Cookie cookie : sent) {
            if (cookie.getName().equals(cookieName(secure)) && done.add(cookie.getName())) {
                budget.expire(cookie.getName(), secure, response);
            }
        }
        for (Cookie cookie : sent) {
            String name = cookie.getName();
            Optional<ConsentCategory> category = categories.classify(name);
            if (category.isPresent() && !category.get().necessary() && done.add(name)) {
                budget.expire(name, secure, response);
            }
        }
    }

    /** The expiry headers of one response, within {@value #MAX_EXPIRY_BYTES} bytes. */
    private final class ExpiryBudget {
        private final boolean count;
        private int left = MAX_EXPIRY_BYTES;

        ExpiryBudget(boolean count) {
            this.count = count;
        }

        void expire(String name, boolean secure, HttpServletResponse response) {
            List<String> headers = expiry(name, secure);
            int bytes = 0;
            for (String header : headers) {
                bytes += "Set-Cookie: ".length() + header.length() + 2;
            }
            if (bytes > left) {
                if (count) {
                    counters.increment(Counters.Event.COOKIE_EXPIRY_DEFERRED);
                }
                LOG.debug("expiry of cookie {} deferred to a later response: this one has enough expiry headers",
                        name);
                return;
            }
            left -= bytes;
            for (String header : headers) {
                response.addHeader("Set-Cookie", header);
            }
            if (count) {
                counters.increment(Counters.Event.COOKIE_EXPIRED);
            }
        }
    }

    private List<String> expiry(String name, boolean secure) {
        boolean hostPrefix = name.startsWith(HOST_PREFIX);
        boolean mustBeSecure = secure || hostPrefix || name.startsWith(SECURE_PREFIX);
        List<String> headers = new ArrayList<>(1 + settings.cookieDomains().size());
        headers.add(CookieHeader.expire(name, mustBeSecure, null));
        if (!hostPrefix) {
            // A __Host- cookie cannot have a Domain; any other may have been set for a parent domain.
            for (String domain : settings.cookieDomains()) {
                headers.add(CookieHeader.expire(name, mustBeSecure, domain));
            }
        }
        return headers;
    }

    /**
     * Whether the application may set cookie {@code name} for a visitor with {@code state}. Deleting a cookie is
     * always allowed; an unclassified cookie follows {@code consent.unclassified-cookies}.
     */
    boolean maySet(String name, boolean deletion, ConsentState state) {
        if (deletion) {
            return true;
        }
        Optional<ConsentCategory> category = categories.classify(name);
        if (category.isPresent()) {
            boolean ok = category.get().necessary() || state.allows(category.get().name());
            if (!ok) {
                counters.increment(Counters.Event.COOKIE_BLOCKED);
                LOG.debug("kept cookie {} of category {} from a visitor who has not granted it", name,
                        category.get().name());
            }
            return ok;
        }
        if (warnedUnclassified.size() < MAX_WARNED_NAMES && warnedUnclassified.add(name)) {
            LOG.warn("The application sets cookie '{}', which no consent category claims: it is {}. Classify it with"
                    + " the init-param consent.cookies, e.g. necessary:{} or analytics:{}", name,
                    settings.blockUnclassified() ? "kept from the browser (consent.unclassified-cookies=block)"
                            : "let through (consent.unclassified-cookies=allow)", name, name);
        }
        if (settings.blockUnclassified()) {
            counters.increment(Counters.Event.COOKIE_BLOCKED);
            return false;
        }
        return true;
    }
}
