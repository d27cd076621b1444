package net.erpex.privacy.agent.uap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The reader of regexes.yaml accepts uap-core's shape and names the entry of every error. */
class RulesYamlTest {

    private static Map<Section, List<RuleSpec>> read(String yaml) throws IOException {
        return RulesYaml.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static final String EMPTY_OTHERS = "os_parsers: []\ndevice_parsers: []\n";

    @Test
    void readsTheThreeSectionsInOrderWithFlagsAndReplacements() throws IOException {
        Map<Section, List<RuleSpec>> sections = read("""
                user_agent_parsers:
                  - regex: '(Foo)/(\\d+)'
                    family_replacement: 'Bar'
                    v1_replacement: 2
                    comment: 'ignored'
                  - regex: 'baz'
                    regex_flag: 'i'
                os_parsers:
                  - regex: '(Os)'
                    os_v1_replacement: true
                device_parsers: []
                """);

        List<RuleSpec> agents = sections.get(Section.USER_AGENT);
        assertThat(agents).hasSize(2);
        assertThat(agents.get(0).replacement("family_replacement")).isEqualTo("Bar");
        assertThat(agents.get(0).replacement("v1_replacement")).as("an unquoted number is text").isEqualTo("2");
        assertThat(agents.get(0).ignoreCase()).isFalse();
        assertThat(agents.get(1).ignoreCase()).isTrue();
        assertThat(agents.get(1).name()).isEqualTo("user_agent_parsers[1]");
        assertThat(sections.get(Section.OS).get(0).replacement("os_v1_replacement")).isEqualTo("true");
        assertThat(sections.get(Section.DEVICE)).isEmpty();
    }

    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("not YAML", "user_agent_parsers: [", "is not valid YAML"),
                Arguments.of("not a mapping", "- a\n- b\n", "expected a mapping"),
                Arguments.of("a section missing", "user_agent_parsers: []\nos_parsers: []\n", "no device_parsers list"),
                Arguments.of("a section that is no list", "user_agent_parsers: {}\n" + EMPTY_OTHERS,
                        "user_agent_parsers is not a list"),
                Arguments.of("an entry that is no mapping", "user_agent_parsers: [x]\n" + EMPTY_OTHERS,
                        "user_agent_parsers[0] is not a mapping"),
                Arguments.of("an entry without regex", "user_agent_parsers:\n  - family_replacement: a\n" + EMPTY_OTHERS,
                        "user_agent_parsers[0] has no regex"),
                Arguments.of("an empty regex", "user_agent_parsers:\n  - regex: ''\n" + EMPTY_OTHERS,
                        "user_agent_parsers[0] has no regex"),
                Arguments.of("an unknown flag", "user_agent_parsers:\n  - regex: 'a'\n    regex_flag: 'x'\n" + EMPTY_OTHERS,
                        "has regex_flag 'x': only 'i' is defined"),
                Arguments.of("a replacement that is a list",
                        "user_agent_parsers:\n  - regex: 'a'\n    family_replacement: [1]\n" + EMPTY_OTHERS,
                        "has a family_replacement that is not a string"),
                Arguments.of("an alias bomb", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a]\n"
                        + "c: &c [*b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c]\n"
                        + "e: [*d, *d, *d, *d, *d, *d, *d, *d]\n", "is not valid YAML"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void refusesWhatIsNotUapCoresShapeNamingWhere(String name, String yaml, String message) {
        assertThatThrownBy(() -> read(yaml)).isInstanceOf(IOException.class).hasMessageContaining("test.yaml")
                .hasMessageContaining(message);
    }
}
