package net.erpex.privacy.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the RFC 7239 {@code Forwarded} header into its elements, one per proxy hop.
 *
 * <p>The grammar is followed where it matters for safety (quoted strings may contain {@code ,} and
 * {@code ;}, so splitting on commas first would let a value forge an extra hop) and relaxed where real
 * proxies deviate: whitespace around {@code ;} and unquoted values containing {@code :}, {@code [} or
 * {@code ]} ({@code for=192.0.2.60:8080}) are accepted. A broken element is kept as a malformed marker
 * so that a right-to-left walk stops there instead of skipping it.
 */
final class ForwardedHeader {

    /**
     * One forwarded-element.
     *
     * @param forNode   the {@code for} value, unquoted; {@code null} when absent
     * @param proto     the {@code proto} value, unquoted; {@code null} when absent
     * @param malformed whether the element broke the grammar (its values are then {@code null})
     */
    record Element(String forNode, String proto, boolean malformed) {
        static final Element MALFORMED = new Element(null, null, true);
    }

    private final String line;
    private int pos;

    private ForwardedHeader(String line) {
        this.line = line;
    }

    /**
     * Parses every line, in order. Quoted strings never span lines, so each line is read on its own and
     * an unterminated quote cannot swallow the next one. Empty list elements are dropped (RFC 9110 5.6.1).
     */
    static List<Element> parse(List<String> lines) {
        List<Element> elements = new ArrayList<>();
        for (String line : lines) {
            if (line != null) {
                new ForwardedHeader(line).readLine(elements);
            }
        }
        return elements;
    }

    private void readLine(List<Element> out) {
        while (pos < line.length()) {
            Element element = readElement();
            if (element != null) {
                out.add(element);
            }
            skipPastComma();
        }
    }

    /** Reads pairs up to the next top-level comma; returns {@code null} for an empty element. */
    private Element readElement() {
        String forNode = null;
        String proto = null;
        boolean empty = true;
        while (true) {
            skipWhitespace();
            if (pos >= line.length() || line.charAt(pos) == ',') {
                return empty ? null : new Element(forNode, proto, false);
            }
            if (line.charAt(pos) == ';') {
                pos++;
                continue;
            }
            empty = false;
            String name = readToken();
            if (name.isEmpty() || pos >= line.length() || line.charAt(pos) != '=') {
                return Element.MALFORMED;
            }
            pos++;
            String value = pos < line.length() && line.charAt(pos) == '"' ? readQuoted() : readUnquoted();
            if (value == null || value.isEmpty()) {
                return Element.MALFORMED;
            }
            String key = name.toLowerCase(Locale.ROOT);
            if (key.equals("for")) {
                if (forNode != null) {
                    return Element.MALFORMED; // RFC 7239 4: a parameter must not repeat within an element
                }
                forNode = value;
            } else if (key.equals("proto")) {
                if (proto != null) {
                    return Element.MALFORMED;
                }
                proto = value;
            }
            skipWhitespace();
            if (pos < line.length() && line.charAt(pos) != ';' && line.charAt(pos) != ',') {
                return Element.MALFORMED;
            }
        }
    }

    private String readToken() {
        int start = pos;
        while (pos < line.length() && isTokenChar(line.charAt(pos))) {
            pos++;
        }
        return line.substring(start, pos);
    }

    private String readUnquoted() {
        int start = pos;
        while (pos < line.length() && (isTokenChar(line.charAt(pos)) || "[]:".indexOf(line.charAt(pos)) >= 0)) {
            pos++;
        }
        return line.substring(start, pos);
    }

    /** Reads a quoted-string after its opening quote; {@code null} if it is unterminated. */
    private String readQuoted() {
        StringBuilder value = new StringBuilder();
        pos++;
        while (pos < line.length()) {
            char c = line.charAt(pos++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\\') {
                if (pos >= line.length()) {
                    return null;
                }
                c = line.charAt(pos++);
            }
            value.append(c);
        }
        return null;
    }

    /** Moves past the comma that ends the current element, honouring quotes so a quoted comma is skipped. */
    private void skipPastComma() {
        boolean quoted = false;
        while (pos < line.length()) {
            char c = line.charAt(pos++);
            if (quoted && c == '\\') {
                pos++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                return;
            }
        }
    }

    private void skipWhitespace() {
        while (pos < line.length() && (line.charAt(pos) == ' ' || line.charAt(pos) == '\t')) {
            pos++;
        }
    }

    /** RFC 9110 tchar. */
    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
