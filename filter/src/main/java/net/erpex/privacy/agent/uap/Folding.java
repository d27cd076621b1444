package net.erpex.privacy.agent.uap;

/**
 * The case folding shared by the literals taken from patterns and the text they are looked for in, so that one
 * scan serves case-sensitive and case-insensitive rules alike.
 *
 * <p>Atoms are ASCII only. RE2's case-insensitive matching folds by Unicode simple case folding, in which the only
 * non-ASCII characters equivalent to ASCII letters are KELVIN SIGN (U+212A, a {@code k}) and LATIN SMALL LETTER
 * LONG S (U+017F, an {@code s}); they fold to those letters here, so a case-insensitive rule whose atom is
 * {@code kindle} is still a candidate for {@code \u212Aindle}. Every other non-ASCII or control character folds to
 * {@link #NONE}, which no atom contains. Folding a case-sensitive rule's atom only makes the prefilter accept more
 * texts, never fewer: the rule's own pattern still decides.
 */
final class Folding {

    /** What a character that can be in no atom folds to. */
    static final char NONE = 0;

    private Folding() {
    }

    /** The folded form of {@code c}: a lower-case printable ASCII character, or {@link #NONE}. */
    static char fold(char c) {
        if (c >= 'A' && c <= 'Z') {
            return (char) (c + ('a' - 'A'));
        }
        if (c >= 0x20 && c < 0x7f) {
            return c;
        }
        if (c == '\u212A') {
            return 'k';
        }
        if (c == '\u017F') {
            return 's';
        }
        return NONE;
    }
}
