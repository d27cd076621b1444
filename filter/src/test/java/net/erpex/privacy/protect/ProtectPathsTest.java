package net.erpex.privacy.protect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which paths {@code protect.paths} covers. */
class ProtectPathsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"/contact, true", "/contact/, true", "/contacts, false", "/forms, true", "/forms/, true",
            "/forms/newsletter, true", "/forms/a/b, true", "/formsx, false", "/, false"})
    void matchesExactPathsAndPrefixes(String path, boolean protectedPath) {
        // Built in the test, not in a static field: PIT credits no test with what a class initializer covers.
        ProtectedPaths paths = new ProtectedPaths(List.of("/contact", "/forms/*"));
        assertThat(paths.matches(path)).isEqualTo(protectedPath);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"/, true", "/anything, true", "/a/b, true", "'', false"})
    void slashStarProtectsEveryPath(String path, boolean protectedPath) {
        assertThat(new ProtectedPaths(List.of("/*")).matches(path)).isEqualTo(protectedPath);
    }
}
