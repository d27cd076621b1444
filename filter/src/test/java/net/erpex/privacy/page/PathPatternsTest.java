package net.erpex.privacy.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code visits.exclude}'s patterns, as a {@code web.xml} url-pattern writes them. */
class PathPatternsTest {

    private static final PathPatterns PATTERNS = PathPatterns.of(List.of("/health", "/static/*", "*.css"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /health            | true
            /health/           | true
            /health/x          | false
            /healthz           | false
            /static            | true
            /static/           | true
            /static/a/b.js     | true
            /statics/a         | false
            /site.css          | true
            /a/b/SITE.CSS      | true
            /.css              | true
            /css               | false
            /site.css/         | false
            /dir.css/page      | false
            /site.cssx         | false
            /site.scss         | false
            /                  | false
            """)
    void matchesExactPathsPrefixesAndExtensions(String path, boolean matches) {
        assertThat(PATTERNS.matches(path)).isEqualTo(matches);
    }

    @Test
    void theRootPrefixMatchesEverythingAndTheRootPathOnlyItself() {
        PathPatterns all = PathPatterns.of(List.of("/*"));
        assertThat(all.matches("/")).isTrue();
        assertThat(all.matches("/a/b")).isTrue();

        PathPatterns root = PathPatterns.of(List.of("/"));
        assertThat(root.matches("/")).isTrue();
        assertThat(root.matches("/a")).isFalse();
    }

    @Test
    void noPatternMatchesNothing() {
        assertThat(PathPatterns.of(List.of())).isSameAs(PathPatterns.NONE);
        assertThat(PathPatterns.NONE.isEmpty()).isTrue();
        assertThat(PathPatterns.NONE.matches("/")).isFalse();
        assertThat(PATTERNS.isEmpty()).isFalse();
        assertThat(PATTERNS.matches(null)).isFalse();
        assertThat(PATTERNS.patterns()).containsExactly("/health", "/static/*", "*.css");
        assertThat(PATTERNS).hasToString("/health, /static/*, *.css");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/a", "/a/*", "*.a", "*.tar.gz", "/!$&'()+,=@:~-._", "/ab"})
    void acceptsTheThreeForms(String pattern) {
        assertThat(PathPatterns.of(List.of(pattern)).patterns()).containsExactly(pattern);
    }

    @Test
    void acceptsPrintableAsciiUpToItsLongestPattern() {
        String longest = "/" + "a".repeat(511);
        assertThat(PathPatterns.of(List.of(longest)).matches(longest)).isTrue();
        assertThat(PathPatterns.of(List.of("/!~")).matches("/!~")).isTrue();
        assertThatThrownBy(() -> PathPatterns.of(List.of(longest + "a"))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "health", "*.", "*", "*/a", "*.a/b", "*.a*", "/a*", "/a/*/b", "/*/", "/a/**",
        "/a b", "/a\tb", "/a?b", "/a#b", "/a;b", "/a\\b", "/é", "/a\u007f", "/a\u0000", "**.css", ".css", "/*.map"})
    void refusesAnythingElseNamingIt(String pattern) {
        assertThatThrownBy(() -> PathPatterns.of(List.of("/ok", pattern)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + pattern + "' is not a path pattern (/exact, /prefix/* or *.extension)");
    }

    @Test
    void refusesANullPattern() {
        assertThatThrownBy(() -> PathPatterns.of(Arrays.asList("/ok", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'null'");
    }
}
