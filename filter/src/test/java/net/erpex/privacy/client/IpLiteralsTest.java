package net.erpex.privacy.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {

    @Nested
    class Parsing {

        @ParameterizedTest(name = "{0}: {1} -> {2}")
        @CsvSource(delimiter = '|', textBlock = """
                ipv4 documentation address  | 192.0.2.1                               | 192.0.2.1
                ipv4 zeros                  | 0.0.0.0                                 | 0.0.0.0
                ipv4 broadcast              | 255.255.255.255                         | 255.255.255.255
                ipv4 single zero parts      | 203.0.0.7                               | 203.0.0.7
                ipv6 unspecified            | ::                                      | ::
                ipv6 loopback               | ::1                                     | ::1
                ipv6 documentation          | 2001:db8::1                             | 2001:db8::1
                ipv6 uncompressed           | 2001:db8:0:0:0:0:2:1                    | 2001:db8::2:1
                ipv6 uppercase and zeros    | 2001:0DB8:0000:0000:0000:0000:0000:0001 | 2001:db8::1
                ipv6 trailing gap           | 2001:db8::                              | 2001:db8::
                ipv6 gap of one group       | 2001:db8:1:1:1:1::1                     | 2001:db8:1:1:1:1:0:1
                ipv6 first longest run wins | 2001:0:0:1:0:0:0:1                      | 2001:0:0:1::1
                ipv6 equal runs first wins  | 2001:db8:0:0:1:0:0:1                    | 2001:db8::1:0:0:1
                ipv6 in brackets            | [::1]                                   | ::1
                ipv6 bracketed full         | [2001:db8:cafe::17]                     | 2001:db8:cafe::17
                ipv6 embedded ipv4          | 64:ff9b::192.0.2.33                     | 64:ff9b::c000:221
                ipv4-mapped becomes ipv4    | ::ffff:192.0.2.1                        | 192.0.2.1
                ipv4-mapped long form       | 0:0:0:0:0:ffff:c000:201                 | 192.0.2.1
                ipv4-mapped in brackets     | [::ffff:192.0.2.1]                      | 192.0.2.1
                ipv4-compatible             | ::192.0.2.1                             | 192.0.2.1
                ipv4-compatible hex form    | ::c000:201                              | 192.0.2.1
                ipv4-compatible long form   | 0:0:0:0:0:0:c000:201                    | 192.0.2.1
                ipv4-compatible low address | ::0.0.0.2                               | 0.0.0.2
                ipv6 loopback long form     | 0:0:0:0:0:0:0:1                         | ::1
                """)
        void acceptsLiteralsAndFormatsThemCanonically(String name, String literal, String canonical) {
            Optional<InetAddress> parsed = IpLiterals.parse(literal);

            assertThat(parsed).isPresent();
            assertThat(IpLiterals.format(parsed.get())).isEqualTo(canonical);
        }

        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource(delimiter = '|', textBlock = """
                three parts               | 1.2.3
                five parts                | 1.2.3.4.5
                part above 255            | 256.1.1.1
                leading zero (octal?)     | 01.2.3.4
                leading zeros in last     | 192.0.2.010
                empty part                | 192..2.1
                trailing dot              | 192.0.2.1.
                leading plus              | +1.2.3.4
                inner plus                | 192.0.+2.1
                leading space             | ' 192.0.2.1'
                trailing space            | '192.0.2.1 '
                hex ipv4 part             | 0xc0.0.2.1
                single number             | 3221225985
                host name                 | example.com
                localhost                 | localhost
                zone id                   | fe80::1%eth0
                numeric zone id           | fe80::1%1
                two gaps                  | 2001::db8::1
                triple colon              | :::1
                single leading colon      | :1:2:3:4:5:6:7
                single trailing colon     | 1:2:3:4:5:6:7:
                nine groups               | 1:2:3:4:5:6:7:8:9
                seven groups without gap  | 1:2:3:4:5:6:7
                gap plus eight groups     | 1:2:3:4::5:6:7:8
                group of five digits      | 2001:db8::12345
                non-hex group             | 2001:db8::g
                ipv4 not last             | ::192.0.2.1:1
                ipv4 tail too many groups | 1:2:3:4:5:6:7:192.0.2.1
                bad embedded ipv4         | ::ffff:192.0.2.256
                unclosed bracket          | [::1
                ipv4 in brackets          | [192.0.2.1]
                empty brackets            | []
                bracket with port         | [::1]:80
                ipv4 with port            | 192.0.2.1:80
                full-width digits         | １.2.3.4
                arabic-indic digits       | ١٩٢.0.2.1
                """)
        void rejectsEverythingElse(String name, String literal) {
            assertThat(IpLiterals.parse(literal)).isEmpty();
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {" ", "unknown", "_hidden"})
        void rejectsAbsentAndSpecialValues(String literal) {
            assertThat(IpLiterals.parse(literal)).isEmpty();
        }

        @Test
        void rejectsInputLongerThanTheLimitWithoutLookingAtIt() {
            String padded = "0:0:0:0:0:0:0:0000000000000000000000000000000000000000000000000001";

            assertThat(padded.length()).isGreaterThan(IpLiterals.MAX_LENGTH);
            assertThat(IpLiterals.parse(padded)).isEmpty();
        }

        @Test
        void returnsIpv4AddressesForMappedAndCompatibleIpv6AndIpv6Otherwise() {
            assertThat(IpLiterals.parse("::ffff:198.51.100.7")).get().isInstanceOf(Inet4Address.class);
            assertThat(IpLiterals.parse("::198.51.100.7")).get().isInstanceOf(Inet4Address.class);
            assertThat(IpLiterals.parse("2001:db8::7")).get().isInstanceOf(Inet6Address.class);
            assertThat(IpLiterals.parse("::1")).get().isInstanceOf(Inet6Address.class);
            assertThat(IpLiterals.parse("::")).get().isInstanceOf(Inet6Address.class);
        }

        @Test
        void givesEveryFormOfOneAddressOneCanonicalIdentity() throws Exception {
            byte[] compatible = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 198, 51, 100, 7};
            InetAddress fromSocket = Inet6Address.getByAddress(null, compatible, -1);

            assertThat(IpLiterals.canonical(fromSocket)).isEqualTo(IpLiterals.parse("198.51.100.7").orElseThrow());
            assertThat(IpLiterals.canonical(IpLiterals.parse("2001:db8::7").orElseThrow()))
                    .isEqualTo(IpLiterals.parse("2001:db8::7").orElseThrow());
        }

        @Test
        void yieldsAddressesWhoseHostNameIsTheLiteralNotALookup() {
            InetAddress address = IpLiterals.parse("203.0.113.9").orElseThrow();

            assertThat(address.getHostAddress()).isEqualTo("203.0.113.9");
            assertThat(address.toString()).isEqualTo("/203.0.113.9");
        }
    }

    @Nested
    class Formatting {

        @Test
        void dropsTheZoneOfAScopedAddress() throws Exception {
            byte[] linkLocal = IpLiterals.parse("fe80::1").orElseThrow().getAddress();

            assertThat(IpLiterals.format(Inet6Address.getByAddress(null, linkLocal, 3))).isEqualTo("fe80::1");
        }

        @Test
        void neverCompressesASingleZeroGroup() {
            assertThat(IpLiterals.format(IpLiterals.parse("2001:db8:0:1:1:1:1:1").orElseThrow()))
                    .isEqualTo("2001:db8:0:1:1:1:1:1");
        }

        @Test
        void rejectsNull() {
            assertThatNullPointerException().isThrownBy(() -> IpLiterals.format(null));
        }
    }
}
