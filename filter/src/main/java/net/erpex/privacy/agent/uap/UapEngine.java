package net.erpex.privacy.agent.uap;

import com.google.re2j.PatternSyntaxException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * uap-core's {@code regexes.yaml}, compiled for linear-time matching behind a literal prefilter: parses a
 * User-Agent into browser, OS and device as uap-core's specification defines them.
 *
 * <p>Each section's rules are tried in file order and the first match decides, but only the rules the
 * {@link Prefilter} picks are run, a handful instead of about a thousand. Every pattern runs on RE2/J, so the
 * time of a parse is linear in the length of the text whatever it contains. A rule whose pattern RE2/J does not
 * accept (none in uap-core's file today) is left out and named in {@link #droppedRules()}; the rest of the file is
 * used.
 *
 * <p>An engine is immutable and safe for concurrent use. Building one takes a few hundred milliseconds.
 */
public final class UapEngine {

    private final String source;
    private final Map<Section, List<Rule>> sections;
    private final Prefilter prefilter;
    private final Map<Rule, AlternationPruner> pruners = new java.util.IdentityHashMap<>();
    private final List<String> dropped;

    private UapEngine(String source, Map<Section, List<Rule>> sections, List<String> dropped) {
        this.source = source;
        this.sections = sections;
        this.prefilter = new Prefilter(sections);
        this.dropped = List.copyOf(dropped);
        for (List<Rule> rules : sections.values()) {
            for (Rule rule : rules) {
                if (rule.alternation() != null) {
                    pruners.put(rule, new AlternationPruner(rule, prefilter::compile));
                }
            }
        }
    }

    /**
     * Reads and compiles a {@code regexes.yaml}.
     *
     * @param in     the file's content; not closed
     * @param source how descriptions and messages name it
     * @throws IOException when it cannot be read, is not uap-core's format, or has no usable rule in a section
     */
    public static UapEngine load(InputStream in, String source) throws IOException {
        Map<Section, List<RuleSpec>> specs = RulesYaml.read(in, source);
        Map<Section, List<Rule>> sections = new EnumMap<>(Section.class);
        List<String> dropped = new ArrayList<>();
        for (Map.Entry<Section, List<RuleSpec>> entry : specs.entrySet()) {
            List<Rule> rules = new ArrayList<>(entry.getValue().size());
            for (RuleSpec spec : entry.getValue()) {
                try {
                    rules.add(Rule.compile(spec));
                } catch (PatternSyntaxException e) {
                    dropped.add(spec.name() + " '" + spec.regex() + "': " + e.getDescription());
                }
            }
            if (rules.isEmpty() && !entry.getValue().isEmpty()) {
                throw new IOException(source + ": no rule of " + entry.getKey().key() + " can be compiled");
            }
            sections.put(entry.getKey(), List.copyOf(rules));
        }
        return new UapEngine(source, sections, dropped);
    }

    /**
     * Parses one text. Never throws for any input; callers cap its length, which bounds the time.
     *
     * @param text the User-Agent, not null
     */
    public UapResult parse(String text) {
        long[] seen = prefilter.scan(text);
        String[] agent = first(Section.USER_AGENT, text, seen);
        String[] os = first(Section.OS, text, seen);
        String[] device = first(Section.DEVICE, text, seen);
        return result(agent, os, device);
    }

    /** The same parse, trying every rule in order: the reference the prefilter is tested against. */
    UapResult parseWithoutPrefilter(String text) {
        return result(firstOfAll(Section.USER_AGENT, text), firstOfAll(Section.OS, text),
                firstOfAll(Section.DEVICE, text));
    }

    /** The rules RE2/J did not accept, each as {@code section[index] 'pattern': reason}; usually empty. */
    public List<String> droppedRules() {
        return dropped;
    }

    /** Where the rules came from and how many there are, for the start-up log. */
    public String description() {
        return String.format("uap-core rules from %s (%d browser, %d OS, %d device rules; %d literals in the "
                        + "prefilter, %d rules without one)", source, sections.get(Section.USER_AGENT).size(),
                sections.get(Section.OS).size(), sections.get(Section.DEVICE).size(), prefilter.atomCount(),
                prefilter.alwaysCount(Section.USER_AGENT) + prefilter.alwaysCount(Section.OS)
                        + prefilter.alwaysCount(Section.DEVICE));
    }

    private String[] first(Section section, String text, long[] seen) {
        long[] candidates = prefilter.candidates(section, seen);
        List<Rule> rules = sections.get(section);
        for (int word = 0; word < candidates.length; word++) {
            long bits = candidates[word];
            while (bits != 0) {
                int index = (word << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                Rule rule = rules.get(index);
                AlternationPruner pruner = pruners.get(rule);
                String[] values = pruner == null ? rule.apply(text) : rule.apply(text, pruner.patternFor(seen));
                if (values != null) {
                    return values;
                }
            }
        }
        return null;
    }

    private String[] firstOfAll(Section section, String text) {
        for (Rule rule : sections.get(section)) {
            String[] values = rule.apply(text);
            if (values != null) {
                return values;
            }
        }
        return null;
    }

    private static UapResult result(String[] agent, String[] os, String[] device) {
        return new UapResult(
                agent == null ? UapResult.Agent.NONE
                        : new UapResult.Agent(agent[0], agent[1], agent[2], agent[3], agent[4]),
                os == null ? UapResult.Os.NONE : new UapResult.Os(os[0], os[1], os[2], os[3], os[4]),
                device == null ? UapResult.Device.NONE : new UapResult.Device(device[0], device[1], device[2]));
    }
}
