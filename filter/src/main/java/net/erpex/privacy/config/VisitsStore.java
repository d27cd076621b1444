package net.erpex.privacy.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import net.erpex.privacy.security.Redaction;

/**
 * Where visit and consent records are stored: the value of {@code visits.store}.
 *
 * <ul>
 *   <li>{@code jsonl}: JSON-lines files in {@code visits.dir} (the default);</li>
 *   <li>{@code jsonl:<dir>}: the same, naming the directory inline (then {@code visits.dir} must be left at its default
 *       or name the same directory);</li>
 *   <li>{@code slf4j}: one INFO line per record on the logger {@code net.erpex.privacy.<stream>};</li>
 *   <li>{@code jdbc:postgresql://host:port/db?...}: PostgreSQL, with a local spool for when it does not answer;</li>
 *   <li>{@code jndi:<name>}: PostgreSQL through a container {@code DataSource}, e.g. {@code java:comp/env/jdbc/visits}.</li>
 * </ul>
 *
 * <p>{@link #toString()} never shows a password a JDBC URL may carry: this value ends up in logs.
 *
 * @param kind   which store
 * @param target the directory ({@code ""} for {@code visits.dir}), the JDBC URL or the JNDI name; {@code ""} for SLF4J
 */
public record VisitsStore(Kind kind, String target) {

    /** The kinds of store. */
    public enum Kind { JSONL, SLF4J, JDBC, JNDI }

    /** What {@code visits.store} accepts, as error messages say it. */
    public static final String ACCEPTED = "jsonl, jsonl:<dir>, slf4j, jdbc:postgresql://host:port/database?... or"
            + " jndi:<name>";

    /** The default: JSON lines in {@code visits.dir}. */
    public static final VisitsStore JSONL = new VisitsStore(Kind.JSONL, "");

    private static final Pattern JNDI_NAME = Pattern.compile("[A-Za-z0-9_.:/-]{1,256}");

    public VisitsStore {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
    }

    /**
     * Parses a {@code visits.store} value.
     *
     * @throws IllegalArgumentException saying what is accepted (never repeating a URL's password)
     */
    public static VisitsStore parse(String text) {
        String value = text == null ? "" : text.trim();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals("jsonl")) {
            return JSONL;
        }
        if (lower.equals("slf4j")) {
            return new VisitsStore(Kind.SLF4J, "");
        }
        if (lower.startsWith("jsonl:")) {
            String dir = value.substring("jsonl:".length()).trim();
            if (dir.isEmpty()) {
                throw new IllegalArgumentException("jsonl: names no directory; expected " + ACCEPTED);
            }
            try {
                Path.of(dir);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("jsonl: names no valid directory (" + e.getReason() + ")");
            }
            return new VisitsStore(Kind.JSONL, dir);
        }
        if (lower.startsWith("jdbc:")) {
            if (!lower.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("only PostgreSQL is supported as a database; expected " + ACCEPTED);
            }
            return new VisitsStore(Kind.JDBC, value);
        }
        if (lower.startsWith("jndi:")) {
            String name = value.substring("jndi:".length()).trim();
            if (!JNDI_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a JNDI name (e.g. java:comp/env/jdbc/visits);"
                        + " expected " + ACCEPTED);
            }
            return new VisitsStore(Kind.JNDI, name);
        }
        throw new IllegalArgumentException("expected " + ACCEPTED);
    }

    /** Whether records go to PostgreSQL (through a URL or a container DataSource). */
    public boolean database() {
        return kind == Kind.JDBC || kind == Kind.JNDI;
    }

    /** A JDBC URL without its password ({@code password=} parameter or {@code user:password@}), for logs. */
    public static String redact(String url) {
        return Redaction.url(url);
    }

    /** The value as it can be logged. */
    @Override
    public String toString() {
        return switch (kind) {
            case JSONL -> target.isEmpty() ? "jsonl" : "jsonl:" + target;
            case SLF4J -> "slf4j";
            case JDBC -> redact(target);
            case JNDI -> "jndi:" + target;
        };
    }
}
