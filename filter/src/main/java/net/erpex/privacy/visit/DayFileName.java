package net.erpex.privacy.visit;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of a JSON-lines day file, {@code <stream>-YYYY-MM-DD.jsonl}: the stream the records belong to and the UTC
 * day of their time. A stream name is lower-case letters, digits and single dashes, so that it is safe in a file
 * name and in a table name.
 *
 * @param stream {@code visits}, {@code consents}, ...
 * @param day    the UTC day
 */
public record DayFileName(String stream, LocalDate day) {

    /** The extension of day files. */
    public static final String SUFFIX = ".jsonl";

    private static final Pattern STREAM = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern FILE = Pattern.compile("([a-z0-9]+(?:-[a-z0-9]+)*)-(\\d{4}-\\d{2}-\\d{2})\\.jsonl");

    /** Checks the stream name. */
    public DayFileName {
        checkStream(stream);
        Objects.requireNonNull(day, "day");
    }

    /** The file's name, e.g. {@code visits-2026-11-25.jsonl}. */
    public String fileName() {
        return stream + "-" + day + SUFFIX;
    }

    /** The file in {@code dir}. */
    public Path in(Path dir) {
        return dir.resolve(fileName());
    }

    /** The stream and day of a file, when its name is one of ours. */
    public static Optional<DayFileName> parse(Path file) {
        Path name = file.getFileName();
        Matcher m = name == null ? null : FILE.matcher(name.toString());
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DayFileName(m.group(1), LocalDate.parse(m.group(2))));
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }

    /**
     * Returns the stream name if it is accepted.
     *
     * @throws IllegalArgumentException naming the value and what is accepted
     */
    public static String checkStream(String stream) {
        if (stream == null || !STREAM.matcher(stream).matches()) {
            throw new IllegalArgumentException("stream name '" + stream + "' is not accepted: use lower-case letters,"
                    + " digits and single dashes, e.g. visits");
        }
        return stream;
    }
}
