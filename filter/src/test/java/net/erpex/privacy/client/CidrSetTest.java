package net.erpex.privacy.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrSetTest {

    private static InetAddress ip(String literal) {
        return IpLiterals.parse(literal).orElseThrow();
    }

    @Nested
    class Parsing {

        @ParameterizedTest(name = "{0}: ''{1}'' -> ''{2}''")
        @CsvSource(delimiter = '|', textBlock = """
                empty string          | ''                                    | ''
                blank string          | '  '                                  | ''
                one ipv4 block        | 192.0.2.0/24                          | 192.0.2.0/24
                one ipv6 block        | 2001:db8::/32                         | 2001:db8::/32
                bare ipv4 address     | 198.51.100.7                          | 198.51.100.7/32
                bare ipv6 address     | 2001:DB8:0::1                         | 2001:db8::1/128
                bracketed ipv6        | [2001:db8::]/32                       | 2001:db8::/32
                comma separated       | 192.0.2.0/24,2001:db8::/32            | 192.0.2.0/24, 2001:db8::/32
                whitespace separated  | 192.0.2.0/24  2001:db8::/32           | 192.0.2.0/24, 2001:db8::/32
                mixed with newlines   | '192.0.2.0/24,\n 203.0.113.0/24 ,'    | 192.0.2.0/24, 203.0.113.0/24
                duplicates kept once  | 192.0.2.0/24, 192.0.2.0/24            | 192.0.2.0/24
                zero prefix           | 0.0.0.0/0, ::/0                       | 0.0.0.0/0, ::/0
                ipv4-mapped block     | ::ffff:198.51.100.0/120               | 198.51.100.0/24
                """)
        void acceptsAddressesAndBlocks(String name, String list, String canonical) {
            CidrSet set = CidrSet.parse(list.replace("\\n", "\n"));

            assertThat(set).hasToString(canonical);
            assertThat(CidrSet.parse(set.toString())).isEqualTo(set);
        }

        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource(delimiter = '|', textBlock = """
                host name               | proxy.example         | 'proxy.example' is not an IPv4 or IPv6 address literal
                localhost               | localhost             | 'localhost' is not an IPv4 or IPv6 address literal
                three-part ipv4         | 198.51.100/24         | '198.51.100' is not an IPv4 or IPv6 address literal
                leading zero            | 198.051.100.0/24      | '198.051.100.0' is not an IPv4 or IPv6 address literal
                prefix too long ipv4    | 192.0.2.0/33          | the prefix length '33' is not a number from 0 to 32
                prefix too long ipv6    | 2001:db8::/129        | the prefix length '129' is not a number from 0 to 128
                negative prefix         | 192.0.2.0/-1          | the prefix length '-1' is not a number from 0 to 32
                empty prefix            | 192.0.2.0/            | the prefix length '' is not a number from 0 to 32
                prefix with zero        | 192.0.2.0/024         | the prefix length '024' is not a number from 0 to 32
                two slashes             | 192.0.2.0/24/8        | the prefix length '24/8' is not a number from 0 to 32
                ipv4 host bits          | 192.0.2.1/24          | host bits are set beyond the /24 prefix; did you mean 192.0.2.0/24?
                ipv6 host bits          | 2001:db8::1/32        | host bits are set beyond the /32 prefix; did you mean 2001:db8::/32?
                mapped prefix too short | ::ffff:192.0.2.0/64   | an IPv4-mapped block needs a prefix of at least 96
                zone id                 | fe80::%eth0/10        | 'fe80::%eth0' is not an IPv4 or IPv6 address literal
                """)
        void rejectsBadEntriesNamingTheEntryAndTheFormat(String name, String entry, String reason) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> CidrSet.parse("203.0.113.0/24, " + entry))
                    .withMessageContaining("'" + entry + "'")
                    .withMessageContaining(reason)
                    .withMessageEndingWith("expected a comma-separated list of IPv4 or IPv6 addresses or CIDR blocks,"
                            + " e.g. 10.0.0.0/8, 2001:db8::/32");
        }

        @Test
        void treatsNullAsTheEmptySet() {
            assertThat(CidrSet.parse(null).isEmpty()).isTrue();
            assertThat(CidrSet.parse(null)).isEqualTo(CidrSet.empty());
        }
    }

    @Nested
    class Membership {

        @ParameterizedTest(name = "{0}: {2} in {1} = {3}")
        @CsvSource(delimiter = '|', textBlock = """
                inside ipv4 block         | 198.51.100.0/24 | 198.51.100.255      | true
                below ipv4 block          | 198.51.100.0/24 | 198.51.99.255       | false
                odd prefix inside         | 192.0.2.64/27   | 192.0.2.95          | true
                odd prefix outside        | 192.0.2.64/27   | 192.0.2.96          | false
                single host               | 203.0.113.5     | 203.0.113.5         | true
                single host neighbour     | 203.0.113.5     | 203.0.113.4         | false
                inside ipv6 block         | 2001:db8::/32   | 2001:db8:ffff::1    | true
                outside ipv6 block        | 2001:db8::/32   | 2001:db9::1         | false
                ipv6 vs ipv4 block        | 0.0.0.0/0       | 2001:db8::1         | false
                ipv4 vs ipv6 block        | ::/0            | 192.0.2.1           | false
                mapped peer in ipv4 block | 192.0.2.0/24    | ::ffff:192.0.2.9    | true
                everything ipv4           | 0.0.0.0/0       | 203.0.113.200       | true
                """)
        void containsExactlyTheAddressesOfItsBlocks(String name, String list, String address, boolean expected) {
            assertThat(CidrSet.parse(list).contains(ip(address))).isEqualTo(expected);
        }

        @Test
        void matchesAnIpv6ObjectThatMapsAnIpv4Address() throws Exception {
            byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 9};
            InetAddress v6 = java.net.Inet6Address.getByAddress(null, mapped, -1);

            assertThat(CidrSet.parse("192.0.2.0/24").contains(v6)).isTrue();
        }

        @Test
        void matchesAnIpv6ObjectInTheIpv4CompatibleFormButNotLoopback() throws Exception {
            byte[] compatible = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 192, 0, 2, 9};
            byte[] loopback = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

            assertThat(CidrSet.parse("192.0.2.0/24").contains(java.net.Inet6Address.getByAddress(null, compatible, -1)))
                    .isTrue();
            assertThat(CidrSet.parse("0.0.0.0/8").contains(java.net.Inet6Address.getByAddress(null, loopback, -1)))
                    .isFalse();
            assertThat(CidrSet.parse("::1").contains(java.net.Inet6Address.getByAddress(null, loopback, -1)))
                    .isTrue();
        }

        @Test
        void emptySetContainsNothing() {
            assertThat(CidrSet.empty().isEmpty()).isTrue();
            assertThat(CidrSet.empty().contains(ip("127.0.0.1"))).isFalse();
            assertThat(CidrSet.empty().contains(null)).isFalse();
        }
    }

    @Nested
    class LoopbackAndPrivate {

        @ParameterizedTest(name = "{0}")
        @CsvSource({
                "127.0.0.1, true", "127.255.255.254, true", "::1, true", "10.1.2.3, true", "172.16.0.1, true",
                "172.31.255.255, true", "172.32.0.1, false", "192.168.1.1, true", "169.254.10.10, true",
                "fd00::1, true", "fc00::1, true", "fe80::1, true", "febf::1, true", "fec0::1, false",
                "192.0.2.1, false", "2001:db8::1, false", "::ffff:127.0.0.1, true", "::2, false"})
        void coversLoopbackPrivateAndLinkLocalNetworksOnly(String address, boolean expected) {
            assertThat(CidrSet.loopbackAndPrivate().contains(ip(address))).isEqualTo(expected);
        }

        @Test
        void listsItsBlocks() {
            assertThat(CidrSet.loopbackAndPrivate()).hasToString("127.0.0.0/8, ::1/128, 10.0.0.0/8, 172.16.0.0/12,"
                    + " 192.168.0.0/16, fc00::/7, 169.254.0.0/16, fe80::/10");
        }
    }
}
