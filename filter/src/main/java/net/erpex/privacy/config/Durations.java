package net.erpex.privacy.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations of init-params: ISO-8601 ({@code PT30M}, {@code P90D}) or a whole number with one unit
 * ({@code 90d}, {@code 12h}, {@code 10m}, {@code 45s}). Negative durations are rejected: no setting of ours has a
 * meaning for them, and accepting one would turn a typo into "expire at once".
 */
public final class Durations {

    /** What every duration error message says is accepted. */
    public static final String ACCEPTED = "an ISO-8601 duration (PT30M, P90D) or a whole number with a unit d, h, m or s"
            + " (90d, 12h, 10m, 45s)";

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([dhms])");

    private Durations() {
    }

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException naming the value and what is accepted
     */
    public static Duration parse(String text) {
        String value = text == null ? "" : text.trim();
        Matcher m = SHORT.matcher(value.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "d" -> Duration.ofDays(amount);
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
            };
        }
        Duration parsed;
        try {
            parsed = Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: expected " + ACCEPTED);
        }
        if (parsed.isNegative()) {
            throw new IllegalArgumentException("'" + text + "' is negative: expected " + ACCEPTED);
        }
        return parsed;
    }

    /** The short form of a duration, for messages and documentation: {@code 90d}, {@code 30m}, or ISO-8601. */
    public static String format(Duration d) {
        long s = d.getSeconds();
        if (d.getNano() != 0) {
            return d.toString();
        }
        if (s != 0 && s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s != 0 && s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        if (s != 0 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
