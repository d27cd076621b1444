package net.erpex.privacy.agent.uap;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * How a rule's pattern is searched for: the same match as the pattern's own leftmost-first search, found with a
 * pattern that RE2/J runs in fewer steps, and checked where the faster pattern may differ.
 *
 * <ul>
 *   <li>A leading lazy {@code ^.{0,N}?}: the whole pattern matches where the rest's leftmost match starts, if that is
 *       at most N characters in and no line feed comes before it ('.' matches anything else). The rest is searched
 *       unanchored and its start checked, without the N copies of '.' that RE2 runs over the text. A greedy
 *       {@code ^.{0,N}} would match the latest such start instead, so it is taken off only from a rule that uses no
 *       group (all its fields are literal): then only whether it matches counts, and that is the same.</li>
 *   <li>Bounded repetitions {@code {0,n}} and {@code {1,n}} of one character (a class, '.', an escape), with n of
 *       {@value Repetitions#RELAXED} to 99, are searched as {@code *} and {@code +} ({@link Repetitions#relax}):
 *       every match of the bounded pattern is one of the relaxed pattern, in the same order of preference, so when the
 *       relaxed pattern's preferred match is no longer than the smallest bound, no repetition in it went past its
 *       bound and it is the bounded pattern's preferred match too. A longer one is searched again with the bounded
 *       pattern.</li>
 * </ul>
 *
 * <p>The prefilter's differential test and the suite tests compare every answer with the file's pattern.
 */
final class Search {

    private final Pattern whole;
    private final Pattern exact;
    private final Pattern fast;
    private final String fastRegex;
    private final int maxStart;
    private final int maxLength;

    private Search(Pattern whole, Pattern exact, Pattern fast, String fastRegex, int maxStart, int maxLength) {
        this.whole = whole;
        this.exact = exact;
        this.fast = fast;
        this.fastRegex = fastRegex;
        this.maxStart = maxStart;
        this.maxLength = maxLength;
    }

    /**
     * The search for {@code regex}, compiled as {@code whole}.
     *
     * @param onlyWhether the rule uses no group of the match, only whether there is one
     */
    static Search plan(String regex, Pattern whole, boolean onlyWhether) {
        Prefix prefix = Prefix.of(regex, onlyWhether);
        String rest = prefix == null ? regex : prefix.rest();
        Pattern exact = prefix == null ? whole : Pattern.compile(rest, whole.flags());
        Repetitions.Relaxed relaxed = Repetitions.relax(rest);
        Pattern fast = relaxed == null ? exact : Pattern.compile(relaxed.regex(), whole.flags());
        return new Search(whole, exact, fast, relaxed == null ? rest : relaxed.regex(),
                prefix == null ? -1 : prefix.maxStart(), relaxed == null ? -1 : relaxed.maxLength());
    }

    /** The pattern searched first, as text: what the literal prefilter and the alternation pruning read. */
    String regex() {
        return fastRegex;
    }

    /** The pattern searched first. */
    Pattern fast() {
        return fast;
    }

    /**
     * The rule's match in {@code text}, or null.
     *
     * @param fastEquivalent {@link #fast()}, or a pattern matching exactly as it does ({@link AlternationPruner})
     */
    Matcher find(String text, Pattern fastEquivalent) {
        if (maxStart >= 0 && text.indexOf('\n') >= 0) {
            return found(whole.matcher(text)); // the prefix's '.' stops at a line feed: the whole pattern decides
        }
        Matcher match = found(fastEquivalent.matcher(text));
        if (match != null && maxLength >= 0 && match.end() - match.start() > maxLength) {
            match = found(exact.matcher(text));
        }
        return match == null || maxStart >= 0 && match.start() > maxStart ? null : match;
    }

    private static Matcher found(Matcher matcher) {
        return matcher.find() ? matcher : null;
    }

    /**
     * A leading {@code ^.{0,N}?} (lazy, so that the match is where the rest first matches), split off; with
     * {@code greedyToo}, a greedy {@code ^.{0,N}} as well.
     */
    record Prefix(String rest, int maxStart) {
        static Prefix of(String regex, boolean greedyToo) {
            if (!regex.startsWith("^.{0,")) {
                return null;
            }
            int close = regex.indexOf('}', 5);
            if (close < 6 || close > 9) {
                return null;
            }
            boolean lazy = close + 1 < regex.length() && regex.charAt(close + 1) == '?';
            if (!lazy && (!greedyToo || close + 1 < regex.length() && "*+?{".indexOf(regex.charAt(close + 1)) >= 0)) {
                return null;
            }
            for (int i = 5; i < close; i++) {
                if (regex.charAt(i) < '0' || regex.charAt(i) > '9') {
                    return null;
                }
            }
            String rest = regex.substring(close + (lazy ? 2 : 1));
            // A top-level alternation would bind to the prefix's branch only: "^.{0,9}?a|b" is (^.{0,9}?a)|(b).
            return hasTopLevelBar(rest) ? null : new Prefix(rest, Integer.parseInt(regex.substring(5, close)));
        }

        private static boolean hasTopLevelBar(String regex) {
            int depth = 0;
            boolean inClass = false;
            for (int i = 0; i < regex.length(); i++) {
                char c = regex.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (inClass) {
                    inClass = c != ']';
                } else if (c == '[') {
                    inClass = true;
                    if (i + 1 < regex.length() && regex.charAt(i + 1) == '^') {
                        i++;
                    }
                    if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
                        i++;
                    }
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if (c == '|' && depth == 0) {
                    return true;
                }
            }
            return false;
        }
    }

}
