package net.erpex.privacy.geoip;

import static net.erpex.privacy.geoip.TestDatabases.BUILD_TIME;
import static net.erpex.privacy.geoip.TestDatabases.builder;
import static net.erpex.privacy.geoip.TestDatabases.bytes;
import static net.erpex.privacy.geoip.TestDatabases.ip;
import static net.erpex.privacy.geoip.TestDatabases.ipv4Mapped;
import static net.erpex.privacy.geoip.TestDatabases.reader;
import static net.erpex.privacy.geoip.TestDatabases.tag;
import static net.erpex.privacy.geoip.TestDatabases.tagOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.maxmind.db.Metadata;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Lookups, metadata, settings and output layout of written databases, read back with MaxMind's reader. */
class MaxMindDbWriterTest {

    private static final String MARKER = "\u00AB\u00CD\u00EFMaxMind.com";
    private static final String HUGE = "x".repeat(16_800_000);

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
