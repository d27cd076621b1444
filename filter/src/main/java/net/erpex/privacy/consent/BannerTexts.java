package net.erpex.privacy.consent;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The consent banner's texts in the visitor's language, and a hash of them that consent records keep as proof of what
 * the visitor was shown.
 *
 * <p>Texts come from two families of UTF-8 {@code .properties} files, looked up with the class loaders' usual
 * resource rules:
 * <ul>
 * <li>the site's own {@code privacy-banner.properties}, {@code privacy-banner_fr.properties}, ... at the root of the
 * site's classpath ({@code WEB-INF/classes}): optional, and any key in them wins over ours;</li>
 * <li>the built-in {@code net/erpex/privacy/consent/banner*.properties}, in the languages of {@link #LANGUAGES}.</li>
 * </ul>
 * A key is looked up from the most specific language to the least: {@code fr-CA}, then {@code fr}, then the root file,
 * which is English; at each step the site's file comes before ours. So a site that rewords a French text in
 * {@code privacy-banner_fr.properties} changes only French, and a label in {@code privacy-banner.properties} (say of
 * the site's own {@code marketing} category) applies to every language that has no label of its own. The JVM's default
 * locale is never consulted: a server started in German does not show German to an English visitor.
 *
 * <p>The keys are those of the built-in English file, plus for every category {@code category.<name>.label} (the
 * name itself when no file has one), {@code category.<name>.summary} (the first layer's one-line description;
 * optional) and {@code category.<name>.description} (the second layer's; optional).
 *
 * <p>{@link #textHash} hashes exactly what a visitor is shown in a language: those texts for the configured
 * categories, and the privacy policy's address. It is computed once per language and cached. Instances are immutable
 * and thread-safe; build one at {@code init()} with {@link #builder}.
 */
public final class BannerTexts {

    /** The languages the banner speaks out of the box; English is also the fallback. */
    public static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.FRENCH, Locale.GERMAN,
            Locale.forLanguageTag("es"), Locale.forLanguageTag("nl"), Locale.ITALIAN, Locale.forLanguageTag("pt"),
            Locale.JAPANESE);

    /** Resource name, without suffix, of the built-in bundles. */
    static final String BUILT_IN = "net/erpex/privacy/consent/banner";

    /** Resource name, without suffix, of a site's bundles, at the root of its classpath. */
    public static final String SITE_BUNDLE = "privacy-banner";

    /** Languages cached beyond the configured ones; a view's locale is one of the site's, so this is only a guard. */
    private static final int EXTRA_CACHE_LIMIT = 32;

    private static final ResourceBundle.Control CANDIDATES = ResourceBundle.Control.getNoFallbackControl(
            ResourceBundle.Control.FORMAT_PROPERTIES);

    private final ClassLoader site;
    private final ClassLoader builtIn;
    private final List<ConsentCategory> categories;
    private final String policyUrl;
    private final List<String> commonKeys;
    private final ConcurrentMap<Locale, Shown> cache = new ConcurrentHashMap<>();
    private final int cacheLimit;

    private BannerTexts(Builder builder) {
        this.site = builder.site;
        this.builtIn = BannerTexts.class.getClassLoader();
        this.categories = builder.categories;
        this.policyUrl = builder.policyUrl;
        this.commonKeys = BannerBundle.read(builtIn, BUILT_IN + ".properties")
                .orElseThrow(() -> new IllegalStateException(BUILT_IN + ".properties is missing from the classpath"))
                .keySet().stream().filter(k -> !k.startsWith("category.")).sorted().toList();
        this.cacheLimit = builder.languages.size() + EXTRA_CACHE_LIMIT;
        // Resolving every language now makes a malformed site bundle fail init(), not a request.
        for (Locale language : builder.languages) {
            cache.put(language, resolve(language));
        }
    }

    /**
     * Starts a builder.
     *
     * @param categories the configured categories, in display order: their labels and descriptions are part of what
     *                   the visitor is shown
     */
    public static Builder builder(List<ConsentCategory> categories) {
        return new Builder(categories);
    }

    /** The language the texts for {@code visitor} are written in: its own, its base language, or English. */
    public Locale language(Locale visitor) {
        return shown(visitor).language();
    }

    /**
     * One text in the visitor's language.
     *
     * @throws IllegalArgumentException if {@code key} is neither a built-in key nor one of a configured category
     */
    public String text(Locale visitor, String key) {
        String text = shown(visitor).texts().get(key);
        if (text == null) {
            throw new IllegalArgumentException("'" + key + "' is not a banner text key; known keys: "
                    + shown(visitor).texts().keySet());
        }
        return text;
    }

    /** The label of a category in the visitor's language; its name when no bundle labels it. */
    public String label(Locale visitor, String category) {
        return shown(visitor).texts().getOrDefault("category." + category + ".label", category);
    }

    /** The address the privacy policy link points to, or {@code ""} when there is no link. */
    public String policyUrl() {
        return policyUrl;
    }

    /**
     * A stable hash of exactly the texts a visitor is shown in {@code visitor}'s language: SHA-256 of the sorted keys
     * and values, base64url, first 22 characters (132 bits). Two languages that show the same texts (one falling back
     * to English, say) have the same hash; any changed text, label or policy address changes it.
     */
    public String textHash(Locale visitor) {
        return shown(visitor).hash();
    }

    /** The resolved texts of a language, cached. */
    Shown shown(Locale visitor) {
        Objects.requireNonNull(visitor, "visitor");
        Shown shown = cache.get(visitor);
        if (shown == null) {
            shown = resolve(visitor);
            if (cache.size() < cacheLimit) {
                cache.putIfAbsent(visitor, shown);
            }
        }
        return shown;
    }

    private Shown resolve(Locale visitor) {
        List<Map<String, String>> chain = new ArrayList<>();
        Locale language = null;
        for (Locale candidate : CANDIDATES.getCandidateLocales("", visitor)) {
            Optional<Map<String, String>> own = BannerBundle.read(site,
                    CANDIDATES.toBundleName(SITE_BUNDLE, candidate) + ".properties");
            Optional<Map<String, String>> ours = BannerBundle.read(builtIn,
                    CANDIDATES.toBundleName(BUILT_IN, candidate) + ".properties");
            own.ifPresent(chain::add);
            ours.ifPresent(chain::add);
            if (language == null && (own.isPresent() || ours.isPresent())) {
                language = candidate.equals(Locale.ROOT) ? Locale.ENGLISH : candidate;
            }
        }
        Map<String, String> texts = new TreeMap<>();
        // The built-in root bundle is always in the chain: every common key resolves, and language is set.
        for (String key : commonKeys) {
            texts.put(key, first(chain, key).orElseThrow());
        }
        for (ConsentCategory category : categories) {
            String prefix = "category." + category.name() + ".";
            texts.put(prefix + "label", first(chain, prefix + "label").orElse(category.name()));
            first(chain, prefix + "summary").ifPresent(t -> texts.put(prefix + "summary", t));
            first(chain, prefix + "description").ifPresent(t -> texts.put(prefix + "description", t));
        }
        Map<String, String> frozen = Collections.unmodifiableMap(texts);
        return new Shown(language, frozen, hash(frozen, policyUrl));
    }

    private static Optional<String> first(List<Map<String, String>> chain, String key) {
        for (Map<String, String> bundle : chain) {
            String value = bundle.get(key);
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private static String hash(Map<String, String> sortedTexts, String policyUrl) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        // Length-prefixed fields: no choice of texts can make two different sets hash the same input.
        sortedTexts.forEach((key, value) -> {
            field(sha256, key);
            field(sha256, value);
        });
        field(sha256, "policy-url");
        field(sha256, policyUrl);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest()).substring(0, 22);
    }

    private static void field(MessageDigest digest, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }

    /** What one language shows: the language the texts are in, every shown text by key, and their hash. */
    record Shown(Locale language, Map<String, String> texts, String hash) {

        String text(String key) {
            return Objects.requireNonNull(texts.get(key), key);
        }

        Optional<String> optional(String key) {
            return Optional.ofNullable(texts.get(key));
        }

        String label(ConsentCategory category) {
            return texts.getOrDefault("category." + category.name() + ".label", category.name());
        }
    }

    /** Builds {@link BannerTexts}; every setting is checked when it is set. */
    public static final class Builder {

        private final List<ConsentCategory> categories;
        private ClassLoader site;
        private List<Locale> languages = LANGUAGES;
        private String policyUrl = "";

        private Builder(List<ConsentCategory> categories) {
            this.categories = List.copyOf(Objects.requireNonNull(categories, "categories"));
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            this.site = context != null ? context : BannerTexts.class.getClassLoader();
        }

        /**
         * Where the site's {@code privacy-banner*.properties} are looked up. If not specified, the thread's context
         * class loader when {@link #builder} was called is used: in a servlet container's {@code init()}, the web
         * application's.
         */
        public Builder siteClassLoader(ClassLoader loader) {
            this.site = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /**
         * The site's languages, resolved at {@link #build()} so that a malformed bundle fails at startup. If not
         * specified, {@link #LANGUAGES} is used. Other languages are resolved on first use.
         */
        public Builder languages(List<Locale> languages) {
            this.languages = List.copyOf(Objects.requireNonNull(languages, "languages"));
            return this;
        }

        /**
         * The address of the site's privacy policy, linked from the banner: a path starting with a single {@code /}
         * or an {@code https://} (or {@code http://}) URL. If not specified, no link is shown.
         *
         * @throws IllegalArgumentException for any other form (a {@code javascript:} URL, a protocol-relative
         *                                  {@code //host} path, whitespace)
         */
        public Builder policyUrl(String url) {
            Objects.requireNonNull(url, "url");
            boolean path = url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\");
            boolean web = url.startsWith("https://") || url.startsWith("http://");
            if (!url.isEmpty() && (!(path || web) || url.chars().anyMatch(c -> c <= ' ' || c == 0x7f))) {
                throw new IllegalArgumentException("the privacy policy address '" + url + "' is not accepted;"
                        + " expected a path such as /privacy-policy or an https:// URL, without spaces");
            }
            this.policyUrl = url;
            return this;
        }

        /**
         * @throws IllegalArgumentException if a site bundle of one of the languages is malformed
         */
        public BannerTexts build() {
            return new BannerTexts(this);
        }
    }
}
