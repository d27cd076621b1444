package net.erpex.privacy.language;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads an {@code Accept-Language} header (RFC 9110 12.5.4) range by range.
 *
 * <p>{@link Locale.LanguageRange#parse} is not used: it throws on the first bad range and so loses
 * every good one. Here a range that cannot be read (bad syntax, a weight outside 0-1 or with more
 * than three decimals, a parameter other than {@code q}) is skipped on its own. A range repeated later
 * in the header is ignored; the first occurrence counts. Only the first {@value #MAX_HEADER_CHARS}
 * characters (cut back to the last whole range) and {@value #MAX_RANGES} ranges are read, bounding the
 * work an attacker can cause.
 */
final class AcceptLanguage {

    static final int MAX_HEADER_CHARS = 4096;
    static final int MAX_RANGES = 64;

    /**
     * One language range.
     *
     * @param locale  the range, {@code null} for {@code *}
     * @param quality the weight in thousandths, 0 to 1000
     */
    record Range(Locale locale, int quality) {
        boolean wildcard() {
            return locale == null;
        }
    }

    private AcceptLanguage() {
    }

    /** Returns the readable ranges in header order; empty for a {@code null} or blank header. */
    static List<Range> parse(String header) {
        if (header == null) {
            return List.of();
        }
        String text = header;
        if (text.length() > MAX_HEADER_CHARS) {
            int lastComma = text.lastIndexOf(',', MAX_HEADER_CHARS);
            text = text.substring(0, Math.max(lastComma, 0));
        }
        List<Range> ranges = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int examined = 0;
        for (String element : text.split(",")) {
            if (element.isBlank()) {
                continue; // empty list elements are allowed (RFC 9110 5.6.1)
            }
            if (examined++ == MAX_RANGES) {
                break;
            }
            Range range = parseRange(element);
            if (range != null && seen.add(range.wildcard() ? "*" : range.locale().toLanguageTag())) {
                ranges.add(range);
            }
        }
        return ranges;
    }

    private static Range parseRange(String element) {
        String[] parts = element.split(";", -1);
        String tag = parts[0].strip();
        int quality = 1000;
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            int equals = parameter.indexOf('=');
            if (equals < 0 || !parameter.substring(0, equals).strip().equalsIgnoreCase("q") || i > 1) {
                return null;
            }
            quality = parseQuality(parameter.substring(equals + 1).strip());
            if (quality < 0) {
                return null;
            }
        }
        if (tag.equals("*")) {
            return new Range(null, quality);
        }
        if (!LanguageNegotiator.isTagSyntax(tag)) {
            return null;
        }
        Locale locale = Locale.forLanguageTag(tag);
        return locale.getLanguage().isEmpty() ? null : new Range(locale, quality);
    }

    /** RFC 9110 12.4.2 qvalue, in thousandths; -1 if malformed. */
    static int parseQuality(String text) {
        if (text.isEmpty() || text.length() > 5 || (text.charAt(0) != '0' && text.charAt(0) != '1')) {
            return -1;
        }
        int whole = text.charAt(0) - '0';
        if (text.length() == 1) {
            return whole * 1000;
        }
        if (text.charAt(1) != '.') {
            return -1;
        }
        int thousandths = 0;
        int scale = 100;
        for (int i = 2; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            thousandths += (c - '0') * scale;
            scale /= 10;
        }
        return whole == 1 && thousandths > 0 ? -1 : whole * 1000 + thousandths;
    }
}
