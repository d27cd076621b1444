package net.erpex.privacy.geo;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Addresses that are nowhere on the map: loopback, private, link-local, carrier-grade NAT, multicast and the like.
 * They are answered without a lookup. The documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
 * 2001:db8::/32) are deliberately not here: the demo database places them, and a real database simply misses them.
 */
final class ReservedAddresses {

    private ReservedAddresses() {
    }

    static boolean isReserved(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 // "this network"
                    || (first == 100 && second >= 64 && second < 128) // 100.64.0.0/10 carrier-grade NAT
                    || first >= 240; // 240.0.0.0/4 reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc; // fc00::/7 unique local
        }
        return false;
    }
}
