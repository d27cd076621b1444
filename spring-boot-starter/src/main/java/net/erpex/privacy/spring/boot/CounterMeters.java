package net.erpex.privacy.spring.boot;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How each name of {@code PrivacyFilter.counters()} becomes a Micrometer meter, by rule, so that counters added to
 * the filter later are exported without a change here:
 *
 * <ul>
 *   <li>the name's dashes become dots under {@code erpex.privacy.}: {@code records-written} is
 *       {@code erpex.privacy.records.written};</li>
 *   <li>a family with a dimension becomes one meter with a tag: {@code protect-blocked-<reason>} is
 *       {@code erpex.privacy.protect.blocked} with tag {@code reason}, {@code protect-passed-<how>} is
 *       {@code erpex.privacy.protect.passed} with tag {@code via};</li>
 *   <li>a name whose last word is {@code queued}, {@code peak} or {@code records} (a level that goes up and down,
 *       such as {@code records-queued} or {@code spool-records}) is a gauge; every other name counts events since
 *       the start and is a function counter.</li>
 * </ul>
 */
final class CounterMeters {

    /** What a meter measures. */
    enum Kind { COUNTER, GAUGE }

    /** One meter: its name, its tags (empty or one), and its kind. */
    record Meter(String name, Map<String, String> tags, Kind kind) {
    }

    static final String PREFIX = "erpex.privacy.";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final List<String> LEVELS = List.of("queued", "peak", "records");

    /** Families with a dimension: the prefix of their names, and the tag its rest becomes. */
    private static final Map<String, String> DIMENSIONS = Map.of(
            "protect-blocked-", "reason",
            "protect-passed-", "via");

    private CounterMeters() {
    }

    /**
     * The meter of counter {@code name}.
     *
     * @throws IllegalArgumentException for a name that is not lower-case words separated by dashes
     */
    static Meter of(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("counter name '" + name + "' is not lower-case words and dashes");
        }
        String last = name.substring(name.lastIndexOf('-') + 1);
        Kind kind = LEVELS.contains(last) ? Kind.GAUGE : Kind.COUNTER;
        for (Map.Entry<String, String> family : DIMENSIONS.entrySet()) {
            String prefix = family.getKey();
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                return new Meter(PREFIX + dotted(prefix.substring(0, prefix.length() - 1)),
                        Map.of(family.getValue(), name.substring(prefix.length())), kind);
            }
        }
        return new Meter(PREFIX + dotted(name), Map.of(), kind);
    }

    private static String dotted(String name) {
        return name.replace('-', '.');
    }
}
