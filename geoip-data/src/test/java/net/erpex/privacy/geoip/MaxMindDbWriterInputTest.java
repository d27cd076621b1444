package net.erpex.privacy.geoip;

import static net.erpex.privacy.geoip.TestDatabases.builder;
import static net.erpex.privacy.geoip.TestDatabases.bytes;
import static net.erpex.privacy.geoip.TestDatabases.ip;
import static net.erpex.privacy.geoip.TestDatabases.lookUp;
import static net.erpex.privacy.geoip.TestDatabases.tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** What the writer accepts: data types that round-trip, and networks and values it rejects. */
class MaxMindDbWriterInputTest {

    private static final String HUGE = "x".repeat(16_800_000);

    @Nested
    class DataTypes {

        private static final String LONG_TEXT = "x".repeat(70_000);

        static Stream<Arguments> values() {
            Map<String, Object> nested = new LinkedHashMap<>();
            nested.put("names", Map.of("en", "Paris", "ja", "パリ"));
            nested.put("list", List.of(1, "two", true));
            return Stream.of(
                    Arguments.of("empty string", "", ""),
                    Arguments.of("non-ASCII string", "Île-de-France 東京", "Île-de-France 東京"),
                    Arguments.of("string of 28 bytes, largest inline size", "a".repeat(28), "a".repeat(28)),
                    Arguments.of("string of 29 bytes, one size byte", "a".repeat(29), "a".repeat(29)),
                    Arguments.of("string of 285 bytes, two size bytes", "a".repeat(285), "a".repeat(285)),
                    Arguments.of("string of 70000 bytes, three size bytes", LONG_TEXT, LONG_TEXT),
                    Arguments.of("boolean true", true, true),
                    Arguments.of("boolean false", false, false),
                    Arguments.of("double", 48.8566, 48.8566),
                    Arguments.of("negative double", -122.4194, -122.4194),
                    Arguments.of("integer zero as uint16", 0, 0),
                    Arguments.of("largest uint16", 65_535, 65_535),
                    Arguments.of("integer above uint16 as int32", 65_536, 65_536),
                    Arguments.of("negative integer as int32", -1, -1),
                    Arguments.of("smallest int32", Integer.MIN_VALUE, Integer.MIN_VALUE),
                    Arguments.of("long as uint32", 4_294_967_295L, 4_294_967_295L),
                    Arguments.of("long above uint32 as uint64", 4_294_967_296L, BigInteger.valueOf(4_294_967_296L)),
                    Arguments.of("largest uint64", BigInteger.TWO.pow(64).subtract(BigInteger.ONE),
                            BigInteger.TWO.pow(64).subtract(BigInteger.ONE)),
                    Arguments.of("largest uint128", BigInteger.TWO.pow(128).subtract(BigInteger.ONE),
                            BigInteger.TWO.pow(128).subtract(BigInteger.ONE)),
                    Arguments.of("empty map", Map.of(), Map.of()),
                    Arguments.of("empty list", List.of(), List.of()),
                    Arguments.of("nested map and list", nested, nested),
                    Arguments.of("map of 40 entries", numbered(40), numbered(40)),
                    Arguments.of("list of 300 elements", Collections.nCopies(300, 7), Collections.nCopies(300, 7)));
        }

        private static Map<String, Object> numbered(int entries) {
            Map<String, Object> map = new HashMap<>();
            IntStream.range(0, entries).forEach(i -> map.put("k" + i, i));
            return map;
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("values")
        void roundTripsThroughMaxMindsReader(String name, Object written, Object read) throws IOException {
            byte[] database = bytes(builder().build().insert("192.0.2.0/24", Map.of("value", written)));

            Map<String, Object> record = lookUp(database, ip("192.0.2.1")).orElseThrow();

            assertThat(record.get("value")).isEqualTo(read);
        }
    }

    @Nested
    class Rejections {

        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource(delimiter = '|', textBlock = """
                # name                          | network              | message
                no prefix length                | 192.0.2.0            | expected address/prefix-length
                empty prefix length             | 192.0.2.0/           | expected address/prefix-length
                prefix with sign                | 192.0.2.0/+24        | expected address/prefix-length
                IPv4 octet above 255            | 192.0.256.0/24       | IPv4 octets are 0 to 255
                IPv4 octet with leading zero    | 192.0.02.0/24        | expected an IPv4 or IPv6 literal
                IPv4 prefix above 32            | 192.0.2.0/33         | an IPv4 prefix length is 0 to 32
                IPv6 prefix above 128           | 2001:db8::/129       | an IPv6 prefix length is 0 to 128
                host bits set                   | 192.0.2.1/24         | bits set beyond the prefix length
                IPv6 host bits set              | 2001:db8::1/32       | bits set beyond the prefix length
                host name instead of address    | example.com/24       | expected an IPv4 or IPv6 literal
                hex host name never asks DNS    | deadbeef/24          | expected an IPv4 or IPv6 literal
                malformed IPv6                  | 2001:db8:::1/64      | not a valid IPv6 address
                IPv6 zone id                    | fe80::1%eth0/64      | expected an IPv4 or IPv6 literal
                bracketed IPv6                  | [2001:db8::]/32      | expected an IPv4 or IPv6 literal
                whole address space             | ::/0                 | overlaps ::ffff:0:0/96
                inside the IPv4-mapped alias    | ::ffff:192.0.2.0/120 | overlaps ::ffff:0:0/96
                containing the IPv4-mapped alias| ::/64                | overlaps ::ffff:0:0/96
                """)
        void rejectsMalformedOrReservedNetworksNamingThem(String name, String network, String message) {
            MaxMindDbWriter writer = builder().build();

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> writer.insert(network, tag("x")))
                    .withMessageContaining("'" + network + "'")
                    .withMessageContaining(message);
        }

        @Test
        void rejectsANullNetwork() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> builder().build().insert(null, tag("x")))
                    .withMessageContaining("must not be null");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "same network twice,              192.0.2.0/24,   192.0.2.0/24",
            "network inside an earlier one,   192.0.2.0/24,   192.0.2.128/25",
            "network around an earlier one,   192.0.2.128/25, 192.0.2.0/24",
            "IPv6 inside an earlier IPv6,     2001:db8::/32,  2001:db8:1::/48",
            "IPv6 /96 around earlier IPv4,    192.0.2.0/24,   ::/96",
        })
        void rejectsOverlappingNetworksNamingBoth(String name, String first, String second) {
            MaxMindDbWriter writer = builder().build().insert(first, tag("first"));

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> writer.insert(second, tag("second")))
                    .withMessage("network '%s' overlaps '%s', inserted before; networks must not overlap",
                            second, first);
        }

        static Stream<Arguments> unsupportedData() {
            Map<String, Object> nullValue = new HashMap<>();
            nullValue.put("city", null);
            Map<Object, Object> integerKey = Map.of(1, "one");
            return Stream.of(
                    Arguments.of("float", Map.of("location", Map.of("latitude", 48.8f)),
                            "at 'location.latitude': java.lang.Float"),
                    Arguments.of("null value", nullValue, "at 'city': null"),
                    Arguments.of("object in a list", Map.of("list", List.of("a", new Object())),
                            "at 'list[1]': java.lang.Object"),
                    Arguments.of("negative long", Map.of("n", -5L), "at 'n': negative Long -5"),
                    Arguments.of("negative big integer", Map.of("n", BigInteger.valueOf(-1)),
                            "at 'n': BigInteger -1 outside 0 to 2^128-1"),
                    Arguments.of("big integer above uint128", Map.of("n", BigInteger.TWO.pow(128)),
                            "outside 0 to 2^128-1"),
                    Arguments.of("non-string map key", Map.of("names", integerKey),
                            "at 'names': map key 1 (map keys must be String)"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("unsupportedData")
        void rejectsUnsupportedDataNamingNetworkAndField(String name, Map<String, ?> data, String message) {
            MaxMindDbWriter writer = builder().build();

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> writer.insert("192.0.2.0/24", data))
                    .withMessageStartingWith("unsupported data value for 192.0.2.0/24 ")
                    .withMessageContaining(message)
                    .withMessageEndingWith("accepted: String, Integer, Long, Double, Boolean, BigInteger,"
                            + " Map<String, ?>, List<?>");
        }

        @Test
        void rejectsANullRecord() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> builder().build().insert("192.0.2.0/24", null))
                    .withMessageStartingWith("unsupported data value for 192.0.2.0/24: null record");
        }

        @Test
        void keepsTheDatabaseUnchangedWhenAnInsertIsRejected() throws IOException {
            MaxMindDbWriter writer = builder().build().insert("192.0.2.0/24", tag("kept"));
            byte[] before = bytes(writer);

            assertThatIllegalArgumentException().isThrownBy(() -> writer.insert("192.0.2.0/25", tag("dropped")));
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> writer.insert("198.51.100.0/24", Map.of("bad", 1.5f)));

            assertThat(bytes(writer)).isEqualTo(before);
        }

        @Test
        void failsToWriteWhenTheChosenRecordSizeIsTooSmall() {
            MaxMindDbWriter writer = builder().recordSize(24).build()
                    .insert("192.0.2.0/24", Map.of("blob", HUGE));

            assertThatThrownBy(() -> writer.write(new ByteArrayOutputStream()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("do not fit 24-bit records");
        }
    }

}
