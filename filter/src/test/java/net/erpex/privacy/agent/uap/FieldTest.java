package net.erpex.privacy.agent.uap;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each field of a result is taken from a match as uap-core's specification says. */
class FieldTest {

    private static Matcher match(String regex, String text) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("%s finds a match in %s", regex, text).isTrue();
        return matcher;
    }

    static Stream<Arguments> rows() {
        String regex = "(Foo)(?:/(\\d+)|)(?:\\.(\\d*)|)( Bar|)";
        return Stream.of(
                Arguments.of("a family is its own group", Field.userAgent(null, 4, 1), "Foo/12.", "Foo"),
                Arguments.of("a version part is its own group", Field.userAgent(null, 4, 2), "Foo/12.", "12"),
                Arguments.of("an empty capture is absent", Field.userAgent(null, 4, 3), "Foo/12.", ""),
                Arguments.of("a group that did not take part is absent", Field.userAgent(null, 4, 2), "Foo", ""),
                Arguments.of("a group the pattern lacks is absent", Field.userAgent(null, 1, 2), "Foo/12", ""),
                Arguments.of("a user-agent replacement substitutes only its own placeholder",
                        Field.userAgent("$1 $2 x", 4, 1), "Foo/12", "Foo $2 x"),
                Arguments.of("a user-agent replacement is not trimmed", Field.userAgent(" $2 ", 4, 2), "Foo/12", " 12 "),
                Arguments.of("a replacement without placeholder is literal", Field.userAgent("Bar", 4, 1), "Foo", "Bar"),
                Arguments.of("an empty replacement is no replacement", Field.userAgent("", 4, 1), "Foo", "Foo"),
                Arguments.of("an OS or device template substitutes every group", Field.template("$1 v$2.$3", 4, 1),
                        "Foo/12.5", "Foo v12.5"),
                Arguments.of("a template's missing groups are empty and it is trimmed", Field.template("$4 $1 $2", 4, 1),
                        "Foo", "Foo"),
                Arguments.of("a template that comes out blank is absent", Field.template("$2 $3", 4, 1), "Foo", ""),
                Arguments.of("$0 stands for nothing, $9 beyond the groups too", Field.template("a$0b$9c", 4, 1), "Foo",
                        "abc"),
                Arguments.of("a device brand has no group of its own", Field.template(null, 4, 0), "Foo", ""),
                Arguments.of("a blank template is no template", Field.template("  ", 4, 1), "Foo/1", "Foo"))
                .map(a -> Arguments.of(a.get()[0], a.get()[1], regex, a.get()[2], a.get()[3]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void resolves(String name, Field field, String regex, String text, String expected) {
        assertThat(field.resolve(match(regex, text))).isEqualTo(expected);
    }
}
