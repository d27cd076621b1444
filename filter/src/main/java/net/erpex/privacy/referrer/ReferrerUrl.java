package net.erpex.privacy.referrer;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A strict, hand-written reader for the http(s) addresses found in {@code Referer} headers.
 *
 * <p>{@code java.net.URI} is not used: it rejects many addresses real browsers and apps send (spaces,
 * {@code |}, raw non-ASCII in the path) and accepts forms we don't want (userinfo, opaque URIs). Here
 * the query and fragment are cut off before anything else is looked at, so they can never reach the
 * output, and the path is cleaned rather than validated: control characters are dropped, characters
 * that may not appear in a path are percent-encoded (non-ASCII as UTF-8), and a {@code %} that does not
 * start a valid escape becomes {@code %25}. Hosts, on the other hand, must be valid DNS names or IP
 * literals in ASCII; punycode ({@code xn--}) is kept as sent. A raw non-ASCII host is refused, because
 * servers decode header bytes as ISO-8859-1 and such a host cannot be told from garbage.
 *
 * @param scheme {@code http} or {@code https}
 * @param host   lower-case host without a trailing dot; IPv6 literals keep their brackets
 * @param port   the port, or -1 when absent or the scheme's default
 * @param path   the cleaned path, starting with {@code /}, at most {@link #MAX_PATH} characters
 */
record ReferrerUrl(String scheme, String host, int port, String path) {

    /** Only this many leading characters of a header are read; the rest can only be path or query. */
    static final int MAX_SCANNED = 2048;
    /** The longest path kept. */
    static final int MAX_PATH = 512;

    private static final int MAX_HOST = 253;
    private static final int MAX_LABEL = 63;
    private static final String HEX = "0123456789ABCDEF";
    // Printable ASCII that the WHATWG URL serializer percent-encodes in a path, plus a few that RFC 3986 forbids.
    private static final String ENCODED_IN_PATH = " \"<>`{}|\\^";

    /** Reads a header value; empty when it is not a usable http(s) address. Never throws. */
    static Optional<ReferrerUrl> parse(String header) {
        return parseAddress(address(header));
    }

    /**
     * The part of a header that {@link #parse} reads: at most {@value #MAX_SCANNED} characters, up to the query or
     * fragment. Everything after it is dropped unread, so two headers with the same address parse alike.
     */
    static String address(String header) {
        String text = header.length() > MAX_SCANNED ? header.substring(0, MAX_SCANNED) : header;
        return text.substring(0, firstOf(text, "?#"));
    }

    /** {@link #parse} of what {@link #address} returned. */
    static Optional<ReferrerUrl> parseAddress(String address) {
        String text = address.strip();

        int colon = text.indexOf(':');
        if (colon < 1) {
            return Optional.empty();
        }
        String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || !text.startsWith("//", colon + 1)) {
            return Optional.empty();
        }
        String rest = text.substring(colon + 3);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String rawPath = slash < 0 ? "" : rest.substring(slash);

        // Browsers never send user information in a Referer; whatever a client put there is dropped unread.
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        String host;
        String portText;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            host = hostPort.substring(0, close + 1);
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                return Optional.empty();
            }
            portText = after.isEmpty() ? "" : after.substring(1);
        } else {
            int portColon = hostPort.indexOf(':');
            host = portColon < 0 ? hostPort : hostPort.substring(0, portColon);
            portText = portColon < 0 ? "" : hostPort.substring(portColon + 1);
        }
        Optional<String> normalHost = normalizeHost(host);
        int port = port(portText, scheme);
        if (normalHost.isEmpty() || port == Integer.MIN_VALUE) {
            return Optional.empty();
        }
        // Path parameters can carry a session id (;jsessionid=) of the referring site: stripped as from a request path.
        return Optional.of(new ReferrerUrl(scheme, normalHost.get(), port, cleanPath(PathParameters.strip(rawPath))));
    }

    /** {@code scheme://host[:port]/path}. */
    String summary() {
        return scheme + "://" + host + (port < 0 ? "" : ":" + port) + path;
    }

    /**
     * A host lower-cased without its trailing dot, if it is a valid DNS name, IPv4 address or bracketed
     * IPv6 literal in ASCII.
     */
    static Optional<String> normalizeHost(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.startsWith("[")) {
            return validIpv6Literal(lower) ? Optional.of(lower) : Optional.empty();
        }
        if (lower.endsWith(".")) {
            lower = lower.substring(0, lower.length() - 1);
        }
        if (lower.isEmpty() || lower.length() > MAX_HOST) {
            return Optional.empty();
        }
        for (String label : lower.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > MAX_LABEL || label.startsWith("-") || label.endsWith("-")) {
                return Optional.empty();
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(lower);
    }

    private static boolean validIpv6Literal(String literal) {
        if (literal.length() < 4 || literal.length() > 47 || !literal.endsWith("]")) {
            return false;
        }
        String inner = literal.substring(1, literal.length() - 1);
        if (inner.indexOf(':') < 0) {
            return false;
        }
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c == ':' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /** The port, -1 when absent or default, {@link Integer#MIN_VALUE} when invalid. */
    private static int port(String text, String scheme) {
        if (text.isEmpty()) {
            return -1;
        }
        if (text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Integer.MIN_VALUE;
        }
        int port = Integer.parseInt(text);
        if (port > 65535) {
            return Integer.MIN_VALUE;
        }
        boolean defaultPort = port == 80 && scheme.equals("http") || port == 443 && scheme.equals("https");
        return defaultPort ? -1 : port;
    }

    private static String cleanPath(String raw) {
        StringBuilder out = new StringBuilder(Math.min(raw.length(), MAX_PATH) + 1);
        out.append('/');
        int start = raw.startsWith("/") ? 1 : 0;
        for (int i = start; i < raw.length(); i++) {
            char c = raw.charAt(i);
            String piece;
            if (c == '%' && i + 2 < raw.length() && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2))) {
                piece = raw.substring(i, i + 3);
                i += 2;
            } else if (c == '%') {
                piece = "%25";
            } else if (c < 0x20 || c >= 0x7f && c <= 0x9f) {
                continue;
            } else if (c < 0x7f) {
                piece = ENCODED_IN_PATH.indexOf(c) >= 0 ? encode(String.valueOf(c)) : String.valueOf(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < raw.length() && Character.isLowSurrogate(raw.charAt(i + 1))) {
                piece = encode(raw.substring(i, i + 2));
                i++;
            } else if (Character.isSurrogate(c)) {
                continue;
            } else {
                piece = encode(String.valueOf(c));
            }
            if (out.length() + piece.length() > MAX_PATH) {
                break;
            }
            out.append(piece);
        }
        return out.toString();
    }

    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(HEX.charAt((b >> 4) & 0xf)).append(HEX.charAt(b & 0xf));
        }
        return out.toString();
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static int firstOf(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }
}
