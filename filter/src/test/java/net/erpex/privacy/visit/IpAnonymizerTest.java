package net.erpex.privacy.visit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpAnonymizerTest {

    private static final byte[] KEY = "0123456789abcdef-test-key".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_KEY = "fedcba9876543210-test-key".getBytes(StandardCharsets.UTF_8);

    /** An IPv4-mapped address kept as IPv6: InetAddress.getByName would turn it into IPv4 itself. */
    private static InetAddress mapped(int a, int b, int c, int d) throws UnknownHostException {
        byte[] bytes = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) a, (byte) b, (byte) c,
            (byte) d};
        return Inet6Address.getByAddress(null, bytes, -1);
    }

    @Nested
    class Full {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                IPv4                          | 192.0.2.33                      | 192.0.2.33
                IPv6 compressed as RFC 5952   | 2001:DB8:0:0:0:0:0:1            | 2001:db8::1
                IPv6 single zero group kept   | 2001:db8:0:1:1:1:1:1            | 2001:db8:0:1:1:1:1:1
                IPv6 first longest run wins   | 2001:db8:0:0:1:0:0:1            | 2001:db8::1:0:0:1
                IPv6 trailing zeros           | 2001:db8:1::                    | 2001:db8:1::
                IPv6 leading zeros in groups  | 2001:0db8:0000:0000:0000:0000:0000:0042 | 2001:db8::42
                IPv6 scope id dropped         | fe80::1%1                       | fe80::1
                """)
        void storesTheCanonicalText(String name, String literal, String expected) {
            IpAnonymizer full = new IpAnonymizer(IpStorage.FULL, null);

            assertThat(full.apply(TestRecords.address(literal), "ignored")).isEqualTo(expected);
        }

        @Test
        void storesTheFallbackWhenTheAddressIsUnknown() {
            assertThat(new IpAnonymizer(IpStorage.FULL, null).apply(null, "unknown")).isEqualTo("unknown");
            assertThat(new IpAnonymizer(IpStorage.FULL, null).apply(null, null)).isEmpty();
        }

        @Test
        void treatsMappedAddressesAsIpv4() throws UnknownHostException {
            assertThat(new IpAnonymizer(IpStorage.FULL, null).apply(mapped(192, 0, 2, 7), "")).isEqualTo(
                    "192.0.2.7");
        }
    }

    @Nested
    class Truncated {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                IPv4 keeps the /24            | 192.0.2.33                      | 192.0.2.0
                IPv4 already a network        | 198.51.100.0                    | 198.51.100.0
                IPv6 keeps the /48            | 2001:db8:1:2:3:4:5:6            | 2001:db8:1::
                IPv6 /48 with a zero group    | 2001:db8:0:ffff::1              | 2001:db8::
                IPv6 full /48                 | 2001:db8:abcd:12:3:4:5:6        | 2001:db8:abcd::
                """)
        void keepsOnlyTheNetwork(String name, String literal, String expected) {
            IpAnonymizer truncated = new IpAnonymizer(IpStorage.TRUNCATED, null);

            assertThat(truncated.apply(TestRecords.address(literal), literal)).isEqualTo(expected);
        }

        @Test
        void truncatesMappedAddressesLikeIpv4() throws UnknownHostException {
            assertThat(new IpAnonymizer(IpStorage.TRUNCATED, null).apply(mapped(203, 0, 113, 99), ""))
                    .isEqualTo("203.0.113.0");
        }

        @Test
        void neverStoresTheFallbackText() {
            assertThat(new IpAnonymizer(IpStorage.TRUNCATED, null).apply(null, "203.0.113.99")).isEmpty();
        }
    }

    @Nested
    class Hashed {

        private final IpAnonymizer hashed = new IpAnonymizer(IpStorage.HASHED, KEY);

        @Test
        void givesTheSameShortUrlSafeValueForTheSameAddress() {
            String first = hashed.apply(TestRecords.address("192.0.2.33"), "");

            assertThat(first).matches("[A-Za-z0-9_-]{22}");
            assertThat(hashed.apply(TestRecords.address("192.0.2.33"), "other text")).isEqualTo(first);
            assertThat(new IpAnonymizer(IpStorage.HASHED, KEY.clone()).apply(TestRecords.address("192.0.2.33"), ""))
                    .isEqualTo(first);
        }

        @Test
        void givesDifferentValuesForDifferentAddressesAndKeys() {
            String v4 = hashed.apply(TestRecords.address("192.0.2.33"), "");

            assertThat(hashed.apply(TestRecords.address("192.0.2.34"), "")).isNotEqualTo(v4);
            assertThat(hashed.apply(TestRecords.address("2001:db8::1"), "")).isNotEqualTo(v4);
            assertThat(new IpAnonymizer(IpStorage.HASHED, OTHER_KEY).apply(TestRecords.address("192.0.2.33"), ""))
                    .isNotEqualTo(v4);
        }

        @Test
        void hashesMappedAddressesLikeIpv4() throws UnknownHostException {
            assertThat(hashed.apply(mapped(192, 0, 2, 33), ""))
                    .isEqualTo(hashed.apply(TestRecords.address("192.0.2.33"), ""));
        }

        @Test
        void hashesAFallbackTextInsteadOfStoringIt() {
            String value = hashed.apply(null, "_hidden");

            assertThat(value).matches("[A-Za-z0-9_-]{22}").isEqualTo(hashed.apply(null, "_hidden"));
            assertThat(hashed.apply(null, "")).isEmpty();
        }

        @Test
        void hashesEachFallbackTextByAllItsCharacters() {
            String hidden = hashed.apply(null, "_hidden");

            assertThat(hashed.apply(null, "_hiddeN")).isNotEqualTo(hidden);
            assertThat(hashed.apply(null, "_hidden2")).isNotEqualTo(hidden);
            assertThat(hashed.apply(null, "x")).isNotEqualTo(hashed.apply(null, "y"));
            assertThat(hashed.apply(null, "é")).isNotEqualTo(hashed.apply(null, "e"));
        }

        @Test
        void doesNotKeepAReferenceToTheCallersKey() {
            byte[] key = KEY.clone();
            IpAnonymizer anonymizer = new IpAnonymizer(IpStorage.HASHED, key);
            String before = anonymizer.apply(TestRecords.address("192.0.2.33"), "");
            key[0] ^= 1;

            assertThat(anonymizer.apply(TestRecords.address("192.0.2.33"), "")).isEqualTo(before);
        }

        @Test
        void isSafeToShareBetweenThreads() {
            String expected = hashed.apply(TestRecords.address("198.51.100.7"), "");
            Set<String> seen = ConcurrentHashMap.newKeySet();

            IntStream.range(0, 2_000).parallel()
                    .forEach(i -> seen.add(hashed.apply(TestRecords.address("198.51.100.7"), "")));

            assertThat(seen).containsExactly(expected);
        }
    }

    @Nested
    class Validation {

        @Test
        void requiresAMode() {
            assertThatThrownBy(() -> new IpAnonymizer(null, KEY)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("FULL, TRUNCATED, HASHED");
        }

        @Test
        void requiresAKeyForHashing() {
            assertThatThrownBy(() -> new IpAnonymizer(IpStorage.HASHED, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("IP storage HASHED needs a hash key of at least 16 bytes, got none");
        }

        @Test
        void rejectsAShortKey() {
            assertThatThrownBy(() -> new IpAnonymizer(IpStorage.HASHED, new byte[8]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("IP storage HASHED needs a hash key of at least 16 bytes, got 8 bytes");
        }

        @Test
        void acceptsAKeyOfExactlyTheShortestLength() {
            IpAnonymizer shortest = new IpAnonymizer(IpStorage.HASHED, new byte[16]);

            assertThat(shortest.apply(TestRecords.address("192.0.2.33"), "")).matches("[A-Za-z0-9_-]{22}");
            assertThatThrownBy(() -> new IpAnonymizer(IpStorage.HASHED, new byte[15]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("IP storage HASHED needs a hash key of at least 16 bytes, got 15 bytes");
        }

        @Test
        void needsNoKeyForTheOtherModes() {
            assertThat(new IpAnonymizer(IpStorage.TRUNCATED, null).mode()).isEqualTo(IpStorage.TRUNCATED);
        }
    }
}
