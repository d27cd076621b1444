package net.erpex.privacy.language;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses the language of a response from the languages a site supports.
 *
 * <p>Order: the visitor's explicit choice, if it matches a supported language; else the
 * {@code Accept-Language} header; else the first supported language of the visitor's country (see
 * {@link CountryLanguages}); else the site default. Each requested language is matched by
 * {@link LocaleMatcher}'s policy: exact, then RFC 4647 lookup ({@code de-AT} finds {@code de}), then
 * same language ({@code en} finds {@code en-GB}), never across Chinese scripts.
 *
 * <p>{@code Accept-Language} ranges are taken by descending weight, equal weights in header order.
 * A range with {@code q=0} excludes what it covers by RFC 4647 basic filtering ({@code fr;q=0} excludes
 * {@code fr-CA}) unless another range names that locale exactly; the exclusion also holds for
 * {@code *}, the country and the default. {@code *} accepts, at its weight, the default and then every
 * other supported language not excluded and not covered by a range of its own. {@code *;q=0}
 * rejects everything the other ranges did not ask for, so the country step is skipped; the default is
 * still served when nothing else is left, as a response needs a language.
 *
 * <p>Browsers send the same few {@code Accept-Language} values over and over: the outcome for each distinct value
 * (and for each explicit choice and country with it) is kept in a bounded cache, so a returning visitor costs a hash
 * lookup. Values longer than {@value #MAX_CACHED_HEADER} characters, which no browser sends, are negotiated each
 * time and never cached.
 *
 * <p>Request input never makes this class throw. Instances are thread-safe.
 */
public final class LanguageNegotiator {

    /** Longest language tag read from a request (the buffer size RFC 5646 4.4.1 recommends). */
    public static final int MAX_TAG_LENGTH = 35;

    private static final String ACCEPTED_FORMAT = "a comma-separated list of BCP 47 language tags, e.g. en, fr-CA,"
            + " zh-Hant";

    /** Longest {@code Accept-Language} value whose outcome is cached. */
    public static final int MAX_CACHED_HEADER = 256;
    /** Default number of distinct {@code Accept-Language} values whose outcome is kept. */
    public static final int DEFAULT_CACHE_SIZE = 4096;
    // ISO 3166 has fewer than 300 codes; the bound only matters for values no geolocation gives.
    private static final int MAX_COUNTRIES_PER_HEADER = 300;

    private final List<Locale> supported;
    private final Locale defaultLocale;
    private final LocaleMatcher matcher;
    private final Cache<String, Negotiated> byHeader;
    private final Cache<String, Optional<Locale>> choices;

    /**
     * Creates a negotiator.
     *
     * @param supported     the languages the site serves, in the site's order of preference
     * @param defaultLocale the language served when nothing else decides; one of {@code supported}
     * @throws IllegalArgumentException if {@code supported} is empty, holds {@code null}, a locale
     *                                  without language or a duplicate, or lacks {@code defaultLocale}
     */
    public LanguageNegotiator(List<Locale> supported, Locale defaultLocale) {
        this(supported, defaultLocale, DEFAULT_CACHE_SIZE);
    }

    /**
     * Creates a negotiator that keeps the outcome of up to {@code cacheSize} distinct {@code Accept-Language} values
     * (and as many explicit choices).
     *
     * @see #LanguageNegotiator(List, Locale)
     */
    public LanguageNegotiator(List<Locale> supported, Locale defaultLocale, int cacheSize) {
        if (supported == null || supported.isEmpty()) {
            throw new IllegalArgumentException("the supported languages are empty; expected " + ACCEPTED_FORMAT);
        }
        Set<Locale> seen = new HashSet<>();
        for (Locale locale : supported) {
            if (locale == null || locale.getLanguage().isEmpty()) {
                throw new IllegalArgumentException("the supported languages " + supported + " contain "
                        + (locale == null ? "null" : "'" + locale.toLanguageTag() + "'")
                        + ", which names no language; expected " + ACCEPTED_FORMAT);
            }
            if (!seen.add(locale)) {
                throw new IllegalArgumentException("the supported languages " + tags(supported) + " list '"
                        + locale.toLanguageTag() + "' twice");
            }
        }
        if (defaultLocale == null || !seen.contains(defaultLocale)) {
            throw new IllegalArgumentException("the default language '"
                    + (defaultLocale == null ? null : defaultLocale.toLanguageTag())
                    + "' is not one of the supported languages " + tags(supported));
        }
        this.supported = List.copyOf(supported);
        this.defaultLocale = defaultLocale;
        this.matcher = new LocaleMatcher(this.supported);
        // Maintenance on the calling thread: a cache must not wake a pool thread from every request.
        this.byHeader = Caffeine.newBuilder().executor(Runnable::run).maximumSize(cacheSize).build();
        this.choices = Caffeine.newBuilder().executor(Runnable::run).maximumSize(cacheSize).build();
    }

    /**
     * Parses a configured list of supported languages strictly: each entry must be a well-formed BCP 47
     * tag in the form {@link Locale#forLanguageTag} reads back unchanged (case aside), with a two- or
     * three-letter language; no entry may repeat.
     *
     * @param commaList the list, e.g. {@code en, fr-CA, zh-Hant}
     * @return the locales in list order
     * @throws IllegalArgumentException naming the bad entry and the accepted format
     */
    public static List<Locale> parseSupported(String commaList) {
        if (commaList == null || commaList.isBlank()) {
            throw new IllegalArgumentException("no languages given; expected " + ACCEPTED_FORMAT);
        }
        List<Locale> locales = new ArrayList<>();
        for (String entry : commaList.split(",", -1)) {
            String tag = entry.strip();
            Locale locale = parseTag(commaList, tag);
            if (locales.contains(locale)) {
                throw new IllegalArgumentException("'" + tag + "' is listed more than once in '" + commaList
                        + "'; expected " + ACCEPTED_FORMAT);
            }
            locales.add(locale);
        }
        return List.copyOf(locales);
    }

    /** Returns the supported languages, in the site's order. */
    public List<Locale> supported() {
        return supported;
    }

    /** Returns the default language. */
    public Locale defaultLocale() {
        return defaultLocale;
    }

    /**
     * Maps a language tag a visitor chose ({@code ?lang=}, a cookie) to a supported language.
     *
     * @param tag the tag; anything longer than {@value #MAX_TAG_LENGTH} characters or containing
     *            characters other than ASCII letters, digits and {@code -} is ignored
     * @return the best supported match, or empty
     */
    public Optional<Locale> match(String tag) {
        if (tag == null) {
            return Optional.empty();
        }
        if (tag.length() > MAX_TAG_LENGTH + 8) {
            return Optional.empty(); // longer than any tag, even with the spaces strip() would remove
        }
        Optional<Locale> known = choices.getIfPresent(tag);
        if (known == null) {
            known = matchUncached(tag);
            choices.put(tag, known);
        }
        return known;
    }

    private Optional<Locale> matchUncached(String tag) {
        String text = tag.strip();
        if (!isTagSyntax(text)) {
            return Optional.empty();
        }
        Locale locale = Locale.forLanguageTag(text);
        if (locale.getLanguage().isEmpty()) {
            return Optional.empty();
        }
        return matcher.matches(locale).stream().findFirst();
    }

    /**
     * Chooses the language for one request.
     *
     * @param explicitChoice the visitor's own choice, may be {@code null}
     * @param acceptLanguage the {@code Accept-Language} header, may be {@code null}
     * @param countryIso     the visitor's ISO 3166-1 country code, may be {@code null} or empty
     * @return the decision; never {@code null}
     */
    public LanguageResult negotiate(String explicitChoice, String acceptLanguage, String countryIso) {
        String header = acceptLanguage == null ? "" : acceptLanguage;
        if (header.length() > MAX_CACHED_HEADER) {
            return negotiateUncached(explicitChoice, acceptLanguage, countryIso);
        }
        Negotiated n = byHeader.getIfPresent(header);
        if (n == null) {
            List<AcceptLanguage.Range> ranges = AcceptLanguage.parse(acceptLanguage);
            List<Locale> accepted = accepted(ranges);
            n = new Negotiated(ranges, accepted, accepted.isEmpty() ? null
                    : new LanguageResult(accepted.get(0), accepted, LanguageResult.Source.ACCEPT_LANGUAGE));
            byHeader.put(header, n);
        }
        Optional<Locale> explicit = match(explicitChoice);
        if (explicit.isPresent()) {
            List<Locale> accepted = n.acceptedLocales();
            return n.byChoice().computeIfAbsent(explicit.get(), l -> explicit(l, accepted));
        }
        if (n.accepted() != null) {
            return n.accepted();
        }
        String country = countryIso == null ? "" : countryIso;
        LanguageResult byCountry = n.byCountry().get(country);
        if (byCountry == null) {
            byCountry = fallback(n.ranges(), country);
            if (country.length() <= 3 && n.byCountry().size() < MAX_COUNTRIES_PER_HEADER) {
                n.byCountry().put(country, byCountry);
            }
        }
        return byCountry;
    }

    /**
     * The outcome for one {@code Accept-Language} value. {@code byChoice} is bounded by the supported languages, and
     * {@code byCountry} by {@link #MAX_COUNTRIES_PER_HEADER}.
     */
    private record Negotiated(List<AcceptLanguage.Range> ranges, List<Locale> acceptedLocales,
                              LanguageResult accepted, Map<Locale, LanguageResult> byChoice,
                              Map<String, LanguageResult> byCountry) {
        Negotiated(List<AcceptLanguage.Range> ranges, List<Locale> accepted, LanguageResult result) {
            this(ranges, accepted, result, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        }
    }

    private static LanguageResult explicit(Locale explicit, List<Locale> accepted) {
        List<Locale> locales = new ArrayList<>(List.of(explicit));
        for (Locale l : accepted) {
            if (!l.equals(explicit)) {
                locales.add(l);
            }
        }
        return new LanguageResult(explicit, locales, LanguageResult.Source.EXPLICIT);
    }

    private LanguageResult negotiateUncached(String explicitChoice, String acceptLanguage, String countryIso) {
        List<AcceptLanguage.Range> ranges = AcceptLanguage.parse(acceptLanguage);
        List<Locale> accepted = accepted(ranges);
        Optional<Locale> explicit = match(explicitChoice);
        if (explicit.isPresent()) {
            return explicit(explicit.get(), accepted);
        }
        if (!accepted.isEmpty()) {
            return new LanguageResult(accepted.get(0), accepted, LanguageResult.Source.ACCEPT_LANGUAGE);
        }
        return fallback(ranges, countryIso);
    }

    /** When no accepted language decided: the country's languages, else the default (or the first not refused). */
    private LanguageResult fallback(List<AcceptLanguage.Range> ranges, String countryIso) {
        boolean refuseOthers = ranges.stream().anyMatch(r -> r.wildcard() && r.quality() == 0);
        if (!refuseOthers) {
            List<Locale> national = new ArrayList<>();
            for (Locale language : CountryLanguages.languagesOf(countryIso)) {
                matcher.matches(language).stream()
                        .filter(l -> !national.contains(l) && !isExcluded(l, ranges))
                        .forEach(national::add);
            }
            if (!national.isEmpty()) {
                return new LanguageResult(national.get(0), national, LanguageResult.Source.COUNTRY);
            }
        }
        Locale fallback = defaultLocale;
        if (isExcluded(defaultLocale, ranges)) {
            fallback = supported.stream().filter(l -> !isExcluded(l, ranges)).findFirst().orElse(defaultLocale);
        }
        return new LanguageResult(fallback, List.of(fallback), LanguageResult.Source.DEFAULT);
    }

    /** The supported locales the ranges accept, best first. */
    private List<Locale> accepted(List<AcceptLanguage.Range> ranges) {
        List<AcceptLanguage.Range> wanted = ranges.stream().filter(r -> r.quality() > 0)
                .sorted(Comparator.comparingInt(AcceptLanguage.Range::quality).reversed()).toList();
        List<Locale> accepted = new ArrayList<>();
        for (AcceptLanguage.Range range : wanted) {
            List<Locale> candidates = range.wildcard() ? wildcard(ranges) : matcher.matches(range.locale());
            for (Locale candidate : candidates) {
                if (!accepted.contains(candidate) && !isExcluded(candidate, ranges)) {
                    accepted.add(candidate);
                }
            }
        }
        return accepted;
    }

    /** What {@code *} stands for: the default first, then the others, minus those with a range of their own. */
    private List<Locale> wildcard(List<AcceptLanguage.Range> ranges) {
        List<Locale> any = new ArrayList<>();
        any.add(defaultLocale);
        supported.stream().filter(l -> !l.equals(defaultLocale)).forEach(any::add);
        any.removeIf(l -> ranges.stream().anyMatch(r -> !r.wildcard() && LocaleMatcher.covers(r.locale(), l)));
        return any;
    }

    /** Whether a {@code q=0} language range refuses {@code candidate} and no range asks for it by name. */
    private static boolean isExcluded(Locale candidate, List<AcceptLanguage.Range> ranges) {
        boolean refused = false;
        for (AcceptLanguage.Range range : ranges) {
            if (range.wildcard()) {
                continue;
            }
            if (range.quality() > 0 && LocaleMatcher.isExact(range.locale(), candidate)) {
                return false;
            }
            refused |= range.quality() == 0 && LocaleMatcher.covers(range.locale(), candidate);
        }
        return refused;
    }

    /** Whether text looks like a language tag: 1-8 letters, then {@code -} and 1-8 letters or digits, repeated. */
    static boolean isTagSyntax(String text) {
        if (text.isEmpty() || text.length() > MAX_TAG_LENGTH) {
            return false;
        }
        int subtagLength = 0;
        boolean first = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '-') {
                if (subtagLength == 0) {
                    return false;
                }
                first = false;
                subtagLength = 0;
            } else if (isAsciiLetter(c) || (!first && c >= '0' && c <= '9')) {
                if (++subtagLength > 8) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return subtagLength > 0;
    }

    private static Locale parseTag(String commaList, String tag) {
        String problem;
        if (tag.isEmpty()) {
            problem = "an empty entry";
        } else if (tag.indexOf('_') >= 0) {
            problem = "'" + tag + "' uses '_'; BCP 47 separates subtags with '-', e.g. "
                    + tag.replace('_', '-');
        } else if (!isTagSyntax(tag)) {
            problem = "'" + tag + "' is not a language tag (letters, digits and '-', subtags of 1 to 8"
                    + " characters, at most " + MAX_TAG_LENGTH + " in all)";
        } else {
            Locale locale = Locale.forLanguageTag(tag);
            String language = locale.getLanguage();
            if (language.length() >= 2 && language.length() <= 3 && locale.toLanguageTag().equalsIgnoreCase(tag)) {
                return locale;
            }
            problem = "'" + tag + "' is not a well-formed BCP 47 language tag (Java reads it as '"
                    + locale.toLanguageTag() + "')";
        }
        throw new IllegalArgumentException("the language list '" + commaList + "' contains " + problem
                + "; expected " + ACCEPTED_FORMAT);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static List<String> tags(List<Locale> locales) {
        return locales.stream().map(l -> l == null ? "null" : l.toLanguageTag()).toList();
    }

    @Override
    public String toString() {
        return "LanguageNegotiator" + tags(supported) + " default " + defaultLocale.toLanguageTag();
    }
}
