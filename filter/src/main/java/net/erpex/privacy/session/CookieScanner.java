package net.erpex.privacy.session;

/**
 * Walks the name-value pairs of a request's {@code Cookie} header in place, without making an object per cookie.
 * The filter reads three cookies of its own and the names of the rest on every request; the container's parse
 * ({@code getCookies()}) makes a {@code Cookie} for each pair and stores the array as a request attribute, which in a
 * profile of a returning visitor's page was about 7 % of the filter's cost. What the application asks for still
 * comes from the container.
 *
 * <p>The syntax is RFC 6265's {@code cookie-string}, read leniently the way servlet containers read it: pairs are
 * separated by {@code ;}, and a comma before a name ends what precedes it ({@code a ,b=1} holds {@code b=1}); blanks
 * (space and tab) around names and values are ignored; a value in double quotes is given without them; a pair
 * without {@code =} or with an empty name is skipped. Nothing here trusts a value: the filter's cookies are verified
 * (signed) by their readers, and a value read differently from the container's parse can only fail that
 * verification.
 */
public final class CookieScanner {

    private CookieScanner() {
    }

    /** Receives each pair as index ranges into the header line; it must not keep the line. */
    public interface Pairs {

        /**
         * One pair: the name is {@code line[nameStart, nameEnd)}, never empty; the value {@code line[valueStart,
         * valueEnd)}, possibly empty.
         */
        void pair(String line, int nameStart, int nameEnd, int valueStart, int valueEnd);
    }

    /** Calls {@code pairs} for every pair of {@code line}, in order; a null line has none. */
    public static void scan(String line, Pairs pairs) {
        if (line == null) {
            return;
        }
        int n = line.length();
        int i = 0;
        while (i < n) {
            int end = line.indexOf(';', i);
            if (end < 0) {
                end = n;
            }
            int eq = line.indexOf('=', i);
            if (eq >= 0 && eq < end) {
                // A comma before the '=' ends a pair too, as containers read "a ,b=1" (b=1): the name follows it.
                int comma = line.lastIndexOf(',', eq);
                int nameStart = skipBlanks(line, comma >= i ? comma + 1 : i, eq);
                int nameEnd = trimBlanks(line, nameStart, eq);
                if (nameStart < nameEnd) {
                    int valueStart = skipBlanks(line, eq + 1, end);
                    int valueEnd = trimBlanks(line, valueStart, end);
                    if (valueEnd - valueStart >= 2 && line.charAt(valueStart) == '"'
                            && line.charAt(valueEnd - 1) == '"') {
                        valueStart++;
                        valueEnd--;
                    }
                    pairs.pair(line, nameStart, nameEnd, valueStart, valueEnd);
                }
            }
            i = end + 1;
        }
    }

    /** Whether {@code line[start, end)} is exactly {@code name}. */
    public static boolean is(String name, String line, int start, int end) {
        return end - start == name.length() && line.startsWith(name, start);
    }

    private static int skipBlanks(String s, int from, int to) {
        while (from < to && isBlank(s.charAt(from))) {
            from++;
        }
        return from;
    }

    private static int trimBlanks(String s, int from, int to) {
        while (to > from && isBlank(s.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
