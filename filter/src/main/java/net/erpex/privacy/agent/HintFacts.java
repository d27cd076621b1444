package net.erpex.privacy.agent;

import java.util.Map;
import java.util.Optional;

/**
 * What the client hints state, read leniently: a hint that does not parse is treated as absent.
 *
 * @param brandFamily   the preferred brand mapped to uap-java's family name, {@code ""} if none
 * @param brandMajor    that brand's major version, {@code ""} if none
 * @param platform      the platform mapped to uap-java's OS family name, {@code ""} if none or unknown
 * @param mobile        the {@code Sec-CH-UA-Mobile} flag, empty when absent or malformed
 */
record HintFacts(String brandFamily, String brandMajor, String platform, Optional<Boolean> mobile) {

    static final HintFacts NONE = new HintFacts("", "", "", Optional.empty());

    // Sec-CH-UA-Platform values defined by the UA-CH spec, renamed to uap-java's OS families so that
    // a visit described by hints alone reads the same as one described by its User-Agent.
    private static final Map<String, String> PLATFORMS = Map.of(
            "Windows", "Windows",
            "macOS", "Mac OS X",
            "Linux", "Linux",
            "Android", "Android",
            "iOS", "iOS",
            "Chrome OS", "Chrome OS",
            "Chromium OS", "Chrome OS",
            "Fuchsia", "Fuchsia");

    /** Reads the three hint headers; never throws. */
    static HintFacts of(ClientHints hints) {
        if (hints == null || hints.isEmpty()) {
            return NONE;
        }
        Optional<SecChUaList.Brand> brand = SecChUaList.preferredBrand(hints.secChUa());
        return new HintFacts(
                brand.map(SecChUaList.Brand::family).orElse(""),
                brand.map(SecChUaList.Brand::major).orElse(""),
                platform(hints.secChUaPlatform()),
                mobile(hints.secChUaMobile()));
    }

    private static String platform(String header) {
        Optional<String> value = SecChUaList.singleString(header);
        // Unknown platform names are dropped rather than stored: the header is free text a client controls.
        return value.map(PLATFORMS::get).orElse("");
    }

    private static Optional<Boolean> mobile(String header) {
        return switch (header) {
            case "?1" -> Optional.of(Boolean.TRUE);
            case "?0" -> Optional.of(Boolean.FALSE);
            default -> Optional.empty();
        };
    }
}
