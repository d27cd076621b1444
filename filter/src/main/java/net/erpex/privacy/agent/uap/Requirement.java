package net.erpex.privacy.agent.uap;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What must occur in a text for a pattern to have a chance of matching it: a formula of literal strings ("atoms",
 * case-folded as {@link Folding} does) joined by AND and OR, or {@link #ALWAYS} when nothing is required.
 *
 * <p>Formulas are monotone (no NOT), so a formula other than {@link #ALWAYS} is false when no atom occurs: a rule
 * needs to be looked at only when one of its atoms was seen, or when its formula is {@link #ALWAYS}.
 */
final class Requirement {

    private enum Kind { ALWAYS, ATOM, ALL, ANY }

    /** No requirement: the rule is always a candidate. */
    static final Requirement ALWAYS = new Requirement(Kind.ALWAYS, null, List.of());

    private final Kind kind;
    private final String atom;
    private final List<Requirement> children;

    private Requirement(Kind kind, String atom, List<Requirement> children) {
        this.kind = kind;
        this.atom = atom;
        this.children = children;
    }

    /** The text must contain {@code atom} (already folded). */
    static Requirement atom(String atom) {
        return new Requirement(Kind.ATOM, atom, List.of());
    }

    /** Every one of {@code parts} must hold. */
    static Requirement all(List<Requirement> parts) {
        Set<Requirement> kept = new LinkedHashSet<>();
        for (Requirement part : parts) {
            if (part.kind == Kind.ALL) {
                kept.addAll(part.children);
            } else if (part.kind != Kind.ALWAYS) {
                kept.add(part);
            }
        }
        return kept.isEmpty() ? ALWAYS : kept.size() == 1 ? kept.iterator().next()
                : new Requirement(Kind.ALL, null, List.copyOf(kept));
    }

    /** At least one of {@code parts} must hold; one {@link #ALWAYS} makes the whole {@link #ALWAYS}. */
    static Requirement any(List<Requirement> parts) {
        Set<Requirement> kept = new LinkedHashSet<>();
        for (Requirement part : parts) {
            if (part.kind == Kind.ALWAYS) {
                return ALWAYS;
            }
            if (part.kind == Kind.ANY) {
                kept.addAll(part.children);
            } else {
                kept.add(part);
            }
        }
        return kept.isEmpty() ? ALWAYS : kept.size() == 1 ? kept.iterator().next()
                : new Requirement(Kind.ANY, null, List.copyOf(kept));
    }

    boolean isAlways() {
        return kind == Kind.ALWAYS;
    }

    /** Calls {@code sink} with every atom of the formula. */
    void forEachAtom(Consumer<String> sink) {
        if (kind == Kind.ATOM) {
            sink.accept(atom);
        }
        for (Requirement child : children) {
            child.forEachAtom(sink);
        }
    }

    /**
     * Atoms of which at least one occurs in every text the formula holds for: all atoms of an OR, and of an AND the
     * atoms of its most selective part, the one whose atoms cost least by {@code cost} (how often an atom is
     * expected in a text). The prefilter looks at a rule only when one of these is seen, then checks the formula.
     */
    Set<String> triggers(java.util.function.ToDoubleFunction<String> cost) {
        return switch (kind) {
            case ALWAYS -> Set.of();
            case ATOM -> Set.of(atom);
            case ANY -> {
                Set<String> all = new LinkedHashSet<>();
                children.forEach(c -> all.addAll(c.triggers(cost)));
                yield all;
            }
            case ALL -> {
                Set<String> best = null;
                double bestCost = Double.MAX_VALUE;
                for (Requirement child : children) {
                    Set<String> candidate = child.triggers(cost);
                    double total = candidate.stream().mapToDouble(cost).sum();
                    if (total < bestCost) {
                        best = candidate;
                        bestCost = total;
                    }
                }
                yield best;
            }
        };
    }

    /** Whether the formula holds when exactly the atoms {@code seen} accepts occur. */
    boolean holds(java.util.function.Predicate<String> seen) {
        return switch (kind) {
            case ALWAYS -> true;
            case ATOM -> seen.test(atom);
            case ALL -> children.stream().allMatch(c -> c.holds(seen));
            case ANY -> children.stream().anyMatch(c -> c.holds(seen));
        };
    }

    /** The formula with atoms replaced by their numbers, for evaluation against a bit set of seen atoms. */
    Condition compile(java.util.function.ToIntFunction<String> ids) {
        return switch (kind) {
            case ALWAYS -> Condition.TRUE;
            case ATOM -> Condition.atom(ids.applyAsInt(atom));
            case ALL, ANY -> {
                List<Condition> compiled = new ArrayList<>(children.size());
                for (Requirement child : children) {
                    compiled.add(child.compile(ids));
                }
                yield Condition.of(kind == Kind.ALL, compiled);
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Requirement r && r.kind == kind && java.util.Objects.equals(r.atom, atom)
                && r.children.equals(children);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(kind, atom, children);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ALWAYS -> "ALWAYS";
            case ATOM -> "'" + atom + "'";
            case ALL -> "ALL" + children;
            case ANY -> "ANY" + children;
        };
    }

    /** A compiled formula: atoms are bit numbers in the set of atoms seen in one text. */
    static final class Condition {
        static final Condition TRUE = new Condition(-1, true, new Condition[0]);

        private final int atom;
        private final boolean and;
        private final Condition[] children;

        private Condition(int atom, boolean and, Condition[] children) {
            this.atom = atom;
            this.and = and;
            this.children = children;
        }

        static Condition atom(int id) {
            return new Condition(id, false, new Condition[0]);
        }

        static Condition of(boolean and, List<Condition> children) {
            return new Condition(-1, and, children.toArray(new Condition[0]));
        }

        boolean holds(long[] seen) {
            if (atom >= 0) {
                return (seen[atom >>> 6] & (1L << atom)) != 0;
            }
            if (and) {
                for (Condition child : children) {
                    if (!child.holds(seen)) {
                        return false;
                    }
                }
                return true;
            }
            for (Condition child : children) {
                if (child.holds(seen)) {
                    return true;
                }
            }
            return children.length == 0;
        }
    }
}
