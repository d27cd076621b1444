package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import net.erpex.privacy.testing.ForwardingProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The client address and scheme the application sees, through a real Jetty and a real HTTP client. */
class ClientAddressFilterTest {

    /** The test client connects from 127.0.0.1; here only 203.0.113.0/24 is a trusted proxy. */
    @Nested
    class FromAnUntrustedPeer {

        @Test
        void ignoresSpoofedForwardedForAndForwarded() throws Exception {
            try (TestSite site = TestSite.start("client.trusted-proxies", "203.0.113.0/24")) {
                Map<String, String> seen = site.seen("/", "X-Forwarded-For", "192.0.2.10",
                        "Forwarded", "for=198.51.100.7;proto=https", "X-Forwarded-Proto", "https");
                assertThat(seen).containsEntry("remoteAddr", "127.0.0.1").containsEntry("remoteHost", "127.0.0.1")
                        .containsEntry("secure", "false").containsEntry("scheme", "http");
            }
        }

        @Test
        void ignoresForwardedHeadersWhenNobodyIsTrustedByDefault() throws Exception {
            try (TestSite site = TestSite.start()) {
                assertThat(site.seen("/", "X-Forwarded-For", "192.0.2.10")).containsEntry("remoteAddr", "127.0.0.1");
            }
        }
    }

    @Nested
    class BehindTrustedProxies {

        private static TestSite site;

        @BeforeAll
        static void start() throws Exception {
            site = TestSite.start("client.trusted-proxies", "127.0.0.1/32, 10.0.0.0/8, 2001:db8:ffff::/48",
                    "geo.database", TestSite.DEMO_DB);
        }

        @AfterAll
        static void stop() throws Exception {
            site.close();
        }

        @Test
        void walksEveryForwardedForLineRightToLeftAndStopsAtTheFirstUntrustedHop() throws Exception {
            // Two header lines; the leftmost entry was written by the client itself and must not win.
            String response = site.raw(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "X-Forwarded-For: 203.0.113.9, 192.0.2.10\r\n"
                    + "X-Forwarded-For: 10.0.0.2").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(TestSite.parse(response)).containsEntry("remoteAddr", "192.0.2.10")
                    .containsEntry("country", "FR");
        }

        @Test
        void takesTheLeftmostAddressWhenEveryHopIsTrusted() throws Exception {
            assertThat(site.seen("/", "X-Forwarded-For", "10.1.1.1, 10.0.0.2")).containsEntry("remoteAddr", "10.1.1.1");
        }

        @Test
        void endsTheWalkAtTheLastGoodAddressOnAMalformedEntry() throws Exception {
            long before = site.filter().counters().get("malformed-forwarded");
            Map<String, String> seen = site.seen("/", "X-Forwarded-For", "192.0.2.10, not-an-ip, 10.0.0.2");
            assertThat(seen).containsEntry("remoteAddr", "10.0.0.2");
            assertThat(site.filter().counters().get("malformed-forwarded")).isEqualTo(before + 1);
        }

        @Test
        void neverResolvesHostNames() throws Exception {
            assertThat(site.seen("/", "X-Forwarded-For", "localhost")).containsEntry("remoteAddr", "127.0.0.1");
        }

        @Test
        void isSecureOnlyWhenEveryProtoValueSaysHttps() throws Exception {
            assertThat(site.seen("/", "X-Forwarded-Proto", "https")).containsEntry("secure", "true")
                    .containsEntry("scheme", "https");
            assertThat(site.seen("/", "X-Forwarded-Proto", "https, http")).containsEntry("secure", "false");
            assertThat(site.seen("/")).containsEntry("secure", "false");
        }
    }

    /** {@code client.forwarded-header=forwarded}: the proxies write RFC 7239 {@code Forwarded}. */
    @Nested
    class BehindProxiesThatWriteForwarded {

        private static TestSite site;

        @BeforeAll
        static void start() throws Exception {
            site = TestSite.start("client.trusted-proxies", "127.0.0.1/32, 10.0.0.0/8, 2001:db8:ffff::/48",
                    "client.forwarded-header", "forwarded", "geo.database", TestSite.DEMO_DB);
        }

        @AfterAll
        static void stop() throws Exception {
            site.close();
        }

        @Test
        void readsRfc7239ForwardedWithQuotedBracketedIpv6AndPorts() throws Exception {
            Map<String, String> seen = site.seen("/", "Forwarded",
                    "for=\"[2001:db8:1::7]:4711\";proto=https, for=\"[2001:db8:ffff::2]:80\";proto=https");
            assertThat(seen).containsEntry("remoteAddr", "2001:db8:1::7").containsEntry("country", "JP")
                    .containsEntry("city", "Tokyo").containsEntry("secure", "true").containsEntry("scheme", "https")
                    .containsEntry("requestURL", "https://127.0.0.1/");
        }

        @Test
        void skipsUnknownAndObfuscatedForwardedIdentifiers() throws Exception {
            Map<String, String> seen = site.seen("/", "Forwarded", "for=198.51.100.7, for=unknown, for=_hidden");
            assertThat(seen).containsEntry("remoteAddr", "198.51.100.7");
        }

        @Test
        void neverReadsXForwardedForOrXForwardedProto() throws Exception {
            Map<String, String> seen = site.seen("/", "X-Forwarded-For", "192.0.2.10", "X-Forwarded-Proto", "https");
            assertThat(seen).containsEntry("remoteAddr", "127.0.0.1").containsEntry("secure", "false");
        }
    }

    /**
     * Behind a real forwarder that appends to X-Forwarded-For and passes every other header through, as nginx, HAProxy
     * and the cloud load balancers do: only the forwarder (127.0.0.2) is trusted; the client connects from 127.0.0.1.
     */
    @Nested
    class BehindAnNginxLikeForwarder {

        private static TestSite site;
        private static ForwardingProxy proxy;
        private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        @BeforeAll
        static void start() throws Exception {
            site = TestSite.start("client.trusted-proxies", ForwardingProxy.ADDRESS);
            proxy = new ForwardingProxy(site.port());
        }

        @AfterAll
        static void stop() throws Exception {
            proxy.close();
            site.close();
        }

        private static Map<String, String> seen(String... headers) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/"))
                    .timeout(Duration.ofSeconds(30));
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return TestSite.parse(response.body());
        }

        @Test
        void takesTheAddressTheForwarderAppendedNotAForwardedHeaderTheClientWrote() throws Exception {
            Map<String, String> seen = seen("Forwarded", "for=203.0.113.66;proto=https");
            assertThat(seen).containsEntry("remoteAddr", "127.0.0.1").containsEntry("secure", "false")
                    .containsEntry("scheme", "http");
        }

        @Test
        void issuesNoSecureCookieWhenTheClientClaimsHttpsInForwarded() throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/"))
                    .header("Forwarded", "for=203.0.113.66;proto=https").build();
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.headers().allValues("Set-Cookie")).isNotEmpty()
                    .noneMatch(c -> c.startsWith("__Host-") || c.contains("Secure"));
        }

        @Test
        void ignoresTheHopsTheClientWroteLeftOfTheOneTheForwarderAppended() throws Exception {
            assertThat(seen("X-Forwarded-For", "198.51.100.7")).containsEntry("remoteAddr", "127.0.0.1");
        }

        @Test
        void showsTheApplicationTheResultNotTheClaims() throws Exception {
            Map<String, String> seen = seen("X-Forwarded-For", "198.51.100.7, 192.0.2.1",
                    "Forwarded", "for=203.0.113.66;proto=https");
            // What the client wrote is all that is left of X-Forwarded-For; the forwarder's hop was consumed.
            assertThat(seen).containsEntry("header.x-forwarded-for", "198.51.100.7, 192.0.2.1")
                    .containsEntry("header.forwarded", "(absent)")
                    .containsEntry("header.x-forwarded-proto", "(absent)");
            assertThat(seen.get("headerNames")).contains("x-forwarded-for").doesNotContain("forwarded,")
                    .doesNotContain("x-forwarded-proto");
        }

        @Test
        void removesXForwardedForWhenTheClientWroteNone() throws Exception {
            Map<String, String> seen = seen();
            assertThat(seen).containsEntry("header.x-forwarded-for", "(absent)");
            assertThat(seen.get("headerNames")).doesNotContain("x-forwarded");
        }

        @Test
        void recordsTheResolvedAddressAndOneIdentityForEveryFormOfIt() throws Exception {
            TestSite own = TestSite.start("client.trusted-proxies", ForwardingProxy.ADDRESS);
            try (own; ForwardingProxy forwarder = new ForwardingProxy(own.port())) {
                for (String claim : new String[] {"for=203.0.113.66", "for=\"[::ffff:203.0.113.66]\""}) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + forwarder.port()
                            + "/")).header("Forwarded", claim).build();
                    assertThat(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
                }
            }
            assertThat(own.visitLines()).hasSize(2).allSatisfy(line -> assertThat(line)
                    .contains("\"ip\":\"127.0.0.1\"").doesNotContain("203.0.113.66"));
        }
    }

    @Nested
    class OneIdentityPerAddress {

        @Test
        void recordsIpv4MappedAndCompatibleFormsAsTheIpv4Address() throws Exception {
            TestSite site = TestSite.start("client.trusted-proxies", "127.0.0.1");
            try (site) {
                for (String form : new String[] {"192.0.2.10", "::ffff:192.0.2.10", "::192.0.2.10",
                        "0:0:0:0:0:ffff:c000:20a"}) {
                    assertThat(site.seen("/", "X-Forwarded-For", form)).containsEntry("remoteAddr", "192.0.2.10");
                }
            }
            assertThat(site.visitLines()).hasSize(4)
                    .allSatisfy(line -> assertThat(line).contains("\"ip\":\"192.0.2.10\""));
        }

        @Test
        void trustsAProxyNamedInAnyFormOfItsAddress() throws Exception {
            try (TestSite site = TestSite.start("client.trusted-proxies", "::127.0.0.1, ::ffff:10.0.0.0/104")) {
                assertThat(site.seen("/", "X-Forwarded-For", "192.0.2.10, ::10.0.0.9"))
                        .containsEntry("remoteAddr", "192.0.2.10");
            }
        }
    }
}
