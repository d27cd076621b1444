package net.erpex.privacy.agent.uap;

import com.google.re2j.Matcher;
import java.util.ArrayList;
import java.util.List;

/**
 * How one result field (a family, a version part, a brand or a model) is taken from a rule's match, following
 * uap-core's specification ({@code docs/specification.md}) and the reference parsers where it is silent:
 *
 * <ul>
 *   <li>no replacement: the field's own capture group ({@code $1} for a family, {@code $2} for a major, ...), an
 *       empty capture counting as absent; a device brand has no group of its own;</li>
 *   <li>a user-agent replacement is restricted: only the field's own placeholder is substituted ({@code $1} in
 *       {@code family_replacement}, {@code $2} in {@code v1_replacement}, ...) and the text is not trimmed;</li>
 *   <li>an OS or device replacement is a full template: {@code $1} to {@code $9} are substituted (a group that did
 *       not take part gives the empty string), leading and trailing white space is trimmed, and an empty result is
 *       absent; without any placeholder the replacement is used as written.</li>
 * </ul>
 *
 * <p>Absent is the empty string throughout, which loses nothing: uap never reports an empty value.
 */
final class Field {

    private enum Kind { ABSENT, LITERAL, CAPTURE, TEMPLATE }

    private static final Field ABSENT = new Field(Kind.ABSENT, "", 0, List.of(), false);

    private final Kind kind;
    private final String text;
    private final int group;
    // A template cut at its placeholders: strings stay text, Integers are group numbers (0: always empty).
    private final List<Object> parts;
    private final boolean trim;

    private Field(Kind kind, String text, int group, List<Object> parts, boolean trim) {
        this.kind = kind;
        this.text = text;
        this.group = group;
        this.parts = parts;
        this.trim = trim;
    }

    /**
     * A user-agent field: family ({@code ownGroup} 1) or a version part (2 to 5), with the restricted
     * substitution of the field's own placeholder.
     */
    static Field userAgent(String replacement, int groups, int ownGroup) {
        if (replacement != null && !replacement.isEmpty()) {
            String placeholder = "$" + ownGroup;
            return replacement.contains(placeholder)
                    ? new Field(Kind.TEMPLATE, replacement, 0, cut(replacement, ownGroup), false)
                    : literal(replacement);
        }
        return capture(groups, ownGroup);
    }

    /** An OS or device field: a full template, else the capture group {@code ownGroup} (0: none). */
    static Field template(String replacement, int groups, int ownGroup) {
        if (replacement != null && !replacement.isBlank()) {
            return hasPlaceholder(replacement)
                    ? new Field(Kind.TEMPLATE, replacement, 0, cut(replacement, 0), true)
                    : literal(replacement);
        }
        return capture(groups, ownGroup);
    }

    /** Whether the value depends on the match's groups (a capture or a template), not only on there being one. */
    boolean usesGroups() {
        return kind == Kind.CAPTURE || kind == Kind.TEMPLATE;
    }

    /** The field's value for a successful match; {@code ""} when absent. */
    String resolve(Matcher match) {
        return switch (kind) {
            case ABSENT -> "";
            case LITERAL -> text;
            case CAPTURE -> group(match, group);
            case TEMPLATE -> expand(match);
        };
    }

    private String expand(Matcher match) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (Object part : parts) {
            if (part instanceof Integer n) {
                out.append(group(match, n));
            } else {
                out.append((String) part);
            }
        }
        return trim ? out.toString().strip() : out.toString();
    }

    private static String group(Matcher match, int n) {
        if (n < 1 || n > match.groupCount()) {
            return "";
        }
        String value = match.group(n);
        return value == null ? "" : value;
    }

    private static Field capture(int groups, int ownGroup) {
        return ownGroup >= 1 && groups >= ownGroup ? new Field(Kind.CAPTURE, "", ownGroup, List.of(), false) : ABSENT;
    }

    private static Field literal(String text) {
        return new Field(Kind.LITERAL, text, 0, List.of(), false);
    }

    private static boolean hasPlaceholder(String text) {
        for (int i = 0; i + 1 < text.length(); i++) {
            if (text.charAt(i) == '$' && Character.isDigit(text.charAt(i + 1))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Cuts a template at its {@code $d} placeholders. With {@code only} set, just that placeholder is one (the
     * restricted user-agent form); otherwise every {@code $0} to {@code $9} is, {@code $0} standing for nothing.
     */
    private static List<Object> cut(String text, int only) {
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean digitNext = i + 1 < text.length() && text.charAt(i + 1) >= '0' && text.charAt(i + 1) <= '9';
            int n = digitNext ? text.charAt(i + 1) - '0' : -1;
            if (c == '$' && digitNext && (only == 0 || n == only)) {
                if (!literal.isEmpty()) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add(n);
                i++;
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            parts.add(literal.toString());
        }
        return List.copyOf(parts);
    }
}
