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
 * <p>The nonce goes into {@code script-src} and {@code style-src}; a granted source into the directive it names, or
 * into {@code script-src}, {@code connect-src}, {@code img-src} and {@code frame-src} when it names none. A directive
 * the base policy leaves out is first copied from {@code default-src} (which is what browsers fall back to), so
 * adding to it never loosens the policy; without {@code default-src} such a directive stays absent (the base policy
 * does not restrict that kind of resource). Header values are built once per granted set and cached (bounded); per
 * request only the nonce is inserted.
 */
public final class ContentSecurityPolicy {

    private static final List<String> NONCE_DIRECTIVES = List.of("script-src", "style-src");
    private static final List<String> SOURCE_DIRECTIVES = CspSource.DIRECTIVES;
    private static final Pattern DIRECTIVE_NAME = Pattern.compile("[a-z][a-z-]*");
    private static final String NONCE_MARK = "\u0000";

    private final Map<String, List<String>> base;
    private final ConsentCategories categories;
    /** Most categories for which every granted set has a slot of its own (2^10 slots); beyond, a bounded cache. */
    private static final int MAX_SLOTTED_CATEGORIES = 10;

    private final AtomicReferenceArray<String[]> slots;
    private final Cache<Long, String[]> templates = Caffeine.newBuilder().executor(Runnable::run).maximumSize(1024).build();

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

    /** The header value for a visitor who granted {@code granted}, with {@code nonce}. */
    public String header(Set<String> granted, String nonce) {
        return join(parts(granted), nonce);
    }

    /** The header value for a visitor in {@code state}, with {@code nonce}: {@code header(state.granted(), nonce)}. */
    public String header(ConsentState state, String nonce) {
        return header(state.granted(), nonce);
    }

    private static String join(String[] parts, String nonce) {
        // A policy has the nonce in script-src and style-src: two places, three parts, joined in one allocation
        // (String.join would copy the parts into an array of its own first).
        return switch (parts.length) {
            case 1 -> parts[0];
            case 2 -> parts[0] + nonce + parts[1];
            case 3 -> parts[0] + nonce + parts[1] + nonce + parts[2];
            default -> String.join(nonce, parts);
        };
    }

    private String[] parts(Set<String> granted) {
        long mask = 0;
        List<String> names = categories.names();
        for (int i = 0; i < names.size(); i++) {
            if (granted.contains(names.get(i))) {
                mask |= 1L << i;
            }
        }
        String[] parts;
        if (slots != null) {
            int slot = (int) mask;
            parts = slots.get(slot);
            if (parts == null) {
                parts = template(mask);
                slots.set(slot, parts);
            }
        } else {
            parts = templates.get(mask, this::template);
        }
        return parts;
    }

    private String[] template(long mask) {
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
                added.add("'nonce-" + NONCE_MARK + "'");
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
        return sb.toString().split(NONCE_MARK, -1);
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
