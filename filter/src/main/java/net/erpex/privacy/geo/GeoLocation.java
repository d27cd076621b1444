package net.erpex.privacy.geo;

import java.util.Objects;
import java.util.Optional;

/**
 * Where an address is, as far as the database knows. Strings are empty, never null, when unknown: a Country
 * database knows only the country, and private addresses are nowhere.
 *
 * @param country    ISO 3166-1 alpha-2 code, upper case, or empty
 * @param region     the largest subdivision's name (state, region), or empty
 * @param regionCode the largest subdivision's ISO 3166-2 code without the country part, or empty
 * @param city       the city's name, or empty
 * @param timeZone   IANA time zone, or empty
 */
public record GeoLocation(String country, String region, String regionCode, String city, String timeZone,
        Optional<Coordinates> coordinates) {

    /** Nothing known. */
    public static final GeoLocation UNKNOWN = new GeoLocation("", "", "", "", "", Optional.empty());

    /**
     * An approximate position.
     *
     * @param accuracyRadiusKm the database's radius of uncertainty, 0 when it gives none
     */
    public record Coordinates(double latitude, double longitude, int accuracyRadiusKm) {
    }

    public GeoLocation {
        country = Objects.requireNonNullElse(country, "");
        region = Objects.requireNonNullElse(region, "");
        regionCode = Objects.requireNonNullElse(regionCode, "");
        city = Objects.requireNonNullElse(city, "");
        timeZone = Objects.requireNonNullElse(timeZone, "");
        coordinates = Objects.requireNonNullElse(coordinates, Optional.empty());
    }

    /** Only a country, as a CDN's country header gives it. */
    public static GeoLocation ofCountry(String isoCode) {
        return new GeoLocation(isoCode, "", "", "", "", Optional.empty());
    }

    /**
     * This location as corrected by a country code from a trusted proxy: the database's details are kept only where
     * it agrees on the country, since a city in another country would be a contradiction.
     *
     * @param trustedCountry an ISO code, or empty for none
     */
    public GeoLocation correctedBy(String trustedCountry) {
        if (trustedCountry == null || trustedCountry.isEmpty() || trustedCountry.equals(country)) {
            return this;
        }
        return ofCountry(trustedCountry);
    }

    /** Whether anything at all is known. */
    public boolean isKnown() {
        return !country.isEmpty();
    }
}
