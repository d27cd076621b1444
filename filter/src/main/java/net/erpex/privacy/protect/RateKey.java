package net.erpex.privacy.protect;

import java.net.InetAddress;
import java.util.Optional;
import net.erpex.privacy.client.IpLiterals;

/**
 * The rate-limit bucket of a client address. An IPv4 address is its own bucket. An IPv6 subscriber is usually given
 * a whole /64 (or more), and picks a new address in it at will: counted per address, the limit would limit nobody.
 * IPv6 addresses therefore share a bucket per network of {@code protect.rate-ipv6-prefix} bits.
 */
public final class RateKey {

    private RateKey() {
    }

    /**
     * The bucket of a client.
     *
     * @param ip           the client address as {@link IpLiterals#format} writes it; anything else is its own bucket
     * @param ipv6Prefix   bits of an IPv6 address that name its network, 1 to 128
     * @return the address itself for IPv4, {@code network/prefix} for IPv6
     */
    public static String of(String ip, int ipv6Prefix) {
        Optional<InetAddress> parsed = IpLiterals.parse(ip);
        if (parsed.isEmpty() || parsed.get().getAddress().length == 4 || ipv6Prefix >= 128) {
            return ip;
        }
        byte[] bytes = parsed.get().getAddress();
        for (int bit = ipv6Prefix; bit < 128; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return IpLiterals.format(InetAddress.getByAddress(bytes)) + "/" + ipv6Prefix;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an address", e);
        }
    }
}
