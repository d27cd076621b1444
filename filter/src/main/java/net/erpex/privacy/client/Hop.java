package net.erpex.privacy.client;

import java.net.InetAddress;
import java.util.Optional;

/**
 * One hop of a forwarding chain, read from an {@code X-Forwarded-For} entry or a {@code Forwarded}
 * {@code for=} value (RFC 7239 6: {@code node = nodename [ ":" node-port ]}).
 *
 * @param kind    what the text was
 * @param address the address when {@code kind} is {@link Kind#ADDRESS}, else {@code null}
 */
record Hop(Kind kind, InetAddress address) {

    /** What a hop's text turned out to be. */
    enum Kind {
        /** An IP literal, optionally with a port. */
        ADDRESS,
        /** {@code unknown}, an obfuscated identifier ({@code _hidden}) or no value: a hop without an address. */
        ANONYMOUS,
        /** Anything else, host names included: the chain cannot be trusted past it. */
        MALFORMED
    }

    static final Hop ANONYMOUS = new Hop(Kind.ANONYMOUS, null);
    static final Hop MALFORMED = new Hop(Kind.MALFORMED, null);

    /** Reads a node; {@code null} or blank text is anonymous (a {@code Forwarded} element without {@code for}). */
    static Hop parse(String text) {
        if (text == null || text.isBlank()) {
            return ANONYMOUS;
        }
        String node = text.strip();
        if (node.length() > IpLiterals.MAX_LENGTH) {
            return MALFORMED;
        }
        String name = node;
        String port = null;
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            if (close < 0) {
                return MALFORMED;
            }
            name = node.substring(0, close + 1);
            if (close + 1 < node.length()) {
                if (node.charAt(close + 1) != ':') {
                    return MALFORMED;
                }
                port = node.substring(close + 2);
            }
        } else {
            int colon = node.indexOf(':');
            // Exactly one colon is name:port; more is an unbracketed IPv6 literal, common in X-Forwarded-For.
            if (colon >= 0 && node.indexOf(':', colon + 1) < 0) {
                name = node.substring(0, colon);
                port = node.substring(colon + 1);
            }
        }
        if (port != null && !isPort(port)) {
            return MALFORMED;
        }
        if (name.equalsIgnoreCase("unknown") || isObfuscated(name)) {
            return ANONYMOUS;
        }
        Optional<InetAddress> address = IpLiterals.parse(name);
        return address.map(a -> new Hop(Kind.ADDRESS, a)).orElse(MALFORMED);
    }

    /** RFC 7239 6.3: {@code port = 1*5DIGIT} or an obfuscated port. */
    private static boolean isPort(String port) {
        if (isObfuscated(port)) {
            return true;
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        return Integer.parseInt(port) <= 65535;
    }

    /** RFC 7239 6.3: {@code "_" 1*( ALPHA / DIGIT / "." / "_" / "-" )}. */
    private static boolean isObfuscated(String text) {
        if (text.length() < 2 || text.charAt(0) != '_') {
            return false;
        }
        return text.chars().skip(1).allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-');
    }
}
