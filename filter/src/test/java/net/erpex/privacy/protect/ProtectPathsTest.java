package net.erpex.privacy.protect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which paths {@code protect.paths} covers. */
class ProtectPathsTest {

    private static final ProtectedPaths PATHS = new ProtectedPaths(List.of("/contact", "/forms/*"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"/contact, true", "/contact/, true", "/contacts, false", "/forms, true", "/forms/, true",
            "/forms/newsletter, true", "/forms/a/b, true", "/formsx, false", "/, false"})
    void matchesExactPathsAndPrefixes(String path, boolean protectedPath) {
        assertThat(PATHS.matches(path)).isEqualTo(protectedPath);
    }
}
