package net.erpex.privacy.client;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;

/**
 * Parses and formats IP address literals without ever touching DNS.
 *
 * <p>{@code InetAddress.getByName} resolves anything that is not a literal, so a header value such as
 * {@code evil.example} would make a request thread wait on a lookup the attacker chose. Here the
 * bytes are built by hand and passed to {@link InetAddress#getByAddress(byte[])}, which never resolves.
 *
 * <p>Accepted: IPv4 dotted quads (four decimal parts 0-255, no leading zeros since {@code 010} means
 * 8 to some parsers and 10 to others, no signs or spaces) and IPv6 literals (RFC 4291 text forms,
 * {@code ::} at most once, an embedded IPv4 tail, optionally enclosed in {@code [ ]}). IPv6 zone ids
 * ({@code fe80::1%eth0}) are rejected: a zone names an interface of the host that wrote it and means
 * nothing in a header from elsewhere. IPv4-mapped ({@code ::ffff:192.0.2.1}) and IPv4-compatible
 * ({@code ::192.0.2.1}, RFC 4291 2.5.5.1, deprecated but still accepted by parsers) IPv6 addresses become the
 * {@link Inet4Address} they carry, so one client has one identity, in records, geolocation, rate limits and
 * trusted-proxy matching alike, whichever form a socket or a proxy wrote. {@code ::} and {@code ::1} stay IPv6:
 * they are the unspecified and loopback addresses, not IPv4 ones.
 */
public final class IpLiterals {

    /** Longer input is never a literal (the longest IPv6 text form with brackets is 47 characters). */
    public static final int MAX_LENGTH = 64;

    private static final int IPV6_GROUPS = 8;

    private IpLiterals() {
    }

    /**
     * Parses an IP literal.
     *
     * @param text the candidate literal, may be {@code null}
     * @return the address, or empty if {@code text} is not exactly one IPv4 or IPv6 literal
     */
    public static Optional<InetAddress> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        byte[] bytes;
        if (text.charAt(0) == '[') {
            bytes = text.charAt(text.length() - 1) == ']'
                    ? parseIpv6(text.substring(1, text.length() - 1))
                    : null;
        } else if (text.indexOf(':') >= 0) {
            bytes = parseIpv6(text);
        } else {
            bytes = parseIpv4(text);
        }
        return bytes == null ? Optional.empty() : Optional.of(toAddress(bytes));
    }

    /**
     * Formats an address canonically: dotted quad for IPv4, RFC 5952 for IPv6 (lowercase, leading zeros
     * dropped, the longest run of two or more zero groups compressed to {@code ::}, no brackets, no zone).
     *
     * @param address the address to format
     * @return its canonical text form
     */
    public static String format(InetAddress address) {
        Objects.requireNonNull(address, "address");
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        return formatIpv6(bytes);
    }

    /**
     * The one identity of an address: the IPv4 address an IPv4-mapped or IPv4-compatible IPv6 address carries,
     * else the address itself.
     *
     * @param address any address, e.g. from a socket
     * @return the address in canonical form
     */
    public static InetAddress canonical(InetAddress address) {
        Objects.requireNonNull(address, "address");
        byte[] bytes = address.getAddress();
        byte[] unmapped = unmap(bytes);
        return unmapped.length == bytes.length ? address : toAddress(unmapped);
    }

    /**
     * Returns the IPv4 address that an IPv4-mapped ({@code ::ffff:a.b.c.d}) or IPv4-compatible ({@code ::a.b.c.d},
     * other than {@code ::} and {@code ::1}) IPv6 address carries, or the bytes unchanged.
     */
    static byte[] unmap(byte[] bytes) {
        if (bytes.length != 16) {
            return bytes;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return bytes;
            }
        }
        boolean mapped = bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
        boolean unspecifiedOrLoopback = (bytes[12] | bytes[13] | bytes[14]) == 0 && (bytes[15] & 0xff) <= 1;
        boolean compatible = bytes[10] == 0 && bytes[11] == 0 && !unspecifiedOrLoopback;
        if (!mapped && !compatible) {
            return bytes;
        }
        return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
    }

    static InetAddress toAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(unmap(bytes));
        } catch (UnknownHostException e) {
            // Only thrown for a length other than 4 or 16, which the parsers never produce.
            throw new IllegalStateException("unexpected address length " + bytes.length, e);
        }
    }

    private static byte[] parseIpv4(String text) {
        byte[] bytes = new byte[4];
        int part = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '.') {
                if (part == 4) {
                    return null;
                }
                int value = decimalOctet(text, start, i);
                if (value < 0) {
                    return null;
                }
                bytes[part++] = (byte) value;
                start = i + 1;
            }
        }
        return part == 4 ? bytes : null;
    }

    private static int decimalOctet(String text, int from, int to) {
        int length = to - from;
        if (length < 1 || length > 3 || (length > 1 && text.charAt(from) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 255 ? value : -1;
    }

    private static byte[] parseIpv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = new int[IPV6_GROUPS];
        int[] tail = new int[IPV6_GROUPS];
        int headCount;
        int tailCount = 0;
        if (gap < 0) {
            headCount = groups(text, true, head);
            if (headCount != IPV6_GROUPS) {
                return null;
            }
        } else {
            headCount = groups(text.substring(0, gap), false, head);
            tailCount = groups(text.substring(gap + 2), true, tail);
            if (headCount < 0 || tailCount < 0 || headCount + tailCount > IPV6_GROUPS - 1) {
                return null;
            }
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < headCount; i++) {
            bytes[2 * i] = (byte) (head[i] >> 8);
            bytes[2 * i + 1] = (byte) head[i];
        }
        int offset = IPV6_GROUPS - tailCount;
        for (int i = 0; i < tailCount; i++) {
            bytes[2 * (offset + i)] = (byte) (tail[i] >> 8);
            bytes[2 * (offset + i) + 1] = (byte) tail[i];
        }
        return bytes;
    }

    /**
     * Reads colon-separated hex groups into {@code out}; an IPv4 tail counts as two groups.
     * Returns the number of groups, or -1 if malformed. An empty string has zero groups.
     */
    private static int groups(String text, boolean ipv4TailAllowed, int[] out) {
        if (text.isEmpty()) {
            return 0;
        }
        int count = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i < text.length() && text.charAt(i) != ':') {
                continue;
            }
            boolean last = i == text.length();
            if (last && ipv4TailAllowed && text.indexOf('.', start) >= 0) {
                byte[] v4 = parseIpv4(text.substring(start));
                if (v4 == null || count + 2 > IPV6_GROUPS) {
                    return -1;
                }
                out[count++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                out[count++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                return count;
            }
            int group = hexGroup(text, start, i);
            if (group < 0 || count == IPV6_GROUPS) {
                return -1;
            }
            out[count++] = group;
            start = i + 1;
        }
        return count;
    }

    private static int hexGroup(String text, int from, int to) {
        if (to - from < 1 || to - from > 4) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(text.charAt(i), 16);
            // Character.digit also accepts non-ASCII digits; a literal is ASCII only.
            if (digit < 0 || text.charAt(i) > 'f') {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    private static String formatIpv6(byte[] bytes) {
        int[] groups = new int[IPV6_GROUPS];
        for (int i = 0; i < IPV6_GROUPS; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952 4.2.2: a single zero group is never compressed
        for (int i = 0; i < IPV6_GROUPS; i++) {
            int length = 0;
            while (i + length < IPV6_GROUPS && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
            i += length;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < IPV6_GROUPS; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
