package net.erpex.privacy.protect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The paths of {@code protect.paths}: exact ({@code /contact}, also with a trailing slash) or a prefix
 * ({@code /forms/*}, which also matches {@code /forms}).
 */
public final class ProtectedPaths {

    private final Set<String> exact = new HashSet<>();
    private final List<String> prefixes = new ArrayList<>();

    public ProtectedPaths(List<String> patterns) {
        for (String p : patterns) {
            if (p.endsWith("/*")) {
                String base = p.substring(0, p.length() - 2);
                prefixes.add(base + "/");
                exact.add(base.isEmpty() ? "/" : base);
            } else {
                exact.add(p);
            }
        }
    }

    /** Whether a path within the application is protected. */
    public boolean matches(String path) {
        // An application mapped with /* may well answer /contact/ like /contact: the slash must not dodge the check.
        if (exact.contains(path) || path.length() > 1 && path.endsWith("/")
                && exact.contains(path.substring(0, path.length() - 1))) {
            return true;
        }
        for (String prefix : prefixes) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
