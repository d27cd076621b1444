package net.erpex.privacy.agent.uap;

/**
 * Rewrites the large bounded repetitions of uap-core's patterns, {@code {0,N}} and {@code {1,N}} with N of at least
 * {@value #LARGE}, as {@code *} and {@code +}.
 *
 * <p>uap-core bounded its formerly unbounded repetitions ({@code .*} became {@code .{0,200}}) to limit the
 * backtracking of the engines that backtrack (CVE-2020-5243). RE2/J does not backtrack, but it compiles
 * {@code x{0,200}} into 200 copies of {@code x}, and while such a part is matching, a thread per copy runs over every
 * character: a Mobile Safari rule with two {@code .{1,200}} costs tens of microseconds instead of one. Unbounded,
 * the same rule has one thread per part, and the time stays linear in the text. uap-rust rewrites the same way, for
 * the same reason.
 *
 * <p>A bound on a leading {@code ^.} is a position, not a protection, and is kept (see {@link #anchoredDot}).
 *
 * <p>The rewritten pattern matches every text the original matches, with the same captures unless a repeated part
 * would need more than N characters, or a greedy part could reach a later occurrence of what follows beyond N
 * characters; the test against uap-core's suites and the differential test against uap-java show where that
 * happens (it does not on their strings).
 */
final class Repetitions {

    /**
     * The smallest upper bound rewritten. uap-core's protective bounds are 100 to 300; smaller ones (30, 50) are
     * sometimes meant ({@code (moto)(.{0,50})(?: Build|\) AppleWebKit)} keeps a model name short) and are kept.
     */
    static final int LARGE = 100;

    private Repetitions() {
    }

    /** The pattern with its large {@code {0,N}} and {@code {1,N}} replaced; other text is unchanged. */
    static String unbound(String pattern) {
        StringBuilder out = null;
        int copied = 0;
        boolean inClass = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
                // ']' right after '[' or '[^' is a member, not the end.
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '{' && i > 0 && !anchoredDot(pattern, i)) {
                int end = largeBoundEnd(pattern, i);
                if (end > 0) {
                    if (out == null) {
                        out = new StringBuilder(pattern.length());
                    }
                    out.append(pattern, copied, i).append(pattern.charAt(i + 1) == '0' ? '*' : '+');
                    copied = end + 1;
                    i = end;
                }
            }
        }
        if (out == null) {
            return pattern;
        }
        return out.append(pattern, copied, pattern.length()).toString();
    }

    /**
     * Whether the repetition at {@code at} is of the {@code .} right after a leading {@code ^} ({@code ^.{0,100}},
     * {@code ^(.{0,200})}): such a bound says where in the text the rest must start (the crawler rule
     * {@code ^.{0,100}(bot|...)} looks for its names in the first hundred characters only), so it is kept.
     */
    private static boolean anchoredDot(String pattern, int at) {
        String before = pattern.substring(0, at);
        return before.equals("^.") || before.equals("^(.") || before.equals("^(?:.");
    }

    /** The index of the '}' of a {@code {0,N}} or {@code {1,N}} at {@code at} with N &ge; {@value #LARGE}; else -1. */
    private static int largeBoundEnd(String pattern, int at) {
        if (!pattern.startsWith("{0,", at) && !pattern.startsWith("{1,", at)) {
            return -1;
        }
        int i = at + 3;
        int value = 0;
        int digits = 0;
        while (i < pattern.length() && pattern.charAt(i) >= '0' && pattern.charAt(i) <= '9' && digits < 5) {
            value = value * 10 + pattern.charAt(i) - '0';
            i++;
            digits++;
        }
        return digits > 0 && i < pattern.length() && pattern.charAt(i) == '}' && value >= LARGE ? i : -1;
    }

    /** The smallest upper bound {@link #relax} rewrites. */
    static final int RELAXED = 30;

    /**
     * A pattern with its bounded repetitions of one character relaxed, and the length up to which a match of it is a
     * match of the original ({@link Search}).
     *
     * @param regex     the relaxed pattern
     * @param maxLength the smallest bound relaxed: a match at most this long repeats nothing past its bound
     */
    record Relaxed(String regex, int maxLength) {
    }

    /**
     * {@code pattern} with each {@code {0,n}} and {@code {1,n}} ({@value #RELAXED} &le; n &lt; {@value #LARGE}) that
     * repeats exactly one character (a bracket expression, '.', an escape or a plain character) written as {@code *} or
     * {@code +}; null when there is none.
     */
    static Relaxed relax(String pattern) {
        StringBuilder out = null;
        int copied = 0;
        int smallest = Integer.MAX_VALUE;
        boolean inClass = false;
        boolean oneChar = false; // whether the atom just before the current position matches exactly one character
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (inClass) {
                if (c == '\\') {
                    i++;
                } else if (c == ']') {
                    inClass = false;
                    oneChar = true;
                }
                continue;
            }
            if (c == '\\') {
                // \d, \. and the like are one character; \b, \A, \z, \Q, \p{..}, \x{..} and digits are left alone.
                char next = i + 1 < pattern.length() ? pattern.charAt(i + 1) : 'b';
                oneChar = "dDsSwW".indexOf(next) >= 0 || next < 0x80 && !Character.isLetterOrDigit(next);
                i++;
            } else if (c == '[') {
                inClass = true;
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '{' && oneChar) {
                int end = boundEnd(pattern, i);
                int bound = end > 0 ? Integer.parseInt(pattern.substring(i + 3, end)) : -1;
                boolean lazy = end > 0 && end + 1 < pattern.length() && pattern.charAt(end + 1) == '?';
                if (bound >= RELAXED && bound < LARGE && !lazy) {
                    if (out == null) {
                        out = new StringBuilder(pattern.length());
                    }
                    out.append(pattern, copied, i).append(pattern.charAt(i + 1) == '0' ? '*' : '+');
                    copied = end + 1;
                    smallest = Math.min(smallest, bound);
                    i = end;
                }
                oneChar = false;
            } else {
                oneChar = "()|*+?{^$".indexOf(c) < 0;
            }
        }
        return out == null ? null : new Relaxed(out.append(pattern, copied, pattern.length()).toString(), smallest);
    }

    /** The index of the '}' of a {@code {0,n}} or {@code {1,n}} at {@code at} with a 1 to 4 digit n; else -1. */
    private static int boundEnd(String pattern, int at) {
        if (!pattern.startsWith("{0,", at) && !pattern.startsWith("{1,", at)) {
            return -1;
        }
        int i = at + 3;
        while (i < pattern.length() && i - at - 3 < 4 && pattern.charAt(i) >= '0' && pattern.charAt(i) <= '9') {
            i++;
        }
        return i > at + 3 && i < pattern.length() && pattern.charAt(i) == '}' ? i : -1;
    }
}
