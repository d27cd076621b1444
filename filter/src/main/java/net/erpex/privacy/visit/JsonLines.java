package net.erpex.privacy.visit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Serialises {@link LogRecord}s as JSON lines that stay one line whatever the values contain: control characters
 * are escaped by Jackson, the Unicode line separators (U+0085, U+2028, U+2029, which some readers split lines on)
 * are escaped here, and unpaired surrogates become U+FFFD so every line is valid UTF-8.
 */
public final class JsonLines {

    private static final DateTimeFormatter UTC_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final JsonFactory FACTORY = new JsonFactoryBuilder().characterEscapes(new LineSafeEscapes()).build();

    private JsonLines() {
    }

    /** ISO-8601 in UTC with exactly three fraction digits, e.g. {@code 2026-11-25T06:30:00.123Z}. */
    public static String formatInstant(Instant instant) {
        return UTC_MILLIS.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** The record as one JSON object without a line break. */
    public static String toJson(LogRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        write(record, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The record as one JSON object followed by {@code '\n'}, in UTF-8. */
    static byte[] toLine(LogRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        write(record, out);
        out.write('\n');
        return out.toByteArray();
    }

    private static void write(LogRecord record, OutputStream out) throws IOException {
        JsonGenerator raw = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        raw.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        try (JsonGenerator g = new SafeStrings(raw)) {
            record.writeJson(g);
            if (!g.getOutputContext().inRoot()) {
                throw new IOException("record " + record.id() + " of stream " + record.stream()
                        + " wrote an unfinished JSON value");
            }
        }
    }

    /** Replaces each unpaired surrogate by U+FFFD; returns the same instance when there is none (the usual case). */
    static String replaceUnpairedSurrogates(String value) {
        int length = value.length();
        int i = 0;
        while (i < length && !Character.isSurrogate(value.charAt(i))) {
            i++;
        }
        if (i == length) {
            return value;
        }
        StringBuilder fixed = new StringBuilder(length).append(value, 0, i);
        while (i < length) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                fixed.append(c).append(value.charAt(i + 1));
                i += 2;
            } else {
                fixed.append(Character.isSurrogate(c) ? '\uFFFD' : c);
                i++;
            }
        }
        return fixed.toString();
    }

    /** Puts every string through {@link #replaceUnpairedSurrogates}; other calls pass straight through. */
    private static final class SafeStrings extends JsonGeneratorDelegate {

        SafeStrings(JsonGenerator delegate) {
            super(delegate, false);
        }

        @Override
        public void writeString(String text) throws IOException {
            if (text == null) {
                delegate.writeNull();
            } else {
                delegate.writeString(replaceUnpairedSurrogates(text));
            }
        }

        @Override
        public void writeString(char[] text, int offset, int len) throws IOException {
            writeString(new String(text, offset, len));
        }

        @Override
        public void writeFieldName(String name) throws IOException {
            delegate.writeFieldName(replaceUnpairedSurrogates(name));
        }
    }

    /** Jackson's standard escapes plus the characters that some line readers treat as line breaks. */
    private static final class LineSafeEscapes extends CharacterEscapes {

        private static final long serialVersionUID = 1L;
        private static final SerializableString NEL = new SerializedString("\\u0085");
        private static final SerializableString LINE_SEPARATOR = new SerializedString("\\u2028");
        private static final SerializableString PARAGRAPH_SEPARATOR = new SerializedString("\\u2029");

        private final int[] asciiEscapes = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return asciiEscapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return switch (ch) {
                case 0x85 -> NEL;
                case 0x2028 -> LINE_SEPARATOR;
                case 0x2029 -> PARAGRAPH_SEPARATOR;
                default -> null;
            };
        }
    }
}
