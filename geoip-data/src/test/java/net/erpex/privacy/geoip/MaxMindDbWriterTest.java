package net.erpex.privacy.geoip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.maxmind.db.Metadata;
import com.maxmind.db.Reader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MaxMindDbWriterTest {

    private static final Instant BUILD_TIME = Instant.parse("2025-11-25T00:00:00Z");
    private static final String MARKER = "\u00AB\u00CD\u00EFMaxMind.com";
    private static final String HUGE = "x".repeat(16_800_000);

    private static MaxMindDbWriter.Builder builder() {
        return MaxMindDbWriter.builder("Test-City", BUILD_TIME);
    }

    private static Map<String, Object> tag(String name) {
        return Map.of("tag", name);
    }

    /** A /32, adjacent /25s, a /24, a /128 and IPv6 networks of two sizes. */
    private static MaxMindDbWriter tiny(MaxMindDbWriter writer) {
        return writer
                .insert("192.0.2.1/32", tag("single-v4"))
                .insert("198.51.100.0/25", tag("low-half"))
                .insert("198.51.100.128/25", tag("high-half"))
                .insert("203.0.113.0/24", tag("whole-24"))
                .insert("2001:db8::1/128", tag("single-v6"))
                .insert("2001:db8:1::/48", tag("v6-48"))
                .insert("2001:db8:2::/64", tag("v6-64"));
    }

    private static byte[] bytes(MaxMindDbWriter writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Reader reader(byte[] database) throws IOException {
        return new Reader(new ByteArrayInputStream(database));
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Object>> lookUp(byte[] database, InetAddress address) throws IOException {
        try (Reader reader = reader(database)) {
            return Optional.ofNullable((Map<String, Object>) reader.get(address, Map.class));
        }
    }

    private static Optional<Object> tagOf(byte[] database, InetAddress address) throws IOException {
        return lookUp(database, address).map(record -> record.get("tag"));
    }

    private static InetAddress ip(String literal) throws IOException {
        return InetAddress.getByName(literal);
    }

    /** An IPv4-mapped address kept as 16 bytes; InetAddress.getByName would turn it into an Inet4Address. */
    private static InetAddress ipv4Mapped(String ipv4) throws IOException {
        byte[] v4 = ip(ipv4).getAddress();
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(v4, 0, v6, 12, 4);
        return Inet6Address.getByAddress(null, v6, -1);
    }

    @Nested
    class Lookups {

        private final byte[] database = bytes(tiny(builder().build()));

        @ParameterizedTest(name = "{0}: {1} -> {2}")
        @CsvSource(nullValues = "none", textBlock = """
                # name,                          address,                                   tag
                single /32,                      192.0.2.1,                                 single-v4
                neighbour below the /32,         192.0.2.0,                                 none
                neighbour above the /32,         192.0.2.2,                                 none
                first of the low /25,            198.51.100.0,                              low-half
                last of the low /25,             198.51.100.127,                            low-half
                first of the adjacent high /25,  198.51.100.128,                            high-half
                last of the high /25,            198.51.100.255,                            high-half
                inside the /24,                  203.0.113.77,                              whole-24
                single /128,                     2001:db8::1,                               single-v6
                next to the /128,                2001:db8::2,                               none
                first of the /48,                2001:db8:1::,                              v6-48
                last of the /48,                 2001:db8:1:ffff:ffff:ffff:ffff:ffff,       v6-48
                just after the /48,              2001:db8:2:1::,                            none
                inside the /64,                  2001:db8:2::abcd,                          v6-64
                IPv4-compatible form of the /24, ::203.0.113.5,                             whole-24
                IPv4-mapped text of the /24,     ::ffff:203.0.113.5,                        whole-24
                """)
        void findsTheRecordOfTheNetworkHoldingTheAddress(String name, String address, String expected)
                throws IOException {
            assertThat(tagOf(database, ip(address))).isEqualTo(Optional.ofNullable(expected));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "single /32,            192.0.2.1,      single-v4",
            "adjacent /25,          198.51.100.200, high-half",
            "/24,                   203.0.113.9,    whole-24",
        })
        void resolvesIpv4MappedAddressesWalkedAs128BitsLikeTheIpv4Address(String name, String ipv4, String expected)
                throws IOException {
            InetAddress mapped = ipv4Mapped(ipv4);
            assertThat(mapped).isInstanceOf(Inet6Address.class);

            assertThat(tagOf(database, mapped)).contains(expected);
        }

        @Test
        void findsNothingForIpv4WhenOnlyIpv6NetworksWereInserted() throws IOException {
            byte[] ipv6Only = bytes(builder().build().insert("2001:db8::/32", tag("v6")));

            assertThat(tagOf(ipv6Only, ip("192.0.2.1"))).isEmpty();
            assertThat(tagOf(ipv6Only, ipv4Mapped("192.0.2.1"))).isEmpty();
            assertThat(tagOf(ipv6Only, ip("2001:db8::5"))).contains("v6");
        }

        @Test
        void writesAnEmptyDatabaseThatFindsNothing() throws IOException {
            byte[] empty = bytes(builder().build());

            assertThat(tagOf(empty, ip("192.0.2.1"))).isEmpty();
            assertThat(tagOf(empty, ip("2001:db8::1"))).isEmpty();
        }

        @ParameterizedTest(name = "{0}-bit records")
        @ValueSource(ints = {24, 28, 32})
        void readsBackWithEveryRecordSize(int recordSize) throws IOException {
            byte[] sized = bytes(tiny(builder().recordSize(recordSize).build()));

            try (Reader reader = reader(sized)) {
                assertThat(reader.getMetadata().recordSize()).isEqualTo(recordSize);
            }
            assertThat(tagOf(sized, ip("198.51.100.128"))).contains("high-half");
            assertThat(tagOf(sized, ipv4Mapped("192.0.2.1"))).contains("single-v4");
            assertThat(tagOf(sized, ip("2001:db8:2::1"))).contains("v6-64");
            assertThat(tagOf(sized, ip("2001:db8:3::1"))).isEmpty();
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "chosen by size, 0",
            "fixed at 32,    32",
        })
        void usesWideRecordsWhenPointersPassTwentyFourBits(String name, int recordSize) throws IOException {
            // A record of about 16 MB first in the data section pushes the next records' pointers past 2^24,
            // so their high bits land in the shared middle byte (28) or the fourth byte (32). The /24 at
            // 198.51.100.0 is a left record (last prefix bit 0), the one at 203.0.113.0 a right one.
            MaxMindDbWriter.Builder builder = builder();
            if (recordSize != 0) {
                builder.recordSize(recordSize);
            }
            byte[] database = bytes(builder.build()
                    .insert("192.0.2.0/24", Map.of("tag", "blob", "blob", HUGE))
                    .insert("198.51.100.0/24", tag("left"))
                    .insert("203.0.113.0/24", tag("right")));

            try (Reader reader = reader(database)) {
                assertThat(reader.getMetadata().recordSize()).isEqualTo(recordSize == 0 ? 28 : recordSize);
            }
            assertThat(tagOf(database, ip("198.51.100.1"))).contains("left");
            assertThat(tagOf(database, ip("203.0.113.1"))).contains("right");
            assertThat(tagOf(database, ipv4Mapped("203.0.113.1"))).contains("right");
            assertThat(tagOf(database, ip("192.0.2.1"))).contains("blob");
        }

        @Test
        void writesToAFileCreatingItsDirectories(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("nested/dir/test.mmdb");

            tiny(builder().build()).write(file);

            assertThat(tagOf(Files.readAllBytes(file), ip("203.0.113.1"))).contains("whole-24");
        }
    }

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
                whole address space             | ::/0                 | covers every address
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

    @Nested
    class Settings {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                blank type              | ' '             | is blank
                type reserved by MaxMind| GeoIP2-City     | reserves for MaxMind
                """)
        void rejectsUnusableDatabaseTypes(String name, String type, String message) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> MaxMindDbWriter.builder(type, BUILD_TIME))
                    .withMessageContaining("'" + type + "'")
                    .withMessageContaining(message);
        }

        @Test
        void rejectsABuildTimeBeforeTheEpoch() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> MaxMindDbWriter.builder("Test-City", Instant.parse("1969-12-31T23:59:59Z")))
                    .withMessageContaining("1969-12-31T23:59:59Z is before 1970-01-01T00:00:00Z");
        }

        @ParameterizedTest(name = "record size {0}")
        @ValueSource(ints = {0, 16, 25, 64})
        void rejectsRecordSizesTheFormatDoesNotDefine(int bits) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> builder().recordSize(bits))
                    .withMessage("record size " + bits + " is not accepted; expected 24, 28 or 32");
        }

        @Test
        void rejectsRepeatedLanguages() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> builder().languages(List.of("en", "fr", "en")))
                    .withMessageContaining("language 'en' in [en, fr, en] is blank or repeated");
        }

        @Test
        void rejectsADescriptionWithoutLanguage() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> builder().description(" ", "text"))
                    .withMessageContaining("description in language ' '");
        }
    }

    @Nested
    class MetadataSection {

        @Test
        void recordsTheBuilderSettingsAndTheTreeShape() throws IOException {
            byte[] database = bytes(builder()
                    .languages(List.of("en", "fr"))
                    .description("en", "Test data")
                    .description("fr", "Données de test")
                    .build()
                    .insert("192.0.2.0/24", tag("a")));

            try (Reader reader = reader(database)) {
                Metadata metadata = reader.getMetadata();
                assertThat(metadata.databaseType()).isEqualTo("Test-City");
                assertThat(metadata.description()).containsExactlyInAnyOrderEntriesOf(
                        Map.of("en", "Test data", "fr", "Données de test"));
                assertThat(metadata.languages()).containsExactly("en", "fr");
                assertThat(metadata.ipVersion()).isEqualTo(6);
                assertThat(metadata.binaryFormatMajorVersion()).isEqualTo(2);
                assertThat(metadata.binaryFormatMinorVersion()).isZero();
                assertThat(metadata.buildTime()).isEqualTo(BUILD_TIME);
                assertThat(metadata.recordSize()).isEqualTo(24);
                // 120 nodes down to the /24 under ::/96, plus 15 on the ::ffff:0:0/96 alias path
                // where it leaves the ::/96 path after bit 80.
                assertThat(metadata.nodeCount()).isEqualTo(135);
            }
        }

        @Test
        void leavesOutEmptyLanguagesAndDescription() throws IOException {
            try (Reader reader = reader(bytes(builder().build()))) {
                assertThat(reader.getMetadata().languages()).isNullOrEmpty();
                assertThat(reader.getMetadata().description()).isNullOrEmpty();
                assertThat(reader.getMetadata().nodeCount()).isEqualTo(1);
            }
        }
    }

    @Nested
    class Output {

        @Test
        void isTheSameWhateverTheInsertOrderAndMapOrder() {
            Map<String, Object> ordered = new LinkedHashMap<>();
            ordered.put("a", 1);
            ordered.put("b", Map.of("x", "y"));
            Map<String, Object> reversed = new LinkedHashMap<>();
            reversed.put("b", Map.of("x", "y"));
            reversed.put("a", 1);

            byte[] first = bytes(builder().build()
                    .insert("192.0.2.0/24", ordered)
                    .insert("2001:db8::/32", tag("v6")));
            byte[] second = bytes(builder().build()
                    .insert("2001:db8::/32", tag("v6"))
                    .insert("192.0.2.0/24", reversed));

            assertThat(second).isEqualTo(first);
        }

        @Test
        void storesIdenticalRecordsOnce() {
            Map<String, Object> record = Map.of("country", Map.of("iso_code", "FR"));
            SearchTree tree = new SearchTree();
            List<String> networks = List.of("192.0.2.0/24", "198.51.100.0/24", "2001:db8::/32");
            List<byte[]> encoded = new ArrayList<>();
            for (String network : networks) {
                byte[] data = DataEncoder.encodeRecord(record, network);
                encoded.add(data);
                tree.insert(Cidr.parse(network), data);
            }

            SearchTree.Serialised serialised = tree.serialise(SearchTree.SMALLEST_RECORD_SIZE);

            assertThat(serialised.dataSection()).isEqualTo(encoded.get(0));
        }

        @Test
        void canBeWrittenAgainAfterMoreInserts() throws IOException {
            MaxMindDbWriter writer = builder().build().insert("2001:db8::/32", tag("v6"));
            bytes(writer);
            byte[] database = bytes(writer.insert("192.0.2.0/24", tag("v4")));

            assertThat(tagOf(database, ipv4Mapped("192.0.2.7"))).contains("v4");
            assertThat(tagOf(database, ip("2001:db8::7"))).contains("v6");
        }

        @Test
        void separatesTreeAndDataWithSixteenZeroBytesAndEndsWithTheMetadata() throws IOException {
            byte[] database = bytes(tiny(builder().build()));
            long treeBytes;
            try (Reader reader = reader(database)) {
                treeBytes = reader.getMetadata().nodeCount() * reader.getMetadata().recordSize() * 2 / 8;
            }
            String text = new String(database, StandardCharsets.ISO_8859_1);

            assertThat(Arrays.copyOfRange(database, (int) treeBytes, (int) treeBytes + 16)).containsOnly(0);
            assertThat(database[(int) treeBytes + 16]).isNotZero();
            assertThat(text.indexOf(MARKER)).isEqualTo(text.lastIndexOf(MARKER)).isGreaterThan((int) treeBytes);
        }
    }
}
