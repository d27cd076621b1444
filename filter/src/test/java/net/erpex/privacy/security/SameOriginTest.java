package net.erpex.privacy.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SameOriginTest {

    static Stream<Arguments> scenarios() {
        return Stream.of(
                // name, scheme, host, port, Origin, Sec-Fetch-Site, Referer, allowed
                Arguments.of("same origin", "https", "shop.example", 443, "https://shop.example", null, null, true),
                Arguments.of("explicit default port", "https", "shop.example", 443, "https://shop.example:443", null,
                        null, true),
                Arguments.of("host case differs", "http", "Shop.Example", 80, "http://shop.example", null, null, true),
                Arguments.of("other site", "https", "shop.example", 443, "https://evil.example", null, null, false),
                Arguments.of("sibling subdomain", "https", "shop.example", 443, "https://a.shop.example", null, null,
                        false),
                Arguments.of("scheme downgrade", "https", "shop.example", 443, "http://shop.example", null, null,
                        false),
                Arguments.of("other port", "http", "127.0.0.1", 8080, "http://127.0.0.1:8081", null, null, false),
                Arguments.of("opaque origin", "https", "shop.example", 443, "null", "same-origin", null, false),
                Arguments.of("Origin decides over Referer", "https", "shop.example", 443, "https://evil.example",
                        null, "https://shop.example/page", false),
                Arguments.of("IPv6 literal host", "http", "[2001:db8::1]", 8080, "http://[2001:db8::1]:8080", null,
                        null, true),
                Arguments.of("IPv6 host given without brackets", "http", "2001:db8::1", 8080,
                        "http://[2001:db8::1]:8080", null, null, true),
                Arguments.of("IPv6 host of another address", "http", "[2001:db8::1]", 8080, "http://[2001:db8::2]:8080",
                        null, null, false),
                Arguments.of("port 0 in Origin is not the default", "http", "shop.example", 80,
                        "http://shop.example:0", null, null, false),
                Arguments.of("unknown request port is the default", "https", "shop.example", 0,
                        "https://shop.example", null, null, true),
                Arguments.of("fetch metadata same-origin", "https", "shop.example", 443, null, "same-origin", null,
                        true),
                Arguments.of("fetch metadata same-site", "https", "shop.example", 443, null, "same-site", null, false),
                Arguments.of("fetch metadata cross-site", "https", "shop.example", 443, null, "cross-site", null,
                        false),
                Arguments.of("Referer of this site", "https", "shop.example", 443, null, null,
                        "https://shop.example/pricing?x=1", true),
                Arguments.of("Referer of another site", "https", "shop.example", 443, null, null,
                        "https://evil.example/shop.example", false),
                Arguments.of("garbage Referer", "https", "shop.example", 443, null, null, "::not a url::", false),
                Arguments.of("no evidence at all", "https", "shop.example", 443, null, null, null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void decidesFromTheStrongestEvidence(String name, String scheme, String host, int port, String origin,
            String fetchSite, String referer, boolean allowed) {
        assertThat(SameOrigin.check(scheme, host, port, origin, fetchSite, referer).allowed()).isEqualTo(allowed);
    }
}
