package net.erpex.privacy.config;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The checks every part of the settings builder applies to a value as it is set, with one form of message: the
 * init-param, the value and what it accepts ({@link PrivacyParam#format()}).
 */
final class Checks {

    private static final Pattern COOKIE_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");

    private Checks() {
    }

    static ConfigurationException fail(PrivacyParam param, String problem) {
        return ConfigurationException.of(param, problem + "; expected " + param.format());
    }

    static int range(PrivacyParam param, int value, int min, int max) {
        if (value < min || value > max) {
            throw fail(param, value + " is out of range");
        }
        return value;
    }

    static Duration between(PrivacyParam param, Duration value, Duration min, Duration max) {
        atLeast(param, value, min);
        if (value.compareTo(max) > 0) {
            throw fail(param, Durations.format(value) + " is longer than " + Durations.format(max));
        }
        return value;
    }

    static Duration atLeast(PrivacyParam param, Duration value, Duration min) {
        Objects.requireNonNull(value, param.paramName());
        if (value.compareTo(min) < 0) {
            throw fail(param, Durations.format(value) + " is shorter than " + Durations.format(min));
        }
        return value;
    }

    /** A cookie name token without a prefix, or empty (the default: derived from the context path). */
    static String cookieName(PrivacyParam param, String value) {
        String v = Objects.requireNonNull(value, param.paramName()).trim();
        if (v.isEmpty()) {
            return v;
        }
        if (!COOKIE_NAME.matcher(v).matches()) {
            throw fail(param, "'" + v + "' is not a cookie name token (letters, digits and !#$%&'*+.^_`|~-, at"
                    + " most 64)");
        }
        if (v.regionMatches(true, 0, "__Host-", 0, 7) || v.regionMatches(true, 0, "__Secure-", 0, 9)) {
            throw fail(param, "'" + v + "' must not carry a prefix: the filter adds __Host- itself on https");
        }
        return v;
    }
}
