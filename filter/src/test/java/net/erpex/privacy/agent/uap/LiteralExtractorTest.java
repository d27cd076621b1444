package net.erpex.privacy.agent.uap;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a pattern requires, and above all that it is sound: every text the pattern matches meets the requirement as
 * the prefilter checks it (atoms looked for in the folded text). Each row gives texts that match; a requirement
 * that rejected one of them would make the prefilter skip a rule that matches.
 */
class LiteralExtractorTest {

    /** Whether {@code requirement} holds for {@code text} the way the prefilter decides it. */
    private static boolean holds(Requirement requirement, String text) {
        StringBuilder folded = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            folded.append(Folding.fold(text.charAt(i)));
        }
        return requirement.holds(atom -> folded.indexOf(atom) >= 0);
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("a literal", "Chrome/(\\d+)", 0, "'chrome/'", List.of("Chrome/120")),
                Arguments.of("case-insensitive rules fold like the text", "kindle", Pattern.CASE_INSENSITIVE,
                        "'kindle'", List.of("KINDLE/3", "\u212Aindle")),
                Arguments.of("a small class is its members", "[Bb]ot", 0, "'bot'", List.of("Bot", "bot")),
                Arguments.of("a range is any character", "ab[0-9]cd", 0, "ALL['ab', 'cd']", List.of("ab5cd")),
                Arguments.of("a negated class is any character", "xy[^a]yz", 0, "ALL['xy', 'yz']", List.of("xybyz")),
                Arguments.of("']' first in a class is a member", "[]a]{2}z", 0, "ANY[']]z', ']az', 'a]z', 'aaz']",
                        List.of("]]z", "a]z")),
                Arguments.of("an optional part requires nothing", "Foo(?:Bar)?Baz", 0, "ANY['foobaz', 'foobarbaz']",
                        List.of("FooBaz", "FooBarBaz")),
                Arguments.of("an empty branch requires nothing", "(?:Bar|)Baz", 0, "ANY['barbaz', 'baz']",
                        List.of("Baz", "BarBaz")),
                Arguments.of("a repeat of at least one keeps its ends", "(?:ab)+c", 0, "ALL['ab', 'abc']",
                        List.of("abababc")),
                Arguments.of("a repeat that may be absent requires nothing", "xx(?:ab)*yy", 0, "ALL['xx', 'yy']",
                        List.of("xxyy", "xxababyy")),
                Arguments.of("a small count is expanded", "; {0,2}(T-\\d)", 0, "ANY[';t-', '; t-', ';  t-']",
                        List.of(";T-1", "; T-2", ";  T-3")),
                Arguments.of("lazy quantifiers match the same texts", "ab.*?cd", 0, "ALL['ab', 'cd']", List.of("abxxcd")),
                Arguments.of("anchors and word boundaries are empty", "^\\bFoo\\b$", 0, "'foo'", List.of("Foo")),
                Arguments.of("flag groups", "(?i)foo(?-i:Bar)", 0, "'foobar'", List.of("FOOBar")),
                Arguments.of("\\Q...\\E is not read: the rule is always tried", "\\Qa.b\\E", 0, "ALWAYS",
                        List.of("a.b")),
                Arguments.of("non-ASCII literals fold to nothing and are not atoms", "caf\u00e9 ok", 0, "ALL['caf', ' ok']",
                        List.of("caf\u00e9 ok")),
                Arguments.of("one-character atoms are too short to narrow anything", "a|b", 0, "ALWAYS", List.of("a", "b")),
                Arguments.of("escaped punctuation is literal", "Version\\/(\\d+)\\.", 0, "'version/'",
                        List.of("Version/5.")),
                Arguments.of("named groups", "(?P<name>Opera)/(\\d+)", 0, "'opera/'", List.of("Opera/9")),
                Arguments.of("a big alternation is the OR of its branches", "(Alpha|Beta|Gamma)/", 0,
                        "ANY['alpha/', 'beta/', 'gamma/']", List.of("Beta/1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void extractsASoundRequirement(String name, String regex, int flags, String expected, List<String> matching) {
        Requirement requirement = LiteralExtractor.extract(regex);

        assertThat(requirement).hasToString(expected);
        Pattern pattern = Pattern.compile(regex, flags);
        for (String text : matching) {
            assertThat(pattern.matcher(text).find()).as("%s matches %s", regex, text).isTrue();
            assertThat(holds(requirement, text)).as("requirement %s holds for %s", requirement, text).isTrue();
        }
    }
}
