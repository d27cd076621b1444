package net.erpex.privacy.geo;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a country code set by a CDN or proxy ({@code CF-IPCountry}, {@code CloudFront-Viewer-Country},
 * {@code X-Country-Code}). Only the caller knows whether the peer is trusted; this class only reads the value.
 */
public final class CountryHeader {

    // Codes CDNs use for "we don't know" or "not a country": XX and ZZ unknown, T1 Tor, A1/A2/O1 anonymous proxy,
    // satellite and other (legacy MaxMind), EU and AP continent-level fallbacks.
    private static final Set<String> PSEUDO_CODES = Set.of("XX", "ZZ", "T1", "A1", "A2", "O1", "EU", "AP");

    private CountryHeader() {
    }

    /** The ISO 3166-1 alpha-2 code in {@code value}, upper case; empty for pseudo-codes and anything malformed. */
    public static Optional<String> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim();
        if (v.length() != 2 || !isAsciiLetter(v.charAt(0)) || !isAsciiLetter(v.charAt(1))) {
            return Optional.empty();
        }
        String code = v.toUpperCase(Locale.ROOT);
        return PSEUDO_CODES.contains(code) ? Optional.empty() : Optional.of(code);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
