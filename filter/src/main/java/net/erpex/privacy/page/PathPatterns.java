package net.erpex.privacy.page;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Path patterns as a {@code web.xml} {@code url-pattern} writes them, matched against the path within the application
 * (the container's decoded, normalised servlet path and path info, never the raw URI): an exact path
 * ({@code /health}, which also matches {@code /health/}), a prefix ({@code /static/*}, which also matches
 * {@code /static}) or an extension ({@code *.css}, case-insensitive). Immutable.
 */
public final class PathPatterns {

    /** No pattern: matches nothing. */
    public static final PathPatterns NONE = new PathPatterns(List.of());

    private final List<String> patterns;
    private final Set<String> exact = new HashSet<>();
    private final List<String> prefixes = new ArrayList<>();
    private final List<String> extensions = new ArrayList<>();

    private PathPatterns(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        for (String p : this.patterns) {
            if (p.startsWith("*.")) {
                extensions.add(p.substring(1).toLowerCase(Locale.ROOT));
            } else if (p.endsWith("/*")) {
                String base = p.substring(0, p.length() - 2);
                prefixes.add(base + "/");
                exact.add(base.isEmpty() ? "/" : base);
            } else {
                exact.add(p);
            }
        }
    }

    /**
     * Checks and compiles patterns.
     *
     * @throws IllegalArgumentException naming the first pattern that is none of the three forms
     */
    public static PathPatterns of(List<String> patterns) {
        for (String p : Objects.requireNonNull(patterns, "patterns")) {
            if (!valid(p)) {
                throw new IllegalArgumentException("'" + p + "' is not a path pattern (/exact, /prefix/* or"
                        + " *.extension)");
            }
        }
        return patterns.isEmpty() ? NONE : new PathPatterns(patterns);
    }

    private static boolean valid(String p) {
        if (p == null || p.isEmpty() || p.length() > 512) {
            return false;
        }
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c <= 0x20 || c >= 0x7F || c == '?' || c == '#' || c == ';' || c == '\\') {
                return false;
            }
        }
        if (p.startsWith("*.")) {
            return p.length() > 2 && p.indexOf('/') < 0 && p.indexOf('*', 1) < 0;
        }
        int star = p.indexOf('*');
        return p.charAt(0) == '/' && (star < 0 || star == p.length() - 1 && p.endsWith("/*"));
    }

    /** The patterns as given. */
    public List<String> patterns() {
        return patterns;
    }

    /** Whether there is no pattern. */
    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** Whether a path within the application matches one of the patterns. */
    public boolean matches(String path) {
        if (path == null || patterns.isEmpty()) {
            return false;
        }
        if (exact.contains(path) || path.length() > 1 && path.endsWith("/")
                && exact.contains(path.substring(0, path.length() - 1))) {
            return true;
        }
        for (String prefix : prefixes) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        for (String extension : extensions) {
            int from = path.length() - extension.length();
            if (from > path.lastIndexOf('/') && path.regionMatches(true, from, extension, 0, extension.length())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return String.join(", ", patterns);
    }
}
