package net.erpex.privacy.language;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Matches a requested language against the supported ones.
 *
 * <p>Policy, per requested language, best first:
 * <ol>
 * <li><b>exact</b>: same language, script and region ({@code de-AT} = {@code de-AT});</li>
 * <li><b>lookup</b> (RFC 4647 3.4, as {@link Locale#lookup}): drop the region, then the script
 * ({@code de-AT} finds {@code de}, {@code zh-Hant-TW} finds {@code zh-Hant}, then {@code zh});</li>
 * <li><b>same language</b>, in the supported order ({@code en} or {@code en-AU} accepts {@code en-GB}):
 * a reader of one variety reads the others, and is better served by them than by another language.</li>
 * </ol>
 * Variants and extensions are ignored. Chinese gets its script inferred from the region before
 * comparing, because Traditional and Simplified readers cannot be swapped: {@code zh-TW}, {@code zh-HK}
 * and {@code zh-MO} are {@code zh-Hant}; {@code zh-CN}, {@code zh-SG} and {@code zh-MY} are
 * {@code zh-Hans}. Languages whose scripts are known and differ never match at step 3; a script-less
 * {@code zh} on either side matches any Chinese.
 */
final class LocaleMatcher {

    private static final Set<String> TRADITIONAL_REGIONS = Set.of("TW", "HK", "MO");
    private static final Set<String> SIMPLIFIED_REGIONS = Set.of("CN", "SG", "MY");

    /** A locale reduced to what matching compares, with the Chinese script made explicit. */
    record Key(String language, String script, String region) {

        static Key of(Locale locale) {
            String language = locale.getLanguage();
            String script = locale.getScript();
            String region = locale.getCountry();
            if (language.equals("zh") && script.isEmpty()) {
                if (TRADITIONAL_REGIONS.contains(region)) {
                    script = "Hant";
                } else if (SIMPLIFIED_REGIONS.contains(region)) {
                    script = "Hans";
                }
            }
            return new Key(language, script, region);
        }

        /** The lookup fallbacks of this key, most specific first, itself excluded. */
        List<Key> truncations() {
            List<Key> keys = new ArrayList<>(2);
            if (!region.isEmpty() && !script.isEmpty()) {
                keys.add(new Key(language, script, ""));
            }
            if (!region.isEmpty() || !script.isEmpty()) {
                keys.add(new Key(language, "", ""));
            }
            return keys;
        }

        boolean sameLanguageCompatibleScript(Key other) {
            return language.equals(other.language)
                    && (script.isEmpty() || other.script.isEmpty() || script.equals(other.script));
        }

        /** RFC 4647 3.3.1 basic filtering: this key, as a range, covers {@code other}. */
        boolean covers(Key other) {
            return language.equals(other.language)
                    && (script.isEmpty() || script.equals(other.script))
                    && (region.isEmpty() || region.equals(other.region));
        }
    }

    private final List<Locale> supported;
    private final List<Key> keys;

    LocaleMatcher(List<Locale> supported) {
        this.supported = List.copyOf(supported);
        this.keys = this.supported.stream().map(Key::of).toList();
    }

    /** Returns every supported locale that matches, best first; empty if none does. */
    List<Locale> matches(Locale requested) {
        Key wanted = Key.of(requested);
        List<Locale> found = new ArrayList<>();
        addEqual(wanted, found);
        for (Key truncated : wanted.truncations()) {
            addEqual(truncated, found);
        }
        for (int i = 0; i < keys.size(); i++) {
            if (wanted.sameLanguageCompatibleScript(keys.get(i)) && !found.contains(supported.get(i))) {
                found.add(supported.get(i));
            }
        }
        return found;
    }

    /** Whether {@code requested} names {@code candidate} exactly (after script inference). */
    static boolean isExact(Locale requested, Locale candidate) {
        return Key.of(requested).equals(Key.of(candidate));
    }

    /** Whether {@code range} covers {@code candidate} by basic filtering ({@code fr} covers {@code fr-CA}). */
    static boolean covers(Locale range, Locale candidate) {
        return Key.of(range).covers(Key.of(candidate));
    }

    private void addEqual(Key key, List<Locale> found) {
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).equals(key) && !found.contains(supported.get(i))) {
                found.add(supported.get(i));
            }
        }
    }
}
