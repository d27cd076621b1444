package net.erpex.privacy.agent.uap;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rewrites of bounded repetitions, and that the search built on them finds the pattern's own match. */
class RepetitionsTest {

    @Nested
    class Unbound {
        static Stream<Arguments> rows() {
            return Stream.of(
                    Arguments.of("a large optional repetition", "a.{0,200}b", "a.*b"),
                    Arguments.of("a large required repetition", "(x{1,100})", "(x+)"),
                    Arguments.of("a lazy one stays lazy", "a.{0,300}?b", "a.*?b"),
                    Arguments.of("small bounds are meant and kept", "(moto)(.{0,50})", "(moto)(.{0,50})"),
                    Arguments.of("a bound on a leading dot is a position and kept", "^.{0,100}(bot)", "^.{0,100}(bot)"),
                    Arguments.of("also inside a group", "^(.{0,200})/(\\d+)", "^(.{0,200})/(\\d+)"),
                    Arguments.of("braces in a class are characters", "[{0,200}]", "[{0,200}]"),
                    Arguments.of("a class starting with ] is one class", "[]{0,200}]x{0,200}", "[]{0,200}]x*"),
                    Arguments.of("an escaped brace is a character", "a\\{0,200}", "a\\{0,200}"),
                    Arguments.of("{2,300} is not rewritten", "a{2,300}", "a{2,300}"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("rows")
        void rewrites(String name, String pattern, String expected) {
            assertThat(Repetitions.unbound(pattern)).isEqualTo(expected);
        }
    }

    @Nested
    class Relax {
        static Stream<Arguments> rows() {
            return Stream.of(
                    Arguments.of("a class", "([A-Za-z0-9]{0,50}bot)", "([A-Za-z0-9]*bot)", 50),
                    Arguments.of("at least one, and the smallest bound counts", "\\d{1,30}x[a-z]{0,60}", "\\d+x[a-z]*", 30),
                    Arguments.of("a dot", "(moto)(.{0,50})(?: Build)", "(moto)(.*)(?: Build)", 50),
                    Arguments.of("an escaped character", "\\.{0,40}", "\\.*", 40),
                    Arguments.of("a class starting with ]", "[]a]{0,50}", "[]a]*", 50),
                    Arguments.of("a group is not one character", "(ab){0,50}", null, 0),
                    Arguments.of("a lazy repetition keeps its bound", "a{0,50}?b", null, 0),
                    Arguments.of("bounds under 30 are kept", "[A-Z]{2,4}[a-z]{0,29}", null, 0),
                    Arguments.of("\\b is no character", "\\b{0,50}", null, 0),
                    Arguments.of("bounds from 100 are Unbound's", "a{0,100}", null, 0));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("rows")
        void relaxes(String name, String pattern, String expected, int maxLength) {
            Repetitions.Relaxed relaxed = Repetitions.relax(pattern);
            if (expected == null) {
                assertThat(relaxed).isNull();
            } else {
                assertThat(relaxed).isEqualTo(new Repetitions.Relaxed(expected, maxLength));
            }
        }
    }

    /**
     * The search that strips a {@code ^.{0,N}?} prefix and relaxes bounds gives the match the pattern itself gives,
     * groups included, on random texts built to hit the edges: matches just inside and just past each bound.
     */
    @Test
    void theSearchFindsThePatternsOwnMatch() {
        List<String> patterns = List.of(
                "^.{0,5}?([a-c]{0,30}bot)[/ ](\\d+)",
                "^.{0,5}?(?:/[a-c.]{0,30}|) ?([a-c ]{0,30}(?:bot|crawl[a-c]{0,30}))",
                "(x)(.{0,30})(?: B|\\) A)",
                "([ab]{1,30})_W;F",
                "^.{0,4}(bot|ab|^c)");
        Random random = new Random(11);
        String[] pieces = {"a", "b", "c", " ", "/", ".", "bot", "crawl", "x", " B", ") A", "_W;F", "1", "\n"};
        for (String regex : patterns) {
            Pattern whole = Pattern.compile(regex);
            // Only whether the last one matches is used, as for a rule whose fields are all literal.
            boolean onlyWhether = regex.startsWith("^.{0,4}(");
            Search search = Search.plan(regex, whole, onlyWhether);
            for (int n = 0; n < 3_000; n++) {
                StringBuilder text = new StringBuilder();
                for (int i = random.nextInt(40); i > 0; i--) {
                    String piece = pieces[random.nextInt(pieces.length)];
                    text.append(random.nextInt(8) == 0 ? piece.repeat(10 + random.nextInt(30)) : piece);
                }
                Matcher expected = whole.matcher(text);
                Matcher actual = search.find(text.toString(), search.fast());
                boolean matched = expected.find();
                assertThat(actual != null).as("%s on '%s'", regex, text).isEqualTo(matched);
                if (matched && !onlyWhether) {
                    for (int g = 1; g <= expected.groupCount(); g++) { // group 0 of ^.{0,N}?X holds the prefix; no field reads it
                        assertThat(actual.group(g)).as("%s group %d on '%s'", regex, g, text).isEqualTo(expected.group(g));
                    }
                }
            }
        }
    }
}
