package net.erpex.privacy.geoip;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IP network in CIDR notation, placed in the 128-bit address space of an IPv6 search tree.
 *
 * <p>IPv4 networks land in {@code ::/96} ({@code a.b.c.d/n} becomes {@code ::a.b.c.d/(96+n)}), which
 * is where MaxMind readers look up IPv4 addresses in an IPv6 database.
 */
final class Cidr {

    // Leading zeros are refused: "010" is octal to some parsers and decimal to others.
    private static final Pattern IPV4 = Pattern.compile(
            "(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})");
    // Only these characters reach InetAddress, so it always parses a literal and never asks DNS.
    private static final Pattern IPV6 = Pattern.compile("(?=[^:]*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*");
    private static final Pattern PREFIX = Pattern.compile("0|[1-9]\\d{0,2}");
    private static final int IPV4_OFFSET_BITS = 96;

    private final String text;
    private final byte[] address;
    private final int prefixLength;

    private Cidr(String text, byte[] address, int prefixLength) {
        this.text = text;
        this.address = address;
        this.prefixLength = prefixLength;
    }

    /**
     * Parses {@code a.b.c.d/n} or {@code x:y::z/n}.
     *
     * @throws IllegalArgumentException if the text is not a network in CIDR notation or has host bits set
     */
    static Cidr parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("network must not be null; expected CIDR notation such as 192.0.2.0/24");
        }
        int slash = text.indexOf('/');
        if (slash < 0 || !PREFIX.matcher(text.substring(slash + 1)).matches()) {
            throw invalid(text, "expected address/prefix-length such as 192.0.2.0/24 or 2001:db8::/32");
        }
        String host = text.substring(0, slash);
        int prefix = Integer.parseInt(text.substring(slash + 1));
        byte[] bytes = new byte[16];
        int treePrefix;
        Matcher ipv4 = IPV4.matcher(host);
        if (ipv4.matches()) {
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(ipv4.group(i + 1));
                if (octet > 255) {
                    throw invalid(text, "IPv4 octets are 0 to 255");
                }
                bytes[12 + i] = (byte) octet;
            }
            if (prefix > 32) {
                throw invalid(text, "an IPv4 prefix length is 0 to 32");
            }
            treePrefix = IPV4_OFFSET_BITS + prefix;
        } else if (IPV6.matcher(host).matches()) {
            copyIpv6(text, host, bytes);
            if (prefix > 128) {
                throw invalid(text, "an IPv6 prefix length is 0 to 128");
            }
            treePrefix = prefix;
        } else {
            throw invalid(text, "expected an IPv4 or IPv6 literal before the '/'");
        }
        Cidr cidr = new Cidr(text, bytes, treePrefix);
        for (int bit = treePrefix; bit < 128; bit++) {
            if (cidr.bit(bit) != 0) {
                throw invalid(text, "the address has bits set beyond the prefix length; give the network address");
            }
        }
        return cidr;
    }

    private static void copyIpv6(String text, String host, byte[] target) {
        byte[] raw;
        try {
            raw = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            throw invalid(text, "not a valid IPv6 address");
        }
        if (raw.length == 4) {
            // InetAddress turns ::ffff:a.b.c.d into an Inet4Address; keep the IPv6 form that was written.
            target[10] = (byte) 0xff;
            target[11] = (byte) 0xff;
            System.arraycopy(raw, 0, target, 12, 4);
        } else {
            System.arraycopy(raw, 0, target, 0, 16);
        }
    }

    private static IllegalArgumentException invalid(String text, String accepted) {
        return new IllegalArgumentException("invalid network '" + text + "': " + accepted);
    }

    /** The bit at {@code index} (0 is the most significant) of the 128-bit address. */
    int bit(int index) {
        return (address[index >>> 3] >>> (7 - (index & 7))) & 1;
    }

    /** Prefix length in the 128-bit tree (an IPv4 /24 is 120). */
    int prefixLength() {
        return prefixLength;
    }

    /** Whether this network and {@code other} share at least one address. */
    boolean overlaps(Cidr other) {
        int common = Math.min(prefixLength, other.prefixLength);
        for (int i = 0; i < common; i++) {
            if (bit(i) != other.bit(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
