package net.erpex.privacy.agent.uap;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * One rule of a section, compiled: its RE2/J pattern, how each result field is taken from a match, and the literal
 * requirement the prefilter uses.
 *
 * <p>RE2/J (Google's Java port of RE2) matches in time linear in the text whatever the pattern and the text, with
 * no backtracking, which is what makes a crafted User-Agent harmless; uap-core's patterns are written for that
 * dialect (uap-go runs them on Go's RE2 engine).
 */
final class Rule {

    private final RuleSpec spec;
    private final String regex;
    private final Pattern pattern;
    private final Field[] fields;
    private final LiteralExtractor.Extraction extraction;
    private final Search search;

    private Rule(RuleSpec spec, Pattern pattern, Field[] fields, Search search) {
        this.spec = spec;
        this.pattern = pattern;
        this.fields = fields;
        this.search = search;
        this.regex = search.regex();
        this.extraction = LiteralExtractor.analyse(regex);
    }

    /**
     * Compiles a rule.
     *
     * @throws PatternSyntaxException when RE2/J does not accept the pattern (for example a look-ahead or a
     *                                back-reference, which RE2 leaves out because they cannot be matched in linear
     *                                time)
     */
    static Rule compile(RuleSpec spec) {
        String regex = Repetitions.unbound(spec.regex());
        Pattern pattern = Pattern.compile(regex, spec.ignoreCase() ? Pattern.CASE_INSENSITIVE : 0);
        int groups = pattern.groupCount();
        Field[] fields = switch (spec.section()) {
            case USER_AGENT -> new Field[] {
                Field.userAgent(spec.replacement("family_replacement"), groups, 1),
                Field.userAgent(spec.replacement("v1_replacement"), groups, 2),
                Field.userAgent(spec.replacement("v2_replacement"), groups, 3),
                Field.userAgent(spec.replacement("v3_replacement"), groups, 4),
                Field.userAgent(spec.replacement("v4_replacement"), groups, 5)};
            case OS -> new Field[] {
                Field.template(spec.replacement("os_replacement"), groups, 1),
                Field.template(spec.replacement("os_v1_replacement"), groups, 2),
                Field.template(spec.replacement("os_v2_replacement"), groups, 3),
                Field.template(spec.replacement("os_v3_replacement"), groups, 4),
                Field.template(spec.replacement("os_v4_replacement"), groups, 5)};
            case DEVICE -> new Field[] {
                Field.template(spec.replacement("device_replacement"), groups, 1),
                Field.template(spec.replacement("brand_replacement"), groups, 0),
                Field.template(spec.replacement("model_replacement"), groups, 1)};
        };
        boolean groupsUsed = false;
        for (Field field : fields) {
            groupsUsed |= field.usesGroups();
        }
        return new Rule(spec, pattern, fields, Search.plan(regex, pattern, !groupsUsed));
    }

    RuleSpec spec() {
        return spec;
    }

    /** The pattern searched for first ({@link Search}): the file's, or a faster one whose match is checked. */
    String regex() {
        return regex;
    }

    /** The compiled {@link #regex()}. */
    Pattern pattern() {
        return search.fast();
    }

    /** What every text the pattern matches contains. */
    Requirement requirement() {
        return extraction.requirement();
    }

    /** The pattern's largest alternation, or null when it has none worth pruning. */
    LiteralExtractor.Alternation alternation() {
        return extraction.alternation();
    }

    /**
     * The rule's fields for {@code text} (absent ones are {@code ""}), or null when the pattern does not match.
     */
    String[] apply(String text) {
        return apply(text, pattern());
    }

    /**
     * The same, running {@code equivalent} instead of the rule's pattern: a pattern that matches {@code text} exactly
     * as the rule's does ({@link AlternationPruner}).
     */
    String[] apply(String text, Pattern equivalent) {
        Matcher match = search.find(text, equivalent);
        if (match == null) {
            return null;
        }
        String[] values = new String[fields.length];
        for (int i = 0; i < fields.length; i++) {
            values[i] = fields[i].resolve(match);
        }
        return values;
    }
}
