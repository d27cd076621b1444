package net.erpex.privacy.visit;

import java.nio.charset.StandardCharsets;

/**
 * How {@link JsonWriter} writes a string: {@code "} and {@code \} and the control characters escaped as Jackson
 * escapes them, so are U+0085, U+2028, U+2029 and the two halves of a character beyond the Basic Multilingual Plane,
 * an unpaired surrogate as U+FFFD, everything else as UTF-8. Apart from the writer because it is the one part of it
 * that every byte of a visitor's input goes through.
 */
final class JsonStrings {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private JsonStrings() {
    }

    /**
     * Writes {@code text} as a JSON string, quotes included, at {@code at} in {@code b}, which has room for six bytes
     * per char and two; returns the position after it.
     */
    static int quoted(String text, byte[] b, int at) {
        int n = text.length();
        int p = at;
        b[p++] = '"';
        // What most values are, ASCII that needs no escape, is copied in bulk; the loop below takes the rest.
        int plain = plainPrefix(text, n);
        copyAscii(text, plain, b, p);
        p += plain;
        for (int i = plain; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    b[p++] = (byte) c;
                } else {
                    p = escapeAscii(c, b, p);
                }
            } else if (c < 0x800) {
                if (c == 0x85) {
                    p = unicodeEscape(c, b, p);
                } else {
                    b[p++] = (byte) (0xC0 | c >> 6);
                    b[p++] = (byte) (0x80 | c & 0x3F);
                }
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    // As the Jackson generator the files were first written with: a pair as two escapes.
                    p = unicodeEscape(c, b, p);
                    p = unicodeEscape(text.charAt(++i), b, p);
                } else {
                    p = threeBytes('\uFFFD', b, p);
                }
            } else if (c == 0x2028 || c == 0x2029) {
                p = unicodeEscape(c, b, p);
            } else {
                p = threeBytes(c, b, p);
            }
        }
        b[p++] = '"';
        return p;
    }

    /** How many chars at the start of {@code text} are printable ASCII other than a quote or a backslash. */
    private static int plainPrefix(String text, int n) {
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                return i;
            }
        }
        return n;
    }

    /**
     * Copies the first {@code count} chars of {@code text}, all ASCII, as bytes. The deprecated
     * {@code String.getBytes(int, int, byte[], int)} keeps the low byte of each char, which for ASCII is the char's
     * UTF-8 encoding, and for the compact strings ASCII text is held in, it is one array copy.
     */
    @SuppressWarnings("deprecation")
    private static void copyAscii(String text, int count, byte[] b, int p) {
        text.getBytes(0, count, b, p);
    }

    private static int escapeAscii(char c, byte[] b, int p) {
        char shortForm = switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '\n' -> 'n';
            case '\t' -> 't';
            case '\r' -> 'r';
            case '\b' -> 'b';
            case '\f' -> 'f';
            default -> 0;
        };
        if (shortForm == 0) {
            return unicodeEscape(c, b, p);
        }
        b[p++] = '\\';
        b[p++] = (byte) shortForm;
        return p;
    }

    private static int unicodeEscape(char c, byte[] b, int p) {
        b[p++] = '\\';
        b[p++] = 'u';
        b[p++] = HEX[c >> 12 & 0xF];
        b[p++] = HEX[c >> 8 & 0xF];
        b[p++] = HEX[c >> 4 & 0xF];
        b[p++] = HEX[c & 0xF];
        return p;
    }

    private static int threeBytes(char c, byte[] b, int p) {
        b[p++] = (byte) (0xE0 | c >> 12);
        b[p++] = (byte) (0x80 | c >> 6 & 0x3F);
        b[p++] = (byte) (0x80 | c & 0x3F);
        return p;
    }
}
