package net.erpex.privacy.agent.uap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.BitSet;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a rule with a large alternation ({@code (CSimpleSpider|Cityreview Robot|...)}, two hundred crawler names) as
 * the same pattern without the branches that cannot match the text at hand.
 *
 * <p>An NFA like RE2/J's starts a thread per branch at every position of the text, so the crawler rules cost
 * milliseconds however few of their names occur. A branch whose literal requirement is not met matches no part of
 * the text, so no successful match passes through it: removing it leaves the set of matches and their priority, hence
 * the leftmost-first match and its groups, exactly as they were. Branches holding a capturing group (removing them
 * would renumber the groups) or a flag group are always kept.
 *
 * <p>Pruned patterns are compiled on demand and kept in a small bounded cache per rule: the same few crawler names
 * come back all the time, and a text that names new ones costs one compilation of a small pattern.
 */
final class AlternationPruner {

    private static final int CACHE_SIZE = 256;

    // Matches no character: what an alternation whose every branch was removed becomes.
    private static final String NOTHING = "[^\\x00-\\x{10FFFF}]";

    private final Rule rule;
    private final String regex;
    private final LiteralExtractor.Alternation alternation;
    private final Requirement.Condition[] conditions;
    private final Cache<BitSet, Pattern> cache;

    /**
     * @param rule    the rule, whose {@link Rule#alternation()} is not null
     * @param compile turns a requirement into a condition over the prefilter's atom numbers
     */
    AlternationPruner(Rule rule, Function<Requirement, Requirement.Condition> compile) {
        this.rule = rule;
        this.regex = rule.regex();
        this.alternation = rule.alternation();
        List<LiteralExtractor.Branch> branches = alternation.branches();
        this.conditions = new Requirement.Condition[branches.size()];
        for (int i = 0; i < conditions.length; i++) {
            LiteralExtractor.Branch branch = branches.get(i);
            conditions[i] = branch.pinned() ? Requirement.Condition.TRUE : compile.apply(branch.requirement());
        }
        this.cache = Caffeine.newBuilder().executor(Runnable::run).maximumSize(CACHE_SIZE).build();
    }

    /** The pattern to run on a text whose atoms are {@code seen}: the rule's own, or a pruned one. */
    Pattern patternFor(long[] seen) {
        BitSet live = new BitSet(conditions.length);
        for (int i = 0; i < conditions.length; i++) {
            if (conditions[i].holds(seen)) {
                live.set(i);
            }
        }
        if (live.cardinality() == conditions.length) {
            return rule.pattern();
        }
        return cache.get(live, this::compile);
    }

    private Pattern compile(BitSet live) {
        StringBuilder out = new StringBuilder(regex.length());
        out.append(regex, 0, alternation.start());
        boolean first = true;
        for (int i = live.nextSetBit(0); i >= 0; i = live.nextSetBit(i + 1)) {
            LiteralExtractor.Branch branch = alternation.branches().get(i);
            out.append(first ? "" : "|").append(regex, branch.start(), branch.end());
            first = false;
        }
        if (first) {
            out.append(NOTHING);
        }
        out.append(regex, alternation.end(), regex.length());
        try {
            return Pattern.compile(out.toString(), rule.pattern().flags());
        } catch (PatternSyntaxException e) {
            return rule.pattern(); // cannot happen for whole branches; the full pattern is always right
        }
    }
}
