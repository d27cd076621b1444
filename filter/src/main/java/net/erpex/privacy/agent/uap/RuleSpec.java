package net.erpex.privacy.agent.uap;

import java.util.Map;

/**
 * One entry of a {@code regexes.yaml} section as written: its pattern, whether it is case-insensitive, and its
 * replacement strings by key ({@code family_replacement}, {@code os_v1_replacement}, ...).
 *
 * @param section      the section it comes from
 * @param index        its position in that section, from 0; rules are tried in this order
 * @param regex        the pattern, in the RE2 dialect uap-core writes for
 * @param ignoreCase   {@code regex_flag: 'i'}
 * @param replacements the {@code *_replacement} keys present, with their text
 */
record RuleSpec(Section section, int index, String regex, boolean ignoreCase, Map<String, String> replacements) {

    RuleSpec {
        replacements = Map.copyOf(replacements);
    }

    /** The replacement for {@code key}, or null when the entry has none. */
    String replacement(String key) {
        return replacements.get(key);
    }

    /** How error messages and logs name this rule: {@code device_parsers[12]}. */
    String name() {
        return section.key() + "[" + index + "]";
    }
}
