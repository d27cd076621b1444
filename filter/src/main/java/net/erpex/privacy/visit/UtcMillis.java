package net.erpex.privacy.visit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Formats instants as {@code 2026-11-25T06:30:00.123Z} (UTC, exactly three fraction digits) into a byte buffer
 * without allocating: every record carries one, so the formatter is on the hot path of the JSON-lines sink.
 */
final class UtcMillis {

    /** The reference format, also for the years this fast path does not cover (before 0000, after 9999). */
    static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final long MIN_MILLIS = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
    private static final long MAX_MILLIS = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

    private UtcMillis() {
    }

    /** Writes the instant at {@code p} (24 bytes in the fast range, at most 46); returns the position after it. */
    static int write(Instant instant, byte[] b, int p) {
        long millis;
        try {
            millis = instant.truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
        } catch (ArithmeticException outOfRange) {
            millis = Long.MIN_VALUE;
        }
        if (millis < MIN_MILLIS || millis > MAX_MILLIS) {
            byte[] text = FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS)).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, b, p, text.length);
            return p + text.length;
        }
        long days = Math.floorDiv(millis, 86_400_000L);
        int ofDay = (int) Math.floorMod(millis, 86_400_000L);
        // Civil date from days since 1970-01-01 (H. Hinnant's days_from_civil, inverted).
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
        p = digits(year, 4, b, p);
        b[p++] = '-';
        p = digits(month, 2, b, p);
        b[p++] = '-';
        p = digits(day, 2, b, p);
        b[p++] = 'T';
        p = digits(ofDay / 3_600_000, 2, b, p);
        b[p++] = ':';
        p = digits(ofDay / 60_000 % 60, 2, b, p);
        b[p++] = ':';
        p = digits(ofDay / 1000 % 60, 2, b, p);
        b[p++] = '.';
        p = digits(ofDay % 1000, 3, b, p);
        b[p++] = 'Z';
        return p;
    }

    private static int digits(int value, int width, byte[] b, int p) {
        for (int i = width - 1; i >= 0; i--) {
            b[p + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return p + width;
    }
}
