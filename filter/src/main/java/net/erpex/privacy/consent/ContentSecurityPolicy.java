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

    private static final Pattern DIRECTIVE_NAME = Pattern.compile("[a-z][a-z-]*");

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

        Policies(String fixed, String[] nonced) {
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
                policies = PolicyTemplates.build(base, categories.all(), mask);
                slots.set(slot, policies);
            }
        } else {
            policies = templates.get(mask, m -> PolicyTemplates.build(base, categories.all(), m));
        }
        return policies;
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
