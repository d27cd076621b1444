package net.erpex.privacy.consent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The site's consent categories in display order, and which one a cookie belongs to. Immutable and thread-safe.
 *
 * <p>The built-in set covers what the ERPEX policy names: analytics, the Google reCAPTCHA cookies of form
 * protection, preferences and the opt-in recording of a session. A site adds its own categories, cookies and sources
 * through {@link #builder()}; a cookie belongs to the first category (necessary first) with a matching pattern.
 */
public final class ConsentCategories {

    /** Strictly necessary: always granted. */
    public static final String NECESSARY = "necessary";
    /** Choices that only change how the site looks or behaves (beyond the language the visitor picked). */
    public static final String PREFERENCES = "preferences";
    /** Visit statistics by a third-party analytics tool. */
    public static final String ANALYTICS = "analytics";
    /** Google reCAPTCHA on protected forms, shown to visitors as form protection. */
    public static final String RECAPTCHA = "recaptcha";
    /** Recording of a free-trial session, opt-in in every regime. */
    public static final String SESSION_RECORDING = "session-recording";

    /** Most categories a site may have: each is a bit in the CSP cache key. */
    public static final int MAX_CATEGORIES = 32;

    private final List<ConsentCategory> all;
    private final Map<String, ConsentCategory> byName;
    private final List<String> names;

    private ConsentCategories(List<ConsentCategory> all) {
        this.all = List.copyOf(all);
        this.names = this.all.stream().map(ConsentCategory::name).toList();
        Map<String, ConsentCategory> map = new LinkedHashMap<>();
        for (ConsentCategory c : all) {
            map.put(c.name(), c);
        }
        this.byName = map;
    }

    /** A builder holding the built-in categories. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every category in display order, {@code necessary} first. */
    public List<ConsentCategory> all() {
        return all;
    }

    /** Names in display order. */
    public List<String> names() {
        return names;
    }

    public Optional<ConsentCategory> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The position of a category: its bit in a granted-set mask. */
    public int index(String name) {
        return names().indexOf(name);
    }

    /** The category a cookie belongs to, or empty for a cookie nobody classified. */
    public Optional<ConsentCategory> classify(String cookieName) {
        for (ConsentCategory c : all) {
            if (c.owns(cookieName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * The same categories with more cookie names for {@code category}: how the filter adds its own cookies (and the
     * container's session cookie) to {@code necessary} at start.
     */
    public ConsentCategories withCookies(String category, List<String> names) {
        List<ConsentCategory> out = new ArrayList<>();
        for (ConsentCategory c : all) {
            if (c.name().equals(category)) {
                List<CookiePattern> cookies = new ArrayList<>(c.cookies());
                for (String n : names) {
                    CookiePattern p = CookiePattern.parse(n);
                    if (!cookies.contains(p)) {
                        cookies.add(p);
                    }
                }
                out.add(new ConsentCategory(c.name(), c.necessary(), c.saleOrSharing(), c.optInOnly(), cookies,
                        c.sources()));
            } else {
                out.add(c);
            }
        }
        return new ConsentCategories(out);
    }

    /** Names of the necessary categories. */
    public Set<String> necessary() {
        Set<String> out = new LinkedHashSet<>();
        for (ConsentCategory c : all) {
            if (c.necessary()) {
                out.add(c.name());
            }
        }
        return out;
    }

    /** Collects categories; rejects unknown references and duplicates with an {@link IllegalArgumentException}. */
    public static final class Builder {
        private final Map<String, Draft> drafts = new LinkedHashMap<>();

        private Builder() {
            add(NECESSARY).necessary = true;
            add(PREFERENCES);
            Draft analytics = add(ANALYTICS);
            cookies(analytics, "_ga", "_ga_*", "_gid", "_gat", "_gat_*", "__utm*", "_pk_*");
            // Each host only where the tool uses it (Google's and the vendors' published CSP lists): a host that
            // only receives data cannot also serve a script or a frame.
            sources(analytics, "script-src https://www.googletagmanager.com",
                    "connect-src https://*.google-analytics.com", "connect-src https://*.analytics.google.com",
                    "connect-src https://www.googletagmanager.com", "img-src https://*.google-analytics.com",
                    "img-src https://www.googletagmanager.com");
            Draft recaptcha = add(RECAPTCHA);
            cookies(recaptcha, "_GRECAPTCHA");
            sources(recaptcha, "script-src https://www.google.com/recaptcha/",
                    "script-src https://www.gstatic.com/recaptcha/", "script-src https://www.recaptcha.net/recaptcha/",
                    "frame-src https://www.google.com/recaptcha/", "frame-src https://recaptcha.google.com/recaptcha/",
                    "frame-src https://www.recaptcha.net/recaptcha/");
            Draft recording = add(SESSION_RECORDING);
            recording.optInOnly = true;
            cookies(recording, "_hj*", "_clck", "_clsk");
            sources(recording, "script-src https://*.hotjar.com", "connect-src https://*.hotjar.com",
                    "connect-src https://*.hotjar.io", "connect-src wss://*.hotjar.com", "img-src https://*.hotjar.com",
                    "frame-src https://*.hotjar.com", "script-src https://*.clarity.ms",
                    "connect-src https://*.clarity.ms", "img-src https://*.clarity.ms");
        }

        /** Adds a category of the site's own, shown after the built-in ones. */
        public Builder category(String name) {
            if (drafts.containsKey(name)) {
                throw new IllegalArgumentException("category '" + name + "' is already defined");
            }
            new ConsentCategory(name, false, false, false, List.of(), List.of()); // validates the name
            add(name);
            if (drafts.size() > MAX_CATEGORIES) {
                throw new IllegalArgumentException("at most " + MAX_CATEGORIES + " categories are supported");
            }
            return this;
        }

        /** Adds a cookie name or prefix pattern to a category. */
        public Builder cookie(String category, String pattern) {
            cookies(existing(category), pattern);
            return this;
        }

        /**
         * Adds a CSP source the category's scripts need: {@code https://cdn.example.com/widget/} for every directive a
         * category's sources go into, or {@code connect-src https://collect.example.com} for that directive only.
         */
        public Builder source(String category, String source) {
            Draft d = existing(category);
            if (d.necessary) {
                throw new IllegalArgumentException("necessary needs no third-party source: put first-party sources in"
                        + " the base policy");
            }
            sources(d, CspSource.check(source));
            return this;
        }

        /** Marks a category as sale or sharing of personal data: {@code Sec-GPC: 1} denies it. */
        public Builder saleOrSharing(String category) {
            Draft d = existing(category);
            if (d.necessary) {
                throw new IllegalArgumentException("necessary cannot be sale or sharing: it is always granted");
            }
            d.saleOrSharing = true;
            return this;
        }

        public boolean has(String category) {
            return drafts.containsKey(category);
        }

        public ConsentCategories build() {
            List<ConsentCategory> out = new ArrayList<>();
            for (Map.Entry<String, Draft> e : drafts.entrySet()) {
                Draft d = e.getValue();
                out.add(new ConsentCategory(e.getKey(), d.necessary, d.saleOrSharing, d.optInOnly,
                        List.copyOf(d.cookies), List.copyOf(d.sources)));
            }
            return new ConsentCategories(out);
        }

        private Draft add(String name) {
            Draft d = new Draft();
            drafts.put(name, d);
            return d;
        }

        private Draft existing(String category) {
            Draft d = drafts.get(category);
            if (d == null) {
                throw new IllegalArgumentException("unknown category '" + category + "': expected one of "
                        + drafts.keySet() + " or a name added to consent.categories");
            }
            return d;
        }

        private static void cookies(Draft d, String... patterns) {
            for (String p : patterns) {
                d.cookies.add(CookiePattern.parse(p));
            }
        }

        private static void sources(Draft d, String... sources) {
            d.sources.addAll(List.of(sources));
        }

        private static final class Draft {
            boolean necessary;
            boolean saleOrSharing;
            boolean optInOnly;
            final Set<CookiePattern> cookies = new LinkedHashSet<>();
            final Set<String> sources = new LinkedHashSet<>();
        }
    }
}
