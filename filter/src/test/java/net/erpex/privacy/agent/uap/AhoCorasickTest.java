package net.erpex.privacy.agent.uap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The one-pass scan finds exactly the atoms that occur, read through the prefilter's folding. */
class AhoCorasickTest {

    private static final List<String> ATOMS = List.of("he", "she", "his", "hers", "kindle", "bot", "; sm-", "ss");

    private static List<String> found(AhoCorasick automaton, List<String> atoms, String text) {
        long[] seen = automaton.scan(text);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < atoms.size(); i++) {
            if ((seen[i >>> 6] & (1L << i)) != 0) {
                out.add(atoms.get(i));
            }
        }
        return out;
    }

    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of("overlapping atoms and atoms inside atoms", "ushers", List.of("he", "she", "hers")),
                Arguments.of("upper case folds", "USHERS", List.of("he", "she", "hers")),
                Arguments.of("an atom at the very end", "this", List.of("his")),
                Arguments.of("KELVIN SIGN folds to k, LONG S to s", "\u212Aindle \u017Fs", List.of("kindle", "ss")),
                Arguments.of("other non-ASCII breaks an atom", "kin\u00e9dle b\u00f6t", List.of()),
                Arguments.of("a control character breaks an atom", "bo\u0000t", List.of()),
                Arguments.of("punctuation and spaces are part of atoms", "Linux; SM-T870", List.of("; sm-")),
                Arguments.of("a text repeating an atom reports it once, and others still", "bot".repeat(1000) + "his",
                        List.of("his", "bot")),
                Arguments.of("nothing", "", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void findsTheAtomsThatOccur(String name, String text, List<String> expected) {
        assertThat(found(new AhoCorasick(ATOMS), ATOMS, text)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void numbersAtomsBeyondOneWordOfBits() {
        List<String> atoms = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            atoms.add("a" + i + "z");
        }
        AhoCorasick automaton = new AhoCorasick(atoms);

        assertThat(found(automaton, atoms, "xa0z a63z a64z a199z a1999z")).containsExactly("a0z", "a63z", "a64z", "a199z");
        assertThat(automaton.atomCount()).isEqualTo(200);
    }

    @Test
    void agreesWithPlainSearchOnRandomTexts() {
        java.util.Random random = new java.util.Random(7);
        String alphabet = "hesirHESIR; -sm";
        AhoCorasick automaton = new AhoCorasick(ATOMS);
        for (int n = 0; n < 2_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String lower = text.toString().toLowerCase(java.util.Locale.ROOT);
            List<String> expected = ATOMS.stream().filter(lower::contains).toList();
            assertThat(found(automaton, ATOMS, text.toString())).as(text.toString())
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void refusesAtomsThatAreNotFolded() {
        assertThatThrownBy(() -> new AhoCorasick(List.of("Bot"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AhoCorasick(List.of("b\u00f6t"))).isInstanceOf(IllegalArgumentException.class);
    }
}
