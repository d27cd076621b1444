package net.erpex.privacy.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A small reader for the structured-field values (RFC 8941) that the UA client hints use: the brand
 * list of {@code Sec-CH-UA} and the single string of {@code Sec-CH-UA-Platform}.
 *
 * <p>It reads only what those headers contain (quoted strings with parameters) and gives up on
 * anything else: a malformed header yields nothing rather than a guess.
 */
final class SecChUaList {

    /** A brand with its family name in uap-java's naming and its major version. */
    record Brand(String family, String major) {
    }

    private static final int MAX_BRANDS = 16;
    private static final int MAX_BRAND_LENGTH = 64;
    private static final String CHROMIUM = "Chromium";

    // The brands whose uap-java family name differs from the name Chromium browsers send.
    private static final Map<String, String> FAMILIES = Map.of(
            "Google Chrome", "Chrome",
            "Microsoft Edge", "Edge",
            "YaBrowser", "Yandex Browser");

    private SecChUaList() {
    }

    /**
     * The most specific brand of a {@code Sec-CH-UA} list: the first one that is neither GREASE nor
     * "Chromium", else "Chromium", else empty.
     */
    static Optional<Brand> preferredBrand(String header) {
        Brand chromium = null;
        for (Brand brand : brands(header)) {
            if (!CHROMIUM.equals(brand.family())) {
                return Optional.of(brand);
            }
            chromium = brand;
        }
        return Optional.ofNullable(chromium);
    }

    /** The value of a header holding one structured-field string, such as {@code "Windows"}. */
    static Optional<String> singleString(String header) {
        Reader reader = new Reader(header);
        String value = reader.string();
        return value != null && reader.atEnd() ? Optional.of(value) : Optional.empty();
    }

    /** All non-GREASE brands in order; empty when the list is malformed. */
    static List<Brand> brands(String header) {
        List<Brand> brands = new ArrayList<>();
        Reader reader = new Reader(header);
        while (!reader.atEnd()) {
            String name = reader.string();
            if (name == null) {
                return List.of();
            }
            String version = "";
            while (reader.skip(';')) {
                reader.spaces();
                String key = reader.key();
                if (key == null) {
                    return List.of();
                }
                String value = reader.skip('=') ? reader.bareOrQuoted() : "";
                if (value == null) {
                    return List.of();
                }
                if (key.equals("v")) {
                    version = value;
                }
            }
            reader.spaces();
            if (!reader.atEnd() && !reader.skip(',')) {
                return List.of();
            }
            reader.spaces();
            if (reader.atEnd() && reader.endsWith(',')) {
                return List.of();
            }
            if (brands.size() == MAX_BRANDS) {
                return List.of();
            }
            if (!isGrease(name) && !name.isBlank() && name.length() <= MAX_BRAND_LENGTH) {
                brands.add(new Brand(FAMILIES.getOrDefault(name.strip(), name.strip()), major(version)));
            }
        }
        return brands;
    }

    /**
     * Chromium adds a made-up brand (GREASE) such as {@code Not_A Brand}, {@code Not?A_Brand} or
     * {@code Not/A)Brand} with varying punctuation, so that sites don't rely on exact list contents;
     * its letters are always "NotABrand".
     */
    static boolean isGrease(String brand) {
        StringBuilder letters = new StringBuilder(brand.length());
        for (int i = 0; i < brand.length(); i++) {
            char c = brand.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                letters.append(c);
            }
        }
        return letters.toString().toLowerCase(Locale.ROOT).equals("notabrand");
    }

    private static String major(String version) {
        int end = 0;
        while (end < version.length() && end < 6 && Character.isDigit(version.charAt(end))) {
            end++;
        }
        boolean whole = end == version.length() || version.charAt(end) == '.';
        return end > 0 && end <= 5 && whole ? version.substring(0, end) : "";
    }

    /** A cursor over a header value; each read returns null when the input does not fit. */
    private static final class Reader {
        private final String text;
        private int pos;

        Reader(String text) {
            this.text = text == null ? "" : text.strip();
        }

        boolean endsWith(char c) {
            return text.endsWith(String.valueOf(c));
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        boolean skip(char c) {
            if (!atEnd() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        void spaces() {
            while (!atEnd() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
                pos++;
            }
        }

        String string() {
            if (!skip('"')) {
                return null;
            }
            StringBuilder out = new StringBuilder();
            while (!atEnd()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    if (atEnd() || text.charAt(pos) != '"' && text.charAt(pos) != '\\') {
                        return null;
                    }
                    c = text.charAt(pos++);
                } else if (c < 0x20 || c > 0x7e) {
                    return null;
                }
                out.append(c);
            }
            return null;
        }

        String key() {
            int start = pos;
            while (!atEnd()) {
                char c = text.charAt(pos);
                boolean first = pos == start;
                if (c >= 'a' && c <= 'z' || c == '*' || !first && (c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.')) {
                    pos++;
                } else {
                    break;
                }
            }
            return pos > start ? text.substring(start, pos) : null;
        }

        String bareOrQuoted() {
            if (!atEnd() && text.charAt(pos) == '"') {
                return string();
            }
            int start = pos;
            while (!atEnd() && "\t ,;".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            return pos > start ? text.substring(start, pos) : null;
        }
    }
}
