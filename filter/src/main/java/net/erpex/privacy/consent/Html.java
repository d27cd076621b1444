package net.erpex.privacy.consent;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The few HTML-writing helpers the banner and the consent tags need. Every text and attribute value goes through {@link #escape}: texts
 * come from site bundles, category names from configuration and the return path from the request, and none of them
 * may ever become markup.
 */
public final class Html {

    private Html() {
    }

    /**
     * Escapes text for element content and for double- or single-quoted attribute values alike, so a caller cannot
     * pick the wrong variant. Also used by the form protection's markup, so the filter escapes HTML one way.
     */
    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    /** Code safe inside a script element: it cannot close the element or open a comment state. */
    static String scriptText(String code) {
        return code.replace("</", "<\\/").replace("<!--", "<\\!--");
    }

    /** Encodes a query parameter value ({@code /a b} becomes {@code %2Fa+b}); escape the whole URL afterwards. */
    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code <tag a="v" b>}: attributes come in name/value pairs; a {@code null} value leaves the attribute
     * out, an empty one writes it bare (for {@code hidden}, {@code checked}, {@code disabled}).
     */
    static StringBuilder open(StringBuilder out, String tag, String... attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name/value pairs");
        }
        out.append('<').append(tag);
        for (int i = 0; i < attributes.length; i += 2) {
            String value = attributes[i + 1];
            if (value == null) {
                continue;
            }
            out.append(' ').append(attributes[i]);
            if (!value.isEmpty()) {
                out.append("=\"").append(escape(value)).append('"');
            }
        }
        return out.append('>');
    }

    /** Writes {@code <tag ...>text</tag>} with the text escaped. */
    static StringBuilder element(StringBuilder out, String tag, String text, String... attributes) {
        return open(out, tag, attributes).append(escape(text)).append("</").append(tag).append(">\n");
    }

    /** The value for a boolean attribute: present ({@code ""}) or absent ({@code null}). */
    static String flag(boolean present) {
        return present ? "" : null;
    }
}
