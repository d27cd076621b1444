package net.erpex.privacy.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ClientAddressResolverTest {

    /** Proxies: 198.51.100.0/24 and 2001:db8:ffff::/48. Clients: 192.0.2.0/24, 203.0.113.0/24, 2001:db8:cafe::/48. */
    private static final CidrSet PROXIES = CidrSet.parse("198.51.100.0/24, 2001:db8:ffff::/48");
    private static final String PROXY = "198.51.100.1";

    private final ClientAddressResolver resolver = new ClientAddressResolver(PROXIES);
    private final ClientAddressResolver forwardedResolver = new ClientAddressResolver(PROXIES,
            ForwardingHeaders.FORWARDED);

    private static List<String> lines(String... lines) {
        return Arrays.asList(lines);
    }

    private ClientAddress viaXff(String peer, String... lines) {
        return resolver.resolve(peer, false, lines(lines), List.of(), List.of());
    }

    private ClientAddress viaForwarded(String... lines) {
        return forwardedResolver.resolve(PROXY, false, List.of(), lines(lines), List.of());
    }

    @Nested
    class UntrustedPeer {

        @Test
        void ignoresForwardedForFromUntrustedPeer() {
            ClientAddress client = resolver.resolve("203.0.113.50", false, lines("192.0.2.1"),
                    lines("for=192.0.2.2"), lines("https"));

            assertThat(client.ip()).isEqualTo("203.0.113.50");
            assertThat(client.forwarded()).isFalse();
            assertThat(client.malformed()).isFalse();
            assertThat(client.secure()).isFalse();
        }

        @Test
        void ignoresEveryHeaderWhenNobodyIsTrusted() {
            ClientAddressResolver trustNobody = new ClientAddressResolver(CidrSet.empty());

            ClientAddress client = trustNobody.resolve("127.0.0.1", true, lines("192.0.2.1"), List.of(),
                    lines("http"));

            assertThat(client.ip()).isEqualTo("127.0.0.1");
            assertThat(client.secure()).isTrue();
            assertThat(client.forwarded()).isFalse();
        }

        @Test
        void keepsAnUnparseablePeerAsTextWithoutAnAddress() {
            ClientAddress client = resolver.resolve("/run/app.sock", false, lines("192.0.2.1"), List.of(),
                    List.of());

            assertThat(client.address()).isEmpty();
            assertThat(client.ip()).isEqualTo("/run/app.sock");
            assertThat(client.forwarded()).isFalse();
        }

        @Test
        void toleratesANullPeer() {
            ClientAddress client = resolver.resolve(null, false, null, null, null);

            assertThat(client.address()).isEmpty();
            assertThat(client.ip()).isEmpty();
        }
    }

    @Nested
    class PeerAddress {

        @ParameterizedTest(name = "{0}: {1} -> {2}")
        @CsvSource(delimiter = '|', textBlock = """
                ipv4                   | 192.0.2.10                   | 192.0.2.10
                ipv4-mapped            | ::ffff:192.0.2.10            | 192.0.2.10
                ipv4-compatible        | ::192.0.2.10                 | 192.0.2.10
                ipv6 long form         | 2001:db8:cafe:0:0:0:0:17     | 2001:db8:cafe::17
                ipv6 with zone         | fe80:0:0:0:0:0:0:1%eth0      | fe80::1
                bracketed ipv6 zone    | [fe80::1%3]                  | fe80::1
                """)
        void normalisesThePeer(String name, String peer, String expected) {
            assertThat(viaXff(peer).ip()).isEqualTo(expected);
        }

        @Test
        void trustsAnIpv4CompatiblePeerInAnIpv4BlockAndUnmapsTheClientItNames() {
            ClientAddress client = viaXff("::198.51.100.1", "::ffff:192.0.2.44");

            assertThat(client.ip()).isEqualTo("192.0.2.44");
            assertThat(client.address().orElseThrow().getAddress()).hasSize(4);
        }

        @Test
        void trustsAnIpv4MappedPeerInAnIpv4Block() {
            ClientAddress client = viaXff("::ffff:198.51.100.1", "192.0.2.44");

            assertThat(client.ip()).isEqualTo("192.0.2.44");
            assertThat(client.forwarded()).isTrue();
        }
    }

    @Nested
    class Chains {

        static Stream<Arguments> xForwardedFor() {
            return Stream.of(
                    Arguments.of("single client", lines("192.0.2.1"), "192.0.2.1", true, false),
                    Arguments.of("spoofed left part ignored", lines("203.0.113.66, 192.0.2.1"), "192.0.2.1", true,
                            false),
                    Arguments.of("trusted hops skipped", lines("192.0.2.1, 198.51.100.7, 198.51.100.8"),
                            "192.0.2.1", true, false),
                    Arguments.of("several lines merged in order",
                            lines("203.0.113.66", "192.0.2.1, 198.51.100.7", "198.51.100.8"), "192.0.2.1", true,
                            false),
                    Arguments.of("all hops trusted: leftmost", lines("198.51.100.9, 198.51.100.7"), "198.51.100.9",
                            true, false),
                    Arguments.of("ports accepted", lines("192.0.2.1:1234, [2001:db8:ffff::2]:80"), "192.0.2.1",
                            true, false),
                    Arguments.of("bare ipv6 entries", lines("2001:db8:cafe::17, 2001:db8:ffff::2"),
                            "2001:db8:cafe::17", true, false),
                    Arguments.of("empty elements dropped", lines(",192.0.2.1,, ,"), "192.0.2.1", true, false),
                    Arguments.of("unknown skipped", lines("192.0.2.1, unknown"), "192.0.2.1", true, false),
                    Arguments.of("only unknown", lines("unknown"), PROXY, false, false),
                    Arguments.of("null line tolerated", lines(null, "192.0.2.1"), "192.0.2.1", true, false),
                    Arguments.of("host name ends walk", lines("192.0.2.1, proxy.example"), PROXY, false, true),
                    Arguments.of("garbage ends walk at last good", lines("192.0.2.1, ~~~, 198.51.100.7"),
                            "198.51.100.7", true, true),
                    Arguments.of("garbage beyond the client is irrelevant", lines("~~~, 192.0.2.1"), "192.0.2.1",
                            true, false),
                    Arguments.of("bad port ends walk", lines("192.0.2.1:99999"), PROXY, false, true),
                    Arguments.of("leading-zero address ends walk", lines("192.0.2.1, 198.051.100.7"), PROXY, false,
                            true),
                    Arguments.of("zone id ends walk", lines("fe80::1%eth0"), PROXY, false, true));
        }

        @ParameterizedTest(name = "X-Forwarded-For, {0}")
        @MethodSource("xForwardedFor")
        void walksXForwardedForRightToLeft(String name, List<String> xff, String ip, boolean forwarded,
                                           boolean malformed) {
            ClientAddress client = viaXff(PROXY, xff.toArray(String[]::new));

            assertThat(client.ip()).isEqualTo(ip);
            assertThat(client.forwarded()).isEqualTo(forwarded);
            assertThat(client.malformed()).isEqualTo(malformed);
        }

        static Stream<Arguments> forwarded() {
            return Stream.of(
                    Arguments.of("single element", lines("for=192.0.2.60;proto=http;by=203.0.113.43"), "192.0.2.60",
                            false),
                    Arguments.of("quoted bracketed ipv6 with port", lines("For=\"[2001:db8:cafe::17]:4711\""),
                            "2001:db8:cafe::17", false),
                    Arguments.of("ipv4 with port unquoted", lines("for=192.0.2.60:8080"), "192.0.2.60", false),
                    Arguments.of("multiple elements", lines("for=192.0.2.43, for=198.51.100.17"), "192.0.2.43",
                            false),
                    Arguments.of("elements across lines", lines("for=203.0.113.9", "for=192.0.2.43",
                            "for=\"[2001:db8:ffff::1]\""), "192.0.2.43", false),
                    Arguments.of("unknown skipped", lines("for=192.0.2.43, for=unknown"), "192.0.2.43", false),
                    Arguments.of("obfuscated skipped", lines("for=192.0.2.43, for=_hidden, for=\"_SEVKISEK\""),
                            "192.0.2.43", false),
                    Arguments.of("obfuscated port accepted", lines("for=\"192.0.2.43:_p1\""), "192.0.2.43", false),
                    Arguments.of("element without for skipped", lines("for=192.0.2.43, proto=https"), "192.0.2.43",
                            false),
                    Arguments.of("quoted comma does not forge a hop",
                            lines("for=\"192.0.2.43, for=203.0.113.1\""), PROXY, true),
                    Arguments.of("escaped quote inside value", lines("for=192.0.2.43, for=\"x\\\"y\""), PROXY, true),
                    Arguments.of("unterminated quote", lines("for=192.0.2.43, for=\"198.51.100.2"), PROXY, true),
                    Arguments.of("unterminated quote stays in its line", lines("for=\"oops", "for=192.0.2.43"),
                            "192.0.2.43", false),
                    Arguments.of("repeated for parameter", lines("for=192.0.2.43;for=192.0.2.44"), PROXY, true),
                    Arguments.of("pair without value", lines("for=192.0.2.43, for="), PROXY, true),
                    Arguments.of("bare ipv6 unquoted", lines("for=2001:db8:cafe::17"), "2001:db8:cafe::17", false),
                    Arguments.of("whitespace around separators", lines("  for=192.0.2.43 ; proto=https ,for=unknown"),
                            "192.0.2.43", false),
                    Arguments.of("host name ends walk", lines("for=192.0.2.43, for=proxy.example, for=198.51.100.2"),
                            "198.51.100.2", true),
                    Arguments.of("garbage element ends walk", lines("for=192.0.2.43, ===, for=198.51.100.2"),
                            "198.51.100.2", true));
        }

        @ParameterizedTest(name = "Forwarded, {0}")
        @MethodSource("forwarded")
        void walksForwardedRightToLeft(String name, List<String> forwarded, String ip, boolean malformed) {
            ClientAddress client = viaForwarded(forwarded.toArray(String[]::new));

            assertThat(client.ip()).isEqualTo(ip);
            assertThat(client.malformed()).isEqualTo(malformed);
        }

    }

    /** Proxies append to the family they write and pass the other one through from the client. */
    @Nested
    class OneFamilyOnly {

        @Test
        void readsOnlyXForwardedForByDefaultWhateverForwardedClaims() {
            ClientAddress client = resolver.resolve(PROXY, false, lines("203.0.113.1"),
                    lines("for=192.0.2.43;proto=https"), List.of());

            assertThat(client.ip()).isEqualTo("203.0.113.1");
            assertThat(client.secure()).isFalse();
        }

        @Test
        void ignoresAForwardedHeaderEvenWhenXForwardedForIsAbsent() {
            ClientAddress client = resolver.resolve(PROXY, false, List.of(), lines("for=192.0.2.43;proto=https"),
                    List.of());

            assertThat(client.ip()).isEqualTo(PROXY);
            assertThat(client.forwarded()).isFalse();
            assertThat(client.secure()).isFalse();
        }

        @Test
        void readsOnlyForwardedWhenConfiguredWhateverXForwardedForAndProtoClaim() {
            ClientAddress client = forwardedResolver.resolve(PROXY, false, lines("203.0.113.1"),
                    lines("for=192.0.2.43"), lines("https"));

            assertThat(client.ip()).isEqualTo("192.0.2.43");
            assertThat(client.secure()).isFalse();
        }

        @Test
        void usesThePeerWhenTheConfiguredFamilyIsAbsent() {
            ClientAddress client = forwardedResolver.resolve(PROXY, true, lines("203.0.113.1"), lines(" ", null),
                    lines("http"));

            assertThat(client.ip()).isEqualTo(PROXY);
            assertThat(client.secure()).isTrue();
        }
    }

    /** How many X-Forwarded-For hops the result accounts for: the application keeps the rest. */
    @Nested
    class ConsumedHops {

        static Stream<Arguments> chains() {
            return Stream.of(
                    Arguments.of("client only", lines("192.0.2.1"), 1),
                    Arguments.of("claims left of the client", lines("203.0.113.66, 192.0.2.1"), 1),
                    Arguments.of("trusted hops and the client", lines("203.0.113.66, 192.0.2.1, 198.51.100.7"), 2),
                    Arguments.of("across lines", lines("203.0.113.66", "192.0.2.1, 198.51.100.7", "198.51.100.8"), 3),
                    Arguments.of("anonymous hops between", lines("203.0.113.66, 192.0.2.1, unknown, 198.51.100.7"),
                            3),
                    Arguments.of("all trusted: the leftmost is the client", lines("198.51.100.9, 198.51.100.7"), 2),
                    Arguments.of("only unknown: nothing", lines("unknown"), 0),
                    Arguments.of("garbage stops at the last good hop", lines("192.0.2.1, ~~~, 198.51.100.7"), 1),
                    Arguments.of("garbage first: nothing", lines("192.0.2.1, ~~~"), 0));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("chains")
        void countsTheHopsFromTheRightThatTheClientAccountsFor(String name, List<String> xff, int consumed) {
            assertThat(viaXff(PROXY, xff.toArray(String[]::new)).consumedForwardedFor()).isEqualTo(consumed);
        }

        @Test
        void consumesNothingFromAnUntrustedPeerOrUnderForwarded() {
            assertThat(viaXff("192.0.2.9", "192.0.2.1").consumedForwardedFor()).isZero();
            assertThat(forwardedResolver.resolve(PROXY, false, lines("192.0.2.1"), lines("for=192.0.2.2"),
                    List.of()).consumedForwardedFor()).isZero();
        }
    }

    @Nested
    class Limits {

        @Test
        void treatsAHeaderBeyondTheCharacterLimitAsMalformed() {
            String huge = "192.0.2.1, " + "198.51.100.7, ".repeat(1000) + "198.51.100.8";

            ClientAddress client = viaXff(PROXY, huge);

            assertThat(client.ip()).isEqualTo(PROXY);
            assertThat(client.forwarded()).isFalse();
            assertThat(client.malformed()).isTrue();
        }

        @Test
        void countsEveryLineTowardsTheCharacterLimit() {
            ClientAddressResolver small = new ClientAddressResolver(PROXIES, 32, 30);

            assertThat(small.resolve(PROXY, false, lines("192.0.2.1, 198.51.100.7"), List.of(), List.of())
                    .ip()).isEqualTo("192.0.2.1");
            assertThat(small.resolve(PROXY, false, lines("192.0.2.1", "198.51.100.7", "198.51.100.8"),
                    List.of(), List.of()).malformed()).isTrue();
        }

        @Test
        void findsAnUntrustedClientAtTheEndOfAThousandHops() {
            List<String> hops = new ArrayList<>(Collections.nCopies(999, "203.0.113.1"));
            hops.add("192.0.2.1");
            ClientAddressResolver generous = new ClientAddressResolver(PROXIES, 32, 1_000_000);

            ClientAddress client = generous.resolve(PROXY, false, hops, List.of(), List.of());

            assertThat(client.ip()).isEqualTo("192.0.2.1");
            assertThat(client.malformed()).isFalse();
        }

        @Test
        void stopsAfterTheHopLimitAtTheLastHopExamined() {
            List<String> hops = new ArrayList<>();
            hops.add("192.0.2.1");
            for (int i = 1000; i >= 1; i--) {
                hops.add("198.51.100." + (i % 250 + 1));
            }
            ClientAddressResolver generous = new ClientAddressResolver(PROXIES, 32, 1_000_000);

            ClientAddress client = generous.resolve(PROXY, false, hops, List.of(), List.of());

            assertThat(client.ip()).isEqualTo("198.51.100." + (32 % 250 + 1));
            assertThat(client.malformed()).isTrue();
        }

        @Test
        void countsAnonymousHopsTowardsTheHopLimit() {
            ClientAddressResolver short3 = new ClientAddressResolver(PROXIES, 3, 8192);

            ClientAddress client = short3.resolve(PROXY, false, lines("192.0.2.1, unknown, unknown, unknown"),
                    List.of(), List.of());

            assertThat(client.ip()).isEqualTo(PROXY);
            assertThat(client.malformed()).isTrue();
        }

        @ParameterizedTest(name = "maxHops={0}, maxHeaderChars={1}")
        @CsvSource({"0, 8192, maxHops is 0", "32, 0, maxHeaderChars is 0", "-1, 8192, maxHops is -1"})
        void rejectsLimitsBelowOne(int maxHops, int maxHeaderChars, String message) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new ClientAddressResolver(PROXIES, maxHops, maxHeaderChars))
                    .withMessageStartingWith(message)
                    .withMessageContaining("at least 1");
        }

        @Test
        void neverThrowsOnRandomHeaders() {
            Random random = new Random(7239);
            String alphabet = "0123456789abcdef:.[]%,;=\"\\ _-unkowfrpth\t";
            assertThatNoException().isThrownBy(() -> {
                for (int run = 0; run < 5000; run++) {
                    String header = randomText(random, alphabet);
                    resolver.resolve(PROXY, random.nextBoolean(), lines(header), lines(header), lines(header));
                    forwardedResolver.resolve(PROXY, random.nextBoolean(), lines(header), lines(header),
                            lines(header));
                    resolver.resolve(PROXY, false, lines(header), List.of(), List.of());
                    resolver.resolve(header, false, List.of(), List.of(), List.of());
                }
            });
        }

        private static String randomText(Random random, String alphabet) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(60);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return text.toString();
        }
    }

    @Nested
    class Scheme {

        static Stream<Arguments> protos() {
            return Stream.of(
                    Arguments.of("absent: peer's scheme", List.of(), List.of(), true, true, false),
                    Arguments.of("absent: peer's plain scheme", List.of(), List.of(), false, false, false),
                    Arguments.of("https", List.of(), lines("https"), false, true, false),
                    Arguments.of("https with case and spaces", List.of(), lines(" HTTPS ", "Https"), false, true,
                            false),
                    Arguments.of("all https across values", List.of(), lines("https, https"), false, true, false),
                    Arguments.of("mixed values", List.of(), lines("https, http"), true, false, false),
                    Arguments.of("mixed across lines", List.of(), lines("https", "http"), true, false, false),
                    Arguments.of("unknown value", List.of(), lines("wss"), true, false, false),
                    Arguments.of("blank value: peer's scheme", List.of(), lines(" , "), true, true, false),
                    Arguments.of("Forwarded proto preferred", lines("for=192.0.2.1;proto=https"), lines("http"),
                            false, true, false),
                    Arguments.of("Forwarded proto quoted", lines("for=192.0.2.1;proto=\"https\""), List.of(), false,
                            true, false),
                    Arguments.of("Forwarded mixed", lines("for=192.0.2.1;proto=http, for=198.51.100.2;proto=https"),
                            List.of(), true, false, false),
                    Arguments.of("Forwarded without proto: the peer's, never X-Forwarded-Proto",
                            lines("for=192.0.2.1"), lines("https"), false, false, false),
                    Arguments.of("oversized proto header", List.of(), lines("https,".repeat(3000)), true, false,
                            true));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("protos")
        void decidesTheSchemeFromTrustedHeaders(String name, List<String> forwarded, List<String> proto,
                                                boolean peerSecure, boolean secure, boolean malformed) {
            ClientAddressResolver family = forwarded.isEmpty() ? resolver : forwardedResolver;
            ClientAddress client = family.resolve(PROXY, peerSecure, List.of(), forwarded, proto);

            assertThat(client.secure()).isEqualTo(secure);
            assertThat(client.malformed()).isEqualTo(malformed);
        }

        @Test
        void ignoresProtoFromUntrustedPeer() {
            assertThat(resolver.resolve("192.0.2.1", false, List.of(), List.of(), lines("https")).secure())
                    .isFalse();
            assertThat(resolver.resolve("192.0.2.1", true, List.of(), List.of(), lines("http")).secure())
                    .isTrue();
        }
    }
}
