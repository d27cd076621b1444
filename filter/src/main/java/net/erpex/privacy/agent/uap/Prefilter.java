package net.erpex.privacy.agent.uap;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Picks, for a text, the rules of each section that can match it: those whose literal requirement holds, plus those
 * from which no literal could be extracted. One {@link AhoCorasick} pass over the text finds the atoms of all three
 * sections at once; the candidates come out as bit sets in rule order, so the first matching candidate is the
 * first matching rule, as uap-core's specification orders them.
 *
 * <p>A rule that is not a candidate cannot match: its requirement is implied by its pattern
 * ({@link LiteralExtractor}), and the requirement is checked exactly against the atoms seen. A rule is looked at
 * only when one of its {@link Requirement#triggers() triggers} is seen, which every text meeting its requirement
 * contains. The differential test
 * compares the engine with and without the prefilter on every string of uap-core's suites.
 */
final class Prefilter {

    /**
     * User-Agents of today's common browsers. Which atoms occur in them decides which part of a rule's requirement
     * indexes the rule: {@code ) applewebkit} is long but in most texts, {@code ; sm-} short but rare. Only speed
     * depends on this list, never a result.
     */
    private static final List<String> TYPICAL = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0"
                    + " Safari/537.36 Edg/120.0.0.0",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1"
                    + " Safari/605.1.15",
            "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
            "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile"
                    + " Safari/537.36",
            "Mozilla/5.0 (Linux; Android 13; SM-S911B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like"
                    + " Gecko) Version/4.0 Chrome/120.0.6099.144 Mobile Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                    + " Version/17.1.2 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119"
                    + " Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Android 14; Mobile; rv:121.0) Gecko/121.0 Firefox/121.0",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");

    private final AhoCorasick automaton;
    private final Map<String, Integer> ids = new HashMap<>();
    private final Map<Section, Index> indexes = new EnumMap<>(Section.class);

    /** The per-section part: which rules each atom can make candidates, and the compiled formulas. */
    private static final class Index {
        final int ruleCount;
        final long[] always;
        final int[][] rulesByAtom;
        final Requirement.Condition[] conditions;

        Index(int ruleCount, long[] always, int[][] rulesByAtom, Requirement.Condition[] conditions) {
            this.ruleCount = ruleCount;
            this.always = always;
            this.rulesByAtom = rulesByAtom;
            this.conditions = conditions;
        }
    }

    Prefilter(Map<Section, List<Rule>> sections) {
        Set<String> atoms = new LinkedHashSet<>();
        for (List<Rule> rules : sections.values()) {
            for (Rule rule : rules) {
                rule.requirement().forEachAtom(atoms::add);
                if (rule.alternation() != null) {
                    rule.alternation().branches().forEach(b -> b.requirement().forEachAtom(atoms::add));
                }
            }
        }
        List<String> atomList = List.copyOf(atoms);
        for (int i = 0; i < atomList.size(); i++) {
            ids.put(atomList.get(i), i);
        }
        this.automaton = new AhoCorasick(atomList);
        int[] typical = new int[atomList.size()];
        for (String text : TYPICAL) {
            long[] seen = automaton.scan(text);
            for (int atom = 0; atom < typical.length; atom++) {
                typical[atom] += (int) (seen[atom >>> 6] >>> atom) & 1;
            }
        }
        // An atom in typical texts is as bad as a thousand rare ones; among rare ones, shorter is likelier.
        java.util.function.ToDoubleFunction<String> cost = atom -> 1_000.0 * typical[ids.get(atom)]
                + Math.pow(2, Math.max(0, 8 - atom.length()));
        for (Map.Entry<Section, List<Rule>> entry : sections.entrySet()) {
            List<Rule> rules = entry.getValue();
            long[] always = new long[words(rules.size())];
            List<List<Integer>> byAtom = new ArrayList<>(atomList.size());
            for (int i = 0; i < atomList.size(); i++) {
                byAtom.add(new ArrayList<>(0));
            }
            Requirement.Condition[] conditions = new Requirement.Condition[rules.size()];
            for (int r = 0; r < rules.size(); r++) {
                Requirement requirement = rules.get(r).requirement();
                conditions[r] = requirement.compile(ids::get);
                if (requirement.isAlways()) {
                    always[r >>> 6] |= 1L << r;
                } else {
                    int rule = r;
                    requirement.triggers(cost).forEach(atom -> byAtom.get(ids.get(atom)).add(rule));
                }
            }
            int[][] rulesByAtom = new int[atomList.size()][];
            for (int i = 0; i < rulesByAtom.length; i++) {
                rulesByAtom[i] = byAtom.get(i).stream().mapToInt(Integer::intValue).toArray();
            }
            indexes.put(entry.getKey(), new Index(rules.size(), always, rulesByAtom, conditions));
        }
    }

    private static int words(int bits) {
        return (bits + 63) >>> 6;
    }

    /** The atoms of every section that occur in {@code text}; pass the result to {@link #candidates}. */
    long[] scan(CharSequence text) {
        return automaton.scan(text);
    }

    /** The rules of {@code section} that may match a text in which the atoms {@code seen} occur, as a bit set. */
    long[] candidates(Section section, long[] seen) {
        Index index = indexes.get(section);
        long[] picked = index.always.clone();
        long[] touched = new long[picked.length];
        for (int word = 0; word < seen.length; word++) {
            long bits = seen[word];
            while (bits != 0) {
                int atom = (word << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                for (int rule : index.rulesByAtom[atom]) {
                    touched[rule >>> 6] |= 1L << rule;
                }
            }
        }
        for (int word = 0; word < touched.length; word++) {
            long bits = touched[word];
            while (bits != 0) {
                int rule = (word << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                if (index.conditions[rule].holds(seen)) {
                    picked[word] |= 1L << rule;
                }
            }
        }
        return picked;
    }

    /** {@code requirement} as a condition over the bit set {@link #scan} returns; its atoms must be known here. */
    Requirement.Condition compile(Requirement requirement) {
        return requirement.compile(ids::get);
    }

    /** The number of distinct atoms, for the engine's description and tests. */
    int atomCount() {
        return automaton.atomCount();
    }

    /** The rules of {@code section} from which no literal could be extracted: candidates for every text. */
    int alwaysCount(Section section) {
        int count = 0;
        for (long word : indexes.get(section).always) {
            count += Long.bitCount(word);
        }
        return count;
    }
}
