package net.erpex.privacy.visit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The streaming JSON writer against the Jackson generator it replaced: for hostile strings of every kind, the bytes
 * are the same, so lines written before and after the change read the same everywhere.
 */
class JsonWriterTest {

    /** The serialisation the sinks used before: Jackson, its standard escapes, plus the line separators. */
    private static final JsonFactory JACKSON = new JsonFactoryBuilder().characterEscapes(new LineSafeEscapes()).build();

    private static String jackson(String key, String value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JACKSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField(replaceUnpairedSurrogates(key), replaceUnpairedSurrogates(value));
            g.writeNumberField("n", 404);
            g.writeBooleanField("b", true);
            g.writeEndObject();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String ours(String key, String value) {
        JsonWriter w = new JsonWriter(16);
        w.startObject().field(key, value).field("n", 404).field("b", true).endObject();
        return w.toString();
    }

    /** What the old writer did before handing a string to Jackson. */
    private static String replaceUnpairedSurrogates(String value) {
        StringBuilder fixed = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                fixed.append(c).append(value.charAt(++i));
            } else {
                fixed.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return fixed.toString();
    }

    private static String randomHostile(Random random) {
        char[] alphabet = {'"', '\\', '/', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u001f', '\u007f', '\u0085',
            '\u00e9', '\u2028', '\u2029', '\ud800', '\udc00', '\ud83d', '\ude00', '\uffff', '\ufeff', 'a', ' ', '<'};
        int length = random.nextInt(40);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : alphabet[random.nextInt(alphabet.length)]);
        }
        return s.toString();
    }

    @Nested
    class Strings {

        @Test
        void areWrittenByteForByteAsTheJacksonGeneratorWroteThem() throws IOException {
            Random random = new Random(20261125);
            for (int i = 0; i < 200_000; i++) {
                String key = i % 10 == 0 ? randomHostile(random) : "path";
                String value = randomHostile(random);
                assertThat(ours(key, value)).as("value %s", escapeForMessage(value)).isEqualTo(jackson(key, value));
            }
        }

        @Test
        void namesMadeAheadAreTheBytesOfNamesWrittenEachTime() {
            Random random = new Random(20261206);
            for (int i = 0; i < 20_000; i++) {
                String key = i == 0 ? "referrerKind" : randomHostile(random);
                String value = randomHostile(random);
                JsonWriter.Name name = JsonWriter.Name.of(key);
                JsonWriter ahead = new JsonWriter(16);
                ahead.startObject().field(name, value).field(name, 404).name(name).startObject()
                        .field(name, Instant.ofEpochMilli(i)).endObject().endObject();
                JsonWriter each = new JsonWriter(16);
                each.startObject().field(key, value).field(key, 404).name(key).startObject()
                        .field(key, Instant.ofEpochMilli(i)).endObject().endObject();
                assertThat(ahead.toString()).isEqualTo(each.toString());
            }
        }

        @Test
        void keepEveryLineOneLineOfValidJson() throws IOException {
            String hostile = "a\nb\r\u2028\u2029\u0085\"}\n{\"id\":\"forged\ud800";
            String json = ours("path", hostile);

            assertThat(json).doesNotContain("\n", "\r", "\u2028", "\u2029", "\u0085");
            assertThat(new ObjectMapper().readTree(json).get("path").asText())
                    .isEqualTo("a\nb\r\u2028\u2029\u0085\"}\n{\"id\":\"forged\uFFFD");
        }

        private static String escapeForMessage(String value) {
            StringBuilder out = new StringBuilder();
            value.chars().forEach(c -> out.append(String.format("\\u%04x", c)));
            return out.toString();
        }
    }

    @Nested
    class Structure {

        @Test
        void placesCommasInNestedObjectsAndArrays() {
            JsonWriter w = new JsonWriter(16);
            w.startObject().field("a", "x");
            w.name("o").startObject().field("k", 1).name("e").startObject().endObject().endObject();
            w.name("l").startArray().value("p").value(2).startObject().field("q", false).endObject().endArray();
            w.field("z", "y").endObject();

            assertThat(w.toString()).isEqualTo("{\"a\":\"x\",\"o\":{\"k\":1,\"e\":{}},\"l\":[\"p\",2,{\"q\":false}],"
                    + "\"z\":\"y\"}");
            assertThat(w.atTopLevel()).isTrue();
        }

        @Test
        void writesInstantsAsUtcWithThreeFractionDigitsForEveryYearItMeets() {
            DateTimeFormatter reference = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                    .withZone(ZoneOffset.UTC);
            Random random = new Random(7);
            for (int i = 0; i < 100_000; i++) {
                Instant instant = Instant.ofEpochMilli(random.nextLong(-62_167_219_200_000L * 2, 253_402_300_799_999L * 4));
                assertThat(JsonLines.formatInstant(instant)).isEqualTo(reference.format(instant));
            }
            assertThat(JsonLines.formatInstant(Instant.parse("2026-11-25T06:30:00.123456Z")))
                    .isEqualTo("2026-11-25T06:30:00.123Z");
        }

        @Test
        void separatesBooleansNumbersAndArraysInsideAnArrayButNeverValuesAtTheTopLevel() {
            JsonWriter w = new JsonWriter(16);
            w.startArray().value(true).value(false).value(-7L).startArray().endArray().startArray().value(1).endArray()
                    .endArray();
            assertThat(w.toString()).isEqualTo("[true,false,-7,[],[1]]");

            JsonWriter top = new JsonWriter(16);
            top.value("a").value(1).value(true);
            assertThat(top.toString()).isEqualTo("\"a\"1true");
        }

        @Test
        void endsALineThatExactlyFillsTheBuffer() {
            JsonWriter w = new JsonWriter(64);
            w.startArray().value(12);
            for (int i = 0; i < 30; i++) {
                w.value(1);
            }
            w.endArray();
            assertThat(w.length()).isEqualTo(64); // "[12" + ",1" x 30 + "]": numbers reserve exactly their bytes

            w.newline();
            assertThat(w.toString()).isEqualTo("[12" + ",1".repeat(30) + "]\n");
        }

        @Test
        void writesTheLastDaysOfEachCenturysFebruaryAndTheRangeEdgesAsTheJdkDoes() {
            DateTimeFormatter reference = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                    .withZone(ZoneOffset.UTC);
            // Day 146,096 of a 400-year era is the 29th of February of a year divisible by 400: the one day that
            // needs every term of the date arithmetic.
            for (int year = 0; year <= 9900; year += 100) {
                for (String day : new String[] {"-02-28", "-03-01", "-12-31"}) {
                    Instant instant = Instant.parse(String.format("%04d%sT23:59:59.999Z", year, day));
                    assertThat(JsonLines.formatInstant(instant)).isEqualTo(reference.format(instant));
                }
                if (year % 400 == 0) {
                    Instant leap = Instant.parse(String.format("%04d-02-29T12:00:00.001Z", year));
                    assertThat(JsonLines.formatInstant(leap)).isEqualTo(reference.format(leap));
                }
            }
            for (String edge : new String[] {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"}) {
                Instant instant = Instant.parse(edge);
                for (long delta = -1; delta <= 1; delta++) {
                    Instant near = instant.plusMillis(delta);
                    assertThat(JsonLines.formatInstant(near)).isEqualTo(reference.format(near));
                }
            }
            assertThat(JsonLines.formatInstant(Instant.parse("2000-02-29T00:00:00Z")))
                    .isEqualTo("2000-02-29T00:00:00.000Z");
        }

        @Test
        void refusesToCloseWhatWasNotOpened() {
            assertThatThrownBy(() -> new JsonWriter(16).endObject()).isInstanceOf(IllegalStateException.class);
        }
    }

    /** Jackson's standard escapes plus the characters some line readers treat as line breaks. */
    private static final class LineSafeEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] asciiEscapes = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return asciiEscapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return switch (ch) {
                case 0x85 -> new SerializedString("\\u0085");
                case 0x2028 -> new SerializedString("\\u2028");
                case 0x2029 -> new SerializedString("\\u2029");
                default -> null;
            };
        }
    }
}
