package net.erpex.privacy.consent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.erpex.privacy.consent.ContentSecurityPolicy.Policies;

/**
 * Builds the header values of one granted set for {@link ContentSecurityPolicy}, which caches them: the sources of
 * the granted categories merged into the base policy, then the pair of policies (or, where a pair could allow
 * something else, the one policy) with a mark where each response's nonce goes. Runs once per granted set, never per
 * request.
 */
final class PolicyTemplates {

    /** Where the nonce goes in a template; a policy cannot contain it ({@link ContentSecurityPolicy#parse}). */
    static final String NONCE_MARK = "\u0000";

    private static final List<String> NONCE_DIRECTIVES = List.of("script-src", "style-src");
    private static final List<String> SOURCE_DIRECTIVES = CspSource.DIRECTIVES;
    /** Directives whose presence makes the pair of policies differ from one: the browser reads them, not ours. */
    private static final List<String> SPLIT_BLOCKERS = List.of("script-src-elem", "script-src-attr",
            "style-src-elem", "style-src-attr");
    private static final List<String> REPORT_DIRECTIVES = List.of("report-uri", "report-to");
    private static final String NONCE_SOURCE = "'nonce-" + NONCE_MARK + "'";
    private static final String UNSAFE_INLINE = "'unsafe-inline'";

    private PolicyTemplates() {
    }

    /** The policies of the granted set {@code mask} (bit i: {@code all.get(i)}) over {@code base}. */
    static Policies build(Map<String, List<String>> base, List<ConsentCategory> all, long mask) {
        Map<String, List<String>> policy = new LinkedHashMap<>();
        base.forEach((k, v) -> policy.put(k, new ArrayList<>(v)));
        List<String> defaults = base.get("default-src");
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if ((mask & (1L << i)) != 0) {
                sources.addAll(all.get(i).sources());
            }
        }
        for (String directive : List.of("script-src", "style-src", "connect-src", "img-src", "frame-src")) {
            if (!policy.containsKey(directive) && defaults != null) {
                policy.put(directive, new ArrayList<>(defaults));
            }
            List<String> list = policy.get(directive);
            if (list == null) {
                continue;
            }
            List<String> added = new ArrayList<>();
            if (NONCE_DIRECTIVES.contains(directive)) {
                added.add(NONCE_SOURCE);
            }
            if (SOURCE_DIRECTIVES.contains(directive)) {
                for (String source : sources) {
                    String only = CspSource.directive(source);
                    if (only == null || only.equals(directive)) {
                        added.add(CspSource.hostSource(source));
                    }
                }
            }
            if (!added.isEmpty()) {
                list.remove("'none'");
                for (String s : added) {
                    if (!list.contains(s)) {
                        list.add(s);
                    }
                }
            }
        }
        boolean nonced = NONCE_DIRECTIVES.stream().anyMatch(policy::containsKey);
        if (!nonced) {
            return new Policies(render(policy), null);
        }
        if (!splittable(policy)) {
            return new Policies(null, render(policy).split(NONCE_MARK, -1));
        }
        Map<String, List<String>> nonce = new LinkedHashMap<>();
        for (String directive : NONCE_DIRECTIVES) {
            List<String> list = policy.get(directive);
            if (list == null) {
                continue;
            }
            List<String> allowed = new ArrayList<>();
            allowed.add(NONCE_SOURCE);
            for (String source : list) {
                if (isHttpsHost(source)) {
                    if (!allowed.contains("https:")) {
                        allowed.add("https:");
                    }
                } else if (!source.equals(NONCE_SOURCE) && !source.equalsIgnoreCase(UNSAFE_INLINE)
                        && !allowed.contains(source)) {
                    allowed.add(source);
                }
            }
            nonce.put(directive, allowed);
            list.remove(NONCE_SOURCE);
            if (!list.contains(UNSAFE_INLINE)) {
                list.add(UNSAFE_INLINE);
            }
        }
        for (String directive : REPORT_DIRECTIVES) {
            if (base.containsKey(directive)) {
                nonce.put(directive, base.get(directive));
            }
        }
        return new Policies(render(policy), render(nonce).split(NONCE_MARK, -1));
    }

    /**
     * Whether the pair of policies allows exactly what one would (but for nonced tags of refused hosts): not when
     * the browser would read a directive we do not add the nonce to, nor when a source in the nonce's directives
     * makes {@code 'unsafe-inline'} ignored or allows inline code by other means than our nonce.
     */
    private static boolean splittable(Map<String, List<String>> policy) {
        for (String blocker : SPLIT_BLOCKERS) {
            if (policy.containsKey(blocker)) {
                return false;
            }
        }
        for (String directive : NONCE_DIRECTIVES) {
            for (String source : policy.getOrDefault(directive, List.of())) {
                String s = source.toLowerCase(Locale.ROOT);
                if (!source.equals(NONCE_SOURCE) && (s.equals("'strict-dynamic'") || s.equals("'unsafe-hashes'")
                        || s.startsWith("'nonce-") || s.startsWith("'sha256-") || s.startsWith("'sha384-")
                        || s.startsWith("'sha512-"))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** An https host source, which the nonce policy's {@code https:} allows. */
    private static boolean isHttpsHost(String source) {
        return source.regionMatches(true, 0, "https://", 0, 8);
    }

    private static String render(Map<String, List<String>> policy) {
        StringBuilder sb = new StringBuilder();
        policy.forEach((name, values) -> {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(name);
            for (String v : values) {
                sb.append(' ').append(v);
            }
        });
        return sb.toString();
    }
}
