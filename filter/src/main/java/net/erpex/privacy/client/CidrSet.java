package net.erpex.privacy.client;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable set of IPv4 and IPv6 CIDR blocks, typically the proxies whose forwarding headers are
 * trusted.
 *
 * <p>Parsing is strict because this is configuration: an entry such as {@code 192.0.2.1/24} is
 * rejected rather than silently widened to {@code 192.0.2.0/24}, since the author probably meant
 * either a single host or the network, and guessing wrong would trust the wrong machines. Literals
 * are parsed by {@link IpLiterals}, never resolved through DNS.
 */
public final class CidrSet {

    /** What {@link #parse(String)} accepts; part of every error message. */
    public static final String ACCEPTED_FORMAT = "a comma-separated list of IPv4 or IPv6 addresses or CIDR blocks,"
            + " e.g. 10.0.0.0/8, 2001:db8::/32";

    private static final CidrSet EMPTY = new CidrSet(List.of());

    private static final CidrSet LOOPBACK_AND_PRIVATE = parse(
            "127.0.0.0/8, ::1/128, 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7, 169.254.0.0/16, fe80::/10");

    private final List<Block> blocks;

    private CidrSet(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /** Returns the set that contains no address: trust nobody. */
    public static CidrSet empty() {
        return EMPTY;
    }

    /**
     * Returns loopback, private (RFC 1918, RFC 4193) and link-local networks:
     * {@code 127.0.0.0/8, ::1/128, 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7, 169.254.0.0/16,
     * fe80::/10}. Suitable only where every host on those networks is yours.
     */
    public static CidrSet loopbackAndPrivate() {
        return LOOPBACK_AND_PRIVATE;
    }

    /**
     * Parses a list of addresses and CIDR blocks separated by commas and/or whitespace. A bare address
     * is a block of one ({@code /32} or {@code /128}); blank or {@code null} text is the empty set;
     * duplicates are kept once. An IPv4-mapped IPv6 block ({@code ::ffff:10.0.0.0/104}) is stored as the
     * IPv4 block it maps ({@code 10.0.0.0/8}).
     *
     * @param list the text to parse
     * @return the set
     * @throws IllegalArgumentException naming the first bad entry and the accepted format
     */
    public static CidrSet parse(String list) {
        if (list == null || list.isBlank()) {
            return EMPTY;
        }
        Map<String, Block> blocks = new LinkedHashMap<>();
        for (String entry : list.trim().split("[,\\s]+")) {
            if (entry.isEmpty()) {
                continue; // a leading comma
            }
            Block block = parseEntry(entry);
            blocks.putIfAbsent(block.toString(), block);
        }
        return new CidrSet(new ArrayList<>(blocks.values()));
    }

    /**
     * Tells whether an address is in one of the blocks. An IPv4-mapped IPv6 address matches the IPv4
     * blocks.
     *
     * @param address the address, may be {@code null} (never contained)
     * @return whether it is in the set
     */
    public boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] bytes = IpLiterals.unmap(address.getAddress());
        for (Block block : blocks) {
            if (block.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** Tells whether the set contains no block at all. */
    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** Returns the blocks in canonical form, separated by {@code ", "}; {@link #parse} reads it back. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Block block : blocks) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(block);
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CidrSet that && blocks.equals(that.blocks);
    }

    @Override
    public int hashCode() {
        return blocks.hashCode();
    }

    private static Block parseEntry(String entry) {
        int slash = entry.indexOf('/');
        String literal = slash < 0 ? entry : entry.substring(0, slash);
        Optional<InetAddress> parsed = IpLiterals.parse(literal);
        if (parsed.isEmpty()) {
            throw invalid(entry, "'" + literal + "' is not an IPv4 or IPv6 address literal (host names are not"
                    + " accepted)");
        }
        byte[] bytes = parsed.get().getAddress();
        // A mapped IPv6 literal was turned into IPv4 bytes; its prefix counts the 96 mapping bits.
        boolean mapped = bytes.length == 4 && literal.indexOf(':') >= 0;
        int maxPrefix = mapped ? 128 : bytes.length * 8;
        int prefix = slash < 0 ? maxPrefix : parsePrefix(entry, entry.substring(slash + 1), maxPrefix);
        if (mapped) {
            if (prefix < 96) {
                throw invalid(entry, "an IPv4-mapped block needs a prefix of at least 96");
            }
            prefix -= 96;
        }
        Block block = new Block(bytes, prefix);
        if (!Arrays.equals(block.network, bytes)) {
            throw invalid(entry, "host bits are set beyond the /" + (mapped ? prefix + 96 : prefix)
                    + " prefix; did you mean " + block + "?");
        }
        return block;
    }

    private static int parsePrefix(String entry, String text, int maxPrefix) {
        boolean digits = !text.isEmpty() && text.length() <= 3 && text.chars().allMatch(c -> c >= '0' && c <= '9')
                && !(text.length() > 1 && text.charAt(0) == '0');
        int prefix = digits ? Integer.parseInt(text) : -1;
        if (prefix < 0 || prefix > maxPrefix) {
            throw invalid(entry, "the prefix length '" + text + "' is not a number from 0 to " + maxPrefix);
        }
        return prefix;
    }

    private static IllegalArgumentException invalid(String entry, String reason) {
        return new IllegalArgumentException("Invalid address or CIDR block '" + entry + "': " + reason
                + "; expected " + ACCEPTED_FORMAT);
    }

    /** One block; {@code network} has every bit beyond {@code prefix} cleared. */
    private static final class Block {
        private final byte[] network;
        private final int prefix;

        Block(byte[] address, int prefix) {
            this.network = address.clone();
            this.prefix = prefix;
            for (int bit = prefix; bit < network.length * 8; bit++) {
                network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
            }
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefix / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int remainingBits = prefix % 8;
            if (remainingBits == 0) {
                return true;
            }
            int mask = (0xff << (8 - remainingBits)) & 0xff;
            return (address[fullBytes] & mask) == (network[fullBytes] & 0xff);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Block that && prefix == that.prefix && Arrays.equals(network, that.network);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(network) + prefix;
        }

        @Override
        public String toString() {
            return IpLiterals.format(IpLiterals.toAddress(network)) + "/" + prefix;
        }
    }
}
