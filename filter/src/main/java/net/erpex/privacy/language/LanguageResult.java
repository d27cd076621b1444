package net.erpex.privacy.language;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The outcome of {@link LanguageNegotiator#negotiate}.
 *
 * @param locale  the language to serve, always one of the supported locales
 * @param locales the acceptable supported locales in preference order, {@code locale} first; never
 *                empty (what {@code ServletRequest.getLocales()} should return)
 * @param source  which input decided {@code locale}
 */
public record LanguageResult(Locale locale, List<Locale> locales, Source source) {

    /** Which input decided the language, in the order they are consulted. */
    public enum Source {
        /** The visitor's own choice ({@code ?lang=} or the language cookie). */
        EXPLICIT,
        /** The browser's {@code Accept-Language} header. */
        ACCEPT_LANGUAGE,
        /** The languages of the visitor's country. */
        COUNTRY,
        /** The site's default language. */
        DEFAULT;

        private final String label = name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');

        /** {@code explicit}, {@code accept-language}, {@code country} or {@code default}. */
        public String label() {
            return label;
        }
    }

    /**
     * Normalises {@code null} or empty {@code locales} to {@code [locale]}.
     *
     * @throws IllegalArgumentException if {@code locales} does not start with {@code locale}
     */
    public LanguageResult {
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(source, "source");
        locales = locales == null || locales.isEmpty() ? List.of(locale) : List.copyOf(locales);
        if (!locales.get(0).equals(locale)) {
            throw new IllegalArgumentException("locales " + locales + " must start with locale " + locale);
        }
    }
}
