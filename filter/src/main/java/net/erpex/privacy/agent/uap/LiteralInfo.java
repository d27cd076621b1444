package net.erpex.privacy.agent.uap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@link LiteralExtractor} knows about the texts a part of a pattern matches, and how those facts combine.
 *
 * <p>Either the part matches one of a small set of exact strings ({@code Chrome/}, {@code [Bb]ot} as {@code bot},
 * {@code " {0,2}"} as three strings), or it does not, and then three facts hold for every text it matches: it starts
 * with one of {@link #prefix}, ends with one of {@link #suffix} (the empty string meaning "nothing known"), and meets
 * {@link #match}. Keeping the ends lets a sequence join literals across a group: in {@code ; {0,2}(T-(?:07|\d))} the
 * group starts with {@code t-}, so the sequence contains {@code ;t-}, {@code ; t-} or {@code ;  t-}.
 *
 * <p>All strings are folded ({@link Folding}). Sets larger than {@value #MAX_STRINGS} are not kept; what they would
 * have required is added to {@link #match} or dropped, which only ever weakens the requirement.
 */
final class LiteralInfo {

    /** Shorter strings are too common to narrow anything down and are not used as atoms. */
    static final int MIN_ATOM = 2;

    /** The largest set of strings kept. */
    static final int MAX_STRINGS = 64;

    private static final List<String> UNKNOWN = List.of("");

    /** The empty string: anchors and other zero-width assertions. */
    static final LiteralInfo EMPTY = exact(UNKNOWN);

    /** Any text (a class, a dot, an optional part): nothing is known. */
    static final LiteralInfo ANY = new LiteralInfo(null, UNKNOWN, UNKNOWN, Requirement.ALWAYS);

    private final List<String> exact;
    private final List<String> prefix;
    private final List<String> suffix;
    private final Requirement match;

    private LiteralInfo(List<String> exact, List<String> prefix, List<String> suffix, Requirement match) {
        this.exact = exact;
        this.prefix = prefix;
        this.suffix = suffix;
        this.match = match;
    }

    /** A part that matches exactly one of {@code strings}. */
    static LiteralInfo exact(Collection<String> strings) {
        List<String> copy = List.copyOf(new LinkedHashSet<>(strings));
        return new LiteralInfo(copy, copy, copy, Requirement.ALWAYS);
    }

    private static LiteralInfo inexact(List<String> prefix, List<String> suffix, Requirement match) {
        return new LiteralInfo(null, prefix, suffix, match);
    }

    /** The exact strings, or null when the part is not exact. */
    List<String> exactStrings() {
        return exact;
    }

    /** What any text the part matches contains. */
    Requirement requirement() {
        if (exact != null) {
            return atoms(exact);
        }
        return Requirement.all(List.of(match, atoms(prefix), atoms(suffix)));
    }

    /** This part followed by {@code next}. */
    LiteralInfo then(LiteralInfo next) {
        if (exact != null && next.exact != null) {
            List<String> product = product(exact, next.exact);
            return product != null ? exact(product) : inexact(exact, next.exact, Requirement.ALWAYS);
        }
        if (exact != null) {
            List<String> start = product(exact, next.prefix);
            return start != null ? inexact(start, next.suffix, next.match)
                    : inexact(exact, next.suffix, Requirement.all(List.of(next.match, atoms(next.prefix))));
        }
        if (next.exact != null) {
            List<String> end = product(suffix, next.exact);
            return end != null ? inexact(prefix, end, match)
                    : inexact(prefix, next.exact, Requirement.all(List.of(match, atoms(suffix))));
        }
        List<String> joint = product(suffix, next.prefix);
        Requirement join = joint != null ? atoms(joint)
                : Requirement.all(List.of(atoms(suffix), atoms(next.prefix)));
        return inexact(prefix, next.suffix, Requirement.all(List.of(match, next.match, join)));
    }

    /** One of {@code branches}. */
    static LiteralInfo anyOf(List<LiteralInfo> branches) {
        Set<String> all = new LinkedHashSet<>();
        Set<String> starts = new LinkedHashSet<>();
        Set<String> ends = new LinkedHashSet<>();
        List<Requirement> requirements = new ArrayList<>(branches.size());
        boolean allExact = true;
        for (LiteralInfo branch : branches) {
            allExact &= branch.exact != null;
            if (branch.exact != null) {
                all.addAll(branch.exact);
            }
            starts.addAll(branch.prefix);
            ends.addAll(branch.suffix);
            requirements.add(branch.requirement());
        }
        if (allExact && all.size() <= MAX_STRINGS) {
            return exact(all);
        }
        return inexact(starts.size() <= MAX_STRINGS ? List.copyOf(starts) : UNKNOWN,
                ends.size() <= MAX_STRINGS ? List.copyOf(ends) : UNKNOWN, Requirement.any(requirements));
    }

    /**
     * This part repeated {@code min} to {@code max} times ({@code max} -1: unbounded). A small count of an exact part
     * is the set of its expansions ({@code " {0,2}"}: "", " ", "  "); at least one copy of anything else starts with
     * the part's prefix and ends with its suffix; a part that may be absent says nothing.
     */
    LiteralInfo repeated(int min, int max, int maxCount) {
        if (min == 1 && max == 1) {
            return this;
        }
        if (exact != null && max >= 0 && max <= maxCount) {
            Set<String> expansions = new LinkedHashSet<>();
            List<String> power = UNKNOWN; // the part repeated k times
            for (int k = 0; k <= max && power != null; k++) {
                if (k >= min) {
                    expansions.addAll(power);
                }
                power = k < max ? product(power, exact) : power;
            }
            if (power != null && expansions.size() <= MAX_STRINGS) {
                return exact(expansions);
            }
        }
        if (min >= 1) {
            return inexact(prefix, suffix, match);
        }
        return ANY;
    }

    /** The concatenations of every {@code a} with every {@code b}, or null when there would be too many. */
    private static List<String> product(List<String> a, List<String> b) {
        if (a.size() * b.size() > MAX_STRINGS) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String x : a) {
            for (String y : b) {
                out.add(x + y);
            }
        }
        return List.copyOf(out);
    }

    /** "One of {@code strings} occurs": nothing when one of them is too short to be an atom. */
    private static Requirement atoms(List<String> strings) {
        List<Requirement> atoms = new ArrayList<>(strings.size());
        for (String s : strings) {
            if (s.length() < MIN_ATOM) {
                return Requirement.ALWAYS;
            }
            atoms.add(Requirement.atom(s));
        }
        return Requirement.any(atoms);
    }
}
