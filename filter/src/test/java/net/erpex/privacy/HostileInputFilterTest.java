package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input no browser sends: each gets a normal answer from the application, and each request is still recorded.
 */
class HostileInputFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> hostileHeads() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            int b = 0x80 + (i % 0x80);
            binary[i] = (byte) b;
        }
        return Stream.of(
                Arguments.of("a 64 KB User-Agent", head("User-Agent: " + "Mozilla/5.0 ".repeat(64 * 1024 / 12))),
                Arguments.of("a binary Referer", head("Referer: ", binary)),
                Arguments.of("a binary User-Agent", head("User-Agent: ", binary)),
                Arguments.of("a 20 KB Accept-Language", head("Accept-Language: " + "en-US;q=0.".repeat(2048))),
                Arguments.of("a forged session cookie", head("Cookie: sid=" + "A".repeat(66))),
                Arguments.of("a 10 KB garbage session cookie", head("Cookie: sid=" + "%%%".repeat(3400))),
                Arguments.of("many session cookies", head("Cookie: " + "sid=x; ".repeat(500))),
                Arguments.of("malformed client hints", head("Sec-CH-UA: \"unterminated;v=\"\"\"\r\nSec-CH-UA-Mobile: ?2"
                        + "\r\nSec-CH-UA-Platform: " + "\"".repeat(3000))),
                Arguments.of("a thousand forwarded hops", head("X-Forwarded-For: " + "192.0.2.1, ".repeat(1000)
                        + "10.0.0.1")),
                Arguments.of("a Forwarded header of quotes", head("Forwarded: for=\"" + "\\\"".repeat(2000))),
                Arguments.of("a lang parameter of 5 KB", ("GET /?lang=" + "x".repeat(5000) + " HTTP/1.1\r\nHost: a")
                        .getBytes(StandardCharsets.ISO_8859_1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileHeads")
    void answersNormallyAndRecordsTheVisit(String name, byte[] head) throws Exception {
        TestSite site = TestSite.start("client.trusted-proxies", "127.0.0.1", "geo.database", TestSite.DEMO_DB);
        String response;
        try (site) {
            response = site.raw(head);
        }
        assertThat(response).startsWith("HTTP/1.1 200");
        List<String> lines = site.visitLines();
        assertThat(lines).hasSize(1);
        JsonNode record = JSON.readTree(lines.get(0));
        assertThat(record.get("status").asInt()).isEqualTo(200);
        assertThat(record.get("referrer").asText()).doesNotContainPattern("[\\x00-\\x1f]");
    }

    @Test
    void capsTheUserAgentBeforeParsingAndStillNamesTheBrowser() throws Exception {
        String ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0 "
                + "x".repeat(64 * 1024);
        TestSite site = TestSite.start();
        try (site) {
            assertThat(site.seen("/", "User-Agent", ua)).containsEntry("browser", "Firefox");
        }
        assertThat(site.visitLines().get(0).length()).isLessThan(4096);
    }

    /**
     * A charset name Java refuses ({@code IllegalCharsetNameException} from the container's
     * {@code getContentType()}, found by {@code FilterFuzzTest}): the post is answered, recorded, and not a fault of
     * the filter; at the consent endpoint it is refused as a bad request, not answered by a failing filter.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"/contact", "/privacy/consent"})
    void aFormPostWithAnIllegalCharsetNameIsAnsweredAndRecorded(String path) throws Exception {
        TestSite site = TestSite.start("client.trusted-proxies", "127.0.0.1");
        String response;
        try (site) {
            response = site.raw(("POST " + path + " HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n"
                    + "Content-Type: application/x-www-form-urlencoded; charset=utf-6*s/a,b")
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertThat(site.filter().counters()).containsEntry("internal-error", 0L);
        }
        assertThat(response).doesNotStartWith("HTTP/1.1 5");
        assertThat(site.visitLines()).hasSize(1);
    }

    private static byte[] head(String header) {
        return ("GET / HTTP/1.1\r\nHost: a\r\n" + header).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] head(String name, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head(name));
        out.writeBytes(value);
        return out.toByteArray();
    }
}
