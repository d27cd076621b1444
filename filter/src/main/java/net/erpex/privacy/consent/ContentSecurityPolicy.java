package net.erpex.privacy.consent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Pattern;

/**
 * Builds the Content-Security-Policy of a response from the site's base policy, the request's nonce and the
 * categories the visitor granted: the third-party sources of a category are allowed only while it is granted, so a
 * template that forgets a consent check still cannot load the script.
 *
 * <p>A granted source goes into the directive it names, or into {@code script-src}, {@code connect-src},
 * {@code img-src} and {@code frame-src} when it names none. A directive the base policy leaves out is first copied
 * from {@code default-src} (which is what browsers fall back to), so adding to it never loosens the policy; without
 * {@code default-src} such a directive stays absent (the base policy does not restrict that kind of resource).
 *
 * <p>The nonce goes into a second, short policy ({@link Policies}). Browsers enforce every policy a response carries
 * and let through only what all of them allow, so the response carries:
 * <ol>
 * <li>the <em>sources policy</em>: the whole policy, with {@code 'unsafe-inline'} in {@code script-src} and
 * {@code style-src} where the nonce would be. It is the same for every visitor who granted the same categories, so
 * it is one cached string, sent as it is (and indexed by HTTP/2's header compression).</li>
 * <li>the <em>nonce policy</em>: {@code script-src} and {@code style-src} with the nonce and only what the URLs the
 * sources policy allows need ({@code https:} standing for its https hosts), and the base policy's report
 * directives.</li>
 * </ol>
 * Together they allow what one policy with the nonce allows (an inline script or style runs only with the nonce;
 * an external one only from a source of a granted category or the site), except a nonced script or stylesheet from a
 * host no granted category names, which one policy would let through and the pair does not: a template that puts
 * the nonce on a tag of a refused category still loads nothing. Where the pair could differ otherwise (a base policy
 * with hashes, {@code 'strict-dynamic'}, {@code 'unsafe-hashes'}, a nonce of its own, or {@code script-src-elem},
 * {@code -attr} and their style equivalents), the response carries one policy with the nonce spliced in. Values
 * are built once per granted set and cached (bounded); per request only the nonce is inserted into the short one.
 */
public final class ContentSecurityPolicy {

    private static final List<String> NONCE_DIRECTIVES = List.of("script-src", "style-src");
    private static final List<String> SOURCE_DIRECTIVES = CspSource.DIRECTIVES;
    /** Directives whose presence makes the pair of policies differ from one: the browser reads them, not ours. */
    private static final List<String> SPLIT_BLOCKERS = List.of("script-src-elem", "script-src-attr",
            "style-src-elem", "style-src-attr");
    private static final List<String> REPORT_DIRECTIVES = List.of("report-uri", "report-to");
    private static final Pattern DIRECTIVE_NAME = Pattern.compile("[a-z][a-z-]*");
    private static final String NONCE_MARK = "\u0000";
    private static final String NONCE_SOURCE = "'nonce-" + NONCE_MARK + "'";
    private static final String UNSAFE_INLINE = "'unsafe-inline'";

    private final Map<String, List<String>> base;
    private final ConsentCategories categories;
    /** Most categories for which every granted set has a slot of its own (2^10 slots); beyond, a bounded cache. */
    private static final int MAX_SLOTTED_CATEGORIES = 10;

    private final AtomicReferenceArray<Policies> slots;
    private final Cache<Long, Policies> templates = Caffeine.newBuilder().executor(Runnable::run).maximumSize(1024)
            .build();

    /**
     * @throws IllegalArgumentException if the base policy is not a list of {@code directive source...} separated by
     *                                  semicolons
     */
    public ContentSecurityPolicy(String basePolicy, ConsentCategories categories) {
        this.base = parse(basePolicy);
        this.categories = categories;
        int n = categories.names().size();
        this.slots = n <= MAX_SLOTTED_CATEGORIES ? new AtomicReferenceArray<>(1 << n) : null;
    }

    /**
     * The header values of one granted set, each sent as a header of its own: the sources policy, then the nonce
     * policy (see the class comment). One of the two may be absent.
     */
    public static final class Policies {

        private final String fixed;
        private final String[] nonced;

        private Policies(String fixed, String[] nonced) {
            this.fixed = fixed;
            this.nonced = nonced;
        }

        /** The value that is the same for every response of this granted set, or null if there is none. */
        public String fixed() {
            return fixed;
        }

        /** The value that carries {@code nonce}, or null if the policy restricts neither scripts nor styles. */
        public String withNonce(String nonce) {
            // The nonce goes in two places (script-src, style-src): three parts, joined in one allocation
            // (String.join would copy the parts into an array of its own first).
            return nonced == null ? null : switch (nonced.length) {
                case 1 -> nonced[0];
                case 2 -> nonced[0] + nonce + nonced[1];
                case 3 -> nonced[0] + nonce + nonced[1] + nonce + nonced[2];
                default -> String.join(nonce, nonced);
            };
        }
    }

    /** The policies for a visitor who granted {@code granted}: cached, nothing is built per call. */
    public Policies policies(Set<String> granted) {
        long mask = 0;
        List<String> names = categories.names();
        for (int i = 0; i < names.size(); i++) {
            if (granted.contains(names.get(i))) {
                mask |= 1L << i;
            }
        }
        Policies policies;
        if (slots != null) {
            int slot = (int) mask;
            policies = slots.get(slot);
            if (policies == null) {
                policies = template(mask);
                slots.set(slot, policies);
            }
        } else {
            policies = templates.get(mask, this::template);
        }
        return policies;
    }

    /**
     * The header values, in the order they are sent, for a visitor who granted {@code granted}, with
     * {@code nonce}.
     */
    public List<String> headers(Set<String> granted, String nonce) {
        Policies policies = policies(granted);
        List<String> headers = new ArrayList<>(2);
        if (policies.fixed() != null) {
            headers.add(policies.fixed());
        }
        String nonced = policies.withNonce(nonce);
        if (nonced != null) {
            headers.add(nonced);
        }
        return headers;
    }

    private Policies template(long mask) {
        Map<String, List<String>> policy = new LinkedHashMap<>();
        base.forEach((k, v) -> policy.put(k, new ArrayList<>(v)));
        List<String> defaults = base.get("default-src");
        List<String> sources = new ArrayList<>();
        List<ConsentCategory> all = categories.all();
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

    /**
     * Checks and splits a policy into directives and their sources.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Map<String, List<String>> parse(String policy) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String part : policy.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            String[] tokens = p.split("\\s+");
            String name = tokens[0].toLowerCase(Locale.ROOT);
            if (!DIRECTIVE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + tokens[0] + "' is not a CSP directive name");
            }
            if (out.containsKey(name)) {
                throw new IllegalArgumentException("directive " + name + " appears twice");
            }
            List<String> values = new ArrayList<>();
            for (int i = 1; i < tokens.length; i++) {
                if (tokens[i].indexOf(',') >= 0 || tokens[i].indexOf('\u0000') >= 0) {
                    throw new IllegalArgumentException("'" + tokens[i] + "' is not a CSP source");
                }
                values.add(tokens[i]);
            }
            out.put(name, values);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the policy has no directive");
        }
        return out;
    }
}
