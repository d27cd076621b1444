package net.erpex.privacy.visit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VisitRecordJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static VisitRecord full(String userAgent) {
        return new VisitRecord("0b6e1c7e-1f0a-4c3e-9d1e-2f3a4b5c6d7e", Instant.parse("2026-11-25T06:30:00.123456Z"),
                "192.0.2.0", "FR", "Île-de-France", "Paris", "fr-FR", "GET", "/produits", 404, "Firefox", "133.0",
                "Windows", "10", "desktop", "https://www.example.org/", "external", "c2Vzc2lvbg", userAgent);
    }

    private static JsonNode parse(String json) throws IOException {
        return JSON.readTree(json);
    }

    @Nested
    class Shape {

        @Test
        void writesTheFieldsInTheDocumentedOrder() throws IOException {
            List<String> names = new ArrayList<>();
            parse(JsonLines.toJson(full(""))).fieldNames().forEachRemaining(names::add);

            assertThat(names).containsExactly("id", "ts", "ip", "country", "region", "city", "language", "method",
                    "path", "status", "browser", "os", "device", "referrer", "referrerKind", "session");
        }

        @Test
        void writesValuesWithTheirJsonTypes() throws IOException {
            JsonNode node = parse(JsonLines.toJson(full("")));

            assertThat(node.get("id").asText()).isEqualTo("0b6e1c7e-1f0a-4c3e-9d1e-2f3a4b5c6d7e");
            assertThat(node.get("ts").asText()).isEqualTo("2026-11-25T06:30:00.123Z");
            assertThat(node.get("status").isInt()).isTrue();
            assertThat(node.get("status").asInt()).isEqualTo(404);
            assertThat(node.get("region").asText()).isEqualTo("Île-de-France");
            assertThat(node.get("browser").get("family").asText()).isEqualTo("Firefox");
            assertThat(node.get("browser").get("version").asText()).isEqualTo("133.0");
            assertThat(node.get("os").get("family").asText()).isEqualTo("Windows");
            assertThat(node.get("os").get("version").asText()).isEqualTo("10");
            assertThat(node.get("referrerKind").asText()).isEqualTo("external");
        }

        @Test
        void writesWholeSecondsWithThreeFractionDigits() throws IOException {
            VisitRecord record = TestRecords.record("a", Instant.parse("2026-01-02T03:04:05Z"));

            assertThat(parse(JsonLines.toJson(record)).get("ts").asText()).isEqualTo("2026-01-02T03:04:05.000Z");
        }

        @Test
        void addsTheRawUserAgentOnlyWhenTheRecorderDidNotParseIt() throws IOException {
            JsonNode degraded = parse(JsonLines.toJson(full("Mozilla/5.0 (X11)")));

            assertThat(degraded.get("userAgent").asText()).isEqualTo("Mozilla/5.0 (X11)");
            assertThat(parse(JsonLines.toJson(full(""))).has("userAgent")).isFalse();
        }

        @Test
        void keepsEmptyValuesAsEmptyStringsSoEveryLineHasTheSameShape() throws IOException {
            VisitRecord empty = new VisitRecord(null, Instant.EPOCH, null, null, null, null, null, null, null, 0,
                    null, null, null, null, null, null, null, null, null);
            JsonNode node = parse(JsonLines.toJson(empty));

            assertThat(node.size()).isEqualTo(16);
            assertThat(node.get("city").isTextual()).isTrue();
            assertThat(node.get("city").asText()).isEmpty();
            assertThat(node.get("os").get("version").asText()).isEmpty();
            assertThat(empty.userAgent()).isEmpty();
        }

        @Test
        void belongsToTheVisitsStreamAtItsTimestamp() {
            VisitRecord record = full("");

            assertThat(record.stream()).isEqualTo("visits");
            assertThat(record.time()).isEqualTo(record.ts());
            assertThat(record.id()).isEqualTo("0b6e1c7e-1f0a-4c3e-9d1e-2f3a4b5c6d7e");
        }
    }

    @Nested
    class HostileValues {

        static Stream<Arguments> hostile() {
            return Stream.of(
                    Arguments.of("quotes and backslashes", "\"},{\"id\":\"forged\\", "\"},{\"id\":\"forged\\"),
                    Arguments.of("line feed and carriage return", "/a\n{\"id\":1}\r\n", "/a\n{\"id\":1}\r\n"),
                    Arguments.of("NUL and other controls", "a\u0000b\u001bc\u007f", "a\u0000b\u001bc\u007f"),
                    Arguments.of("Unicode line separators", "a\u2028b\u2029c\u0085d", "a\u2028b\u2029c\u0085d"),
                    Arguments.of("lone high surrogate", "x\uD800y", "x\uFFFDy"),
                    Arguments.of("lone low surrogate at the end", "x\uDC00", "x\uFFFD"),
                    Arguments.of("reversed pair", "\uDE00\uD83D", "\uFFFD\uFFFD"),
                    Arguments.of("valid pair survives", "ok \uD83D\uDE00", "ok \uD83D\uDE00"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("hostile")
        void staysOneValidObjectOnOneLine(String name, String value, String expected) throws IOException {
            VisitRecord record = new VisitRecord("id", TestRecords.NOON, "", "", "", "", "", "GET", value, 200, "",
                    "", "", "", "", value, "", "", value);

            byte[] line = JsonLines.toLine(record);
            String text = new String(line, StandardCharsets.UTF_8);

            assertThat(text.indexOf('\n')).isEqualTo(text.length() - 1);
            assertThat(text).doesNotContain("\r", "\u2028", "\u2029", "\u0085");
            assertThat(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(line)).toString())
                    .isEqualTo(text);
            JsonNode node = parse(text);
            assertThat(node.get("id").asText()).isEqualTo("id");
            assertThat(node.get("path").asText()).isEqualTo(expected);
            assertThat(node.get("referrer").asText()).isEqualTo(expected);
            assertThat(node.get("userAgent").asText()).isEqualTo(expected);
        }
    }
}
