package net.erpex.privacy.agent.uap;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Works out from a pattern (RE2 syntax) the {@link Requirement} any match of it meets: the literal strings that a
 * matching text must contain, joined by AND (concatenation, a repetition of at least one) and OR (alternation).
 *
 * <p>It is sound by construction, never complete: every construct it reads either contributes exact strings
 * (literals, small alternations of them, optional parts), or counts as "any text" (classes, {@code .},
 * {@code \d}, repetitions that may be absent), which requires nothing. Anything it does not read with certainty
 * ({@code \Q...\E}, octal or back-reference escapes, unknown group syntax) makes the whole pattern
 * {@link Requirement#ALWAYS}, so a rule is at worst always tried, never wrongly skipped. The prefilter's
 * differential test checks this on every rule of uap-core's file against every string of its test suites.
 */
final class LiteralExtractor {

    /** Repetitions of exact strings up to this count are expanded into their strings. */
    private static final int MAX_SMALL_COUNT = 3;

    /** Bracket expressions listing more characters than this count as any character. */
    private static final int MAX_CLASS = 4;

    /** Thrown for syntax this reader does not interpret with certainty; the pattern then requires nothing. */
    private static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported() {
            super(null, null, false, false);
        }
    }

    /** Alternations with fewer branches are not worth pruning. */
    static final int MIN_PRUNABLE_BRANCHES = 8;

    /**
     * What the extractor found: the pattern's requirement, and its largest alternation (null if none has
     * {@value #MIN_PRUNABLE_BRANCHES} branches), for {@link AlternationPruner}.
     */
    record Extraction(Requirement requirement, Alternation alternation) {
    }

    /** An alternation's place in the pattern, from its first branch's start to its last branch's end. */
    record Alternation(int start, int end, List<Branch> branches) {
    }

    /**
     * A branch: where it is, what any text it matches contains, and whether it must stay because it holds a
     * capturing group (removing it would renumber the groups) or a flag group (whose flags reach later branches).
     */
    record Branch(int start, int end, Requirement requirement, boolean pinned) {
    }

    private final String pattern;
    private int pos;
    // Capturing and flag groups opened so far: a branch during which this grows is pinned.
    private int groupsThatPin;
    private Alternation largest;

    private LiteralExtractor(String pattern) {
        this.pattern = pattern;
    }

    /** The requirement of {@code pattern}; {@link Requirement#ALWAYS} when none can be told. Never throws. */
    static Requirement extract(String pattern) {
        return analyse(pattern).requirement();
    }

    /** The requirement of {@code pattern} and its largest alternation. Never throws. */
    static Extraction analyse(String pattern) {
        LiteralExtractor reader = new LiteralExtractor(pattern);
        try {
            LiteralInfo info = reader.alternation();
            return reader.pos == pattern.length() ? new Extraction(info.requirement(), reader.largest)
                    : new Extraction(Requirement.ALWAYS, null);
        } catch (Unsupported | StackOverflowError e) {
            return new Extraction(Requirement.ALWAYS, null);
        }
    }

    private LiteralInfo alternation() {
        List<LiteralInfo> branches = new ArrayList<>();
        List<Branch> places = new ArrayList<>();
        while (true) {
            int start = pos;
            int groups = groupsThatPin;
            LiteralInfo branch = concatenation();
            branches.add(branch);
            places.add(new Branch(start, pos, branch.requirement(), groupsThatPin != groups));
            if (pos >= pattern.length() || pattern.charAt(pos) != '|') {
                break;
            }
            pos++;
        }
        if (places.size() >= MIN_PRUNABLE_BRANCHES
                && (largest == null || places.size() > largest.branches().size())) {
            largest = new Alternation(places.get(0).start(), pos, List.copyOf(places));
        }
        return branches.size() == 1 ? branches.get(0) : LiteralInfo.anyOf(branches);
    }

    private LiteralInfo concatenation() {
        LiteralInfo result = LiteralInfo.EMPTY;
        while (pos < pattern.length() && pattern.charAt(pos) != '|' && pattern.charAt(pos) != ')') {
            result = result.then(repetition(atom()));
        }
        return result;
    }

    private LiteralInfo repetition(LiteralInfo item) {
        LiteralInfo result = item;
        while (pos < pattern.length()) {
            char c = pattern.charAt(pos);
            int min;
            int max;
            if (c == '*' || c == '+' || c == '?') {
                pos++;
                min = c == '+' ? 1 : 0;
                max = c == '?' ? 1 : -1;
            } else if (c == '{' && repeatEnd(pos) > 0) {
                int end = repeatEnd(pos);
                String[] bounds = pattern.substring(pos + 1, end).split(",", -1);
                min = Integer.parseInt(bounds[0]);
                max = bounds.length == 1 ? min : bounds[1].isEmpty() ? -1 : Integer.parseInt(bounds[1]);
                pos = end + 1;
            } else {
                break;
            }
            if (pos < pattern.length() && pattern.charAt(pos) == '?') {
                pos++; // lazy: matches the same texts
            }
            result = result.repeated(min, max, MAX_SMALL_COUNT);
        }
        return result;
    }

    /** The index of the '}' closing a valid {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code at}, else -1. */
    private int repeatEnd(int at) {
        int i = at + 1;
        int digits = 0;
        while (i < pattern.length() && Character.isDigit(pattern.charAt(i)) && pattern.charAt(i) < 0x80) {
            i++;
            digits++;
        }
        if (digits == 0 || digits > 4 || i >= pattern.length()) {
            return -1;
        }
        if (pattern.charAt(i) == ',') {
            i++;
            int maxDigits = 0;
            while (i < pattern.length() && Character.isDigit(pattern.charAt(i)) && pattern.charAt(i) < 0x80) {
                i++;
                maxDigits++;
            }
            if (maxDigits > 4 || i >= pattern.length()) {
                return -1;
            }
        }
        return pattern.charAt(i) == '}' ? i : -1;
    }

    private LiteralInfo atom() {
        char c = pattern.charAt(pos++);
        switch (c) {
            case '(':
                return group();
            case '[':
                return bracket();
            case '.':
                return LiteralInfo.ANY;
            case '^':
            case '$':
                return LiteralInfo.EMPTY;
            case '\\':
                return escape();
            case '*':
            case '+':
            case '?':
                throw new Unsupported();
            default:
                return literal(c);
        }
    }

    private static LiteralInfo literal(char c) {
        char folded = Folding.fold(c);
        return folded == Folding.NONE ? LiteralInfo.ANY : LiteralInfo.exact(List.of(String.valueOf(folded)));
    }

    private LiteralInfo group() {
        if (!pattern.startsWith("?:", pos)) {
            groupsThatPin++;
        }
        if (pos < pattern.length() && pattern.charAt(pos) == '?') {
            pos++;
            if (pattern.startsWith("P<", pos) || pattern.startsWith("<", pos)) {
                int close = pattern.indexOf('>', pos);
                if (close < 0) {
                    throw new Unsupported();
                }
                pos = close + 1;
            } else {
                while (pos < pattern.length() && "imsU-".indexOf(pattern.charAt(pos)) >= 0) {
                    pos++;
                }
                if (pos >= pattern.length()) {
                    throw new Unsupported();
                }
                char end = pattern.charAt(pos++);
                if (end == ')') {
                    return LiteralInfo.EMPTY; // flags for what follows; the folding makes case irrelevant here
                }
                if (end != ':') {
                    throw new Unsupported();
                }
            }
        }
        LiteralInfo inner = alternation();
        if (pos >= pattern.length() || pattern.charAt(pos) != ')') {
            throw new Unsupported();
        }
        pos++;
        return inner;
    }

    private LiteralInfo escape() {
        if (pos >= pattern.length()) {
            throw new Unsupported();
        }
        char c = pattern.charAt(pos++);
        if ("dDsSwW".indexOf(c) >= 0 || "aftnrvC".indexOf(c) >= 0) {
            return LiteralInfo.ANY;
        }
        if ("bBAz".indexOf(c) >= 0) {
            return LiteralInfo.EMPTY;
        }
        if (c == 'p' || c == 'P' || c == 'x') {
            if (pos < pattern.length() && pattern.charAt(pos) == '{') {
                int close = pattern.indexOf('}', pos);
                if (close < 0) {
                    throw new Unsupported();
                }
                pos = close + 1;
            } else if (c == 'x') {
                pos += 2;
            } else {
                pos++;
            }
            if (pos > pattern.length()) {
                throw new Unsupported();
            }
            return LiteralInfo.ANY;
        }
        if (c < 0x80 && Character.isLetterOrDigit(c)) {
            throw new Unsupported(); // \Q...\E, octal and back-references, or something new
        }
        return literal(c);
    }

    /**
     * A bracket expression. One listing a few plain characters ({@code [Bb]}, {@code [ _-]}) is the set of them,
     * folded, so that {@code [Bb]ot} yields the atom {@code bot}; any other (ranges, negation, escapes for classes,
     * POSIX names) is any character. {@code ]} right after {@code [} or {@code [^} is a member.
     */
    private LiteralInfo bracket() {
        boolean plain = true;
        if (pos < pattern.length() && pattern.charAt(pos) == '^') {
            plain = false;
            pos++;
        }
        Set<String> members = new LinkedHashSet<>();
        boolean first = true;
        while (pos < pattern.length()) {
            char c = pattern.charAt(pos);
            if (c == ']' && !first) {
                pos++;
                return plain && !members.isEmpty() && members.size() <= MAX_CLASS ? LiteralInfo.exact(members)
                        : LiteralInfo.ANY;
            }
            first = false;
            if (c == '\\') {
                char escaped = pos + 1 < pattern.length() ? pattern.charAt(pos + 1) : 'x';
                plain &= escaped >= 0x80 || !Character.isLetterOrDigit(escaped);
                plain &= addMember(members, escaped);
                pos += 2;
            } else if (c == '[' && pattern.startsWith("[:", pos)) {
                int close = pattern.indexOf(":]", pos + 2);
                if (close < 0) {
                    throw new Unsupported();
                }
                plain = false;
                pos = close + 2;
            } else if (c == '-' && !members.isEmpty() && pos + 1 < pattern.length() && pattern.charAt(pos + 1) != ']') {
                plain = false; // a range
                pos++;
            } else {
                plain &= addMember(members, c);
                pos++;
            }
        }
        throw new Unsupported();
    }

    private static boolean addMember(Set<String> members, char c) {
        char folded = Folding.fold(c);
        members.add(String.valueOf(folded));
        return folded != Folding.NONE;
    }
}
