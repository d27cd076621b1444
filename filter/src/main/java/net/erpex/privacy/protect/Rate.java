package net.erpex.privacy.protect;

import java.time.Duration;
import java.util.Objects;
import net.erpex.privacy.config.Durations;

/**
 * A budget of {@code permits} per {@code period}, written {@code 10/1m}: a client may spend all of it at once, and
 * it comes back evenly over the period.
 */
public record Rate(int permits, Duration period) {

    public Rate {
        Objects.requireNonNull(period, "period");
        if (permits < 1 || permits > 100_000) {
            throw new IllegalArgumentException("the count " + permits + " is out of range 1 to 100000");
        }
        if (period.compareTo(Duration.ofSeconds(1)) < 0 || period.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("the duration " + Durations.format(period) + " is out of range 1s to 1d");
        }
    }

    /**
     * Parses {@code count/duration}.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static Rate parse(String text) {
        String v = text == null ? "" : text.trim();
        int slash = v.indexOf('/');
        if (slash <= 0 || slash == v.length() - 1) {
            throw new IllegalArgumentException("'" + v + "' is not count/duration, e.g. 10/1m");
        }
        int count;
        try {
            count = Integer.parseInt(v.substring(0, slash).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v + "' does not start with a whole number, e.g. 10/1m");
        }
        return new Rate(count, Durations.parse(v.substring(slash + 1)));
    }

    @Override
    public String toString() {
        return permits + "/" + Durations.format(period);
    }
}
