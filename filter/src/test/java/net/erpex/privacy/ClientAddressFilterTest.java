package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
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
}
