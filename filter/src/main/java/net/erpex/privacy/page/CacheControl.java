package net.erpex.privacy.page;

/**
 * Reads the {@code Cache-Control} of a response (RFC 9111 §5.2) as far as the filter needs it: whether a shared cache
 * (a CDN, a corporate proxy) may store it. A stored response is served to other people: a cookie on it would be given
 * to every later visitor, which for a session cookie merges their visits and shows each the others' data.
 */
public final class CacheControl {

    private CacheControl() {
    }

    /**
     * Whether any of the {@code Cache-Control} values makes the response storable by a shared cache: the {@code public}
     * or {@code s-maxage} directive. Directive names are matched in any case; quoted arguments are skipped, so
     * {@code no-cache="public"} names a field, not the directive.
     *
     * @param values every {@code Cache-Control} header of the response (none: not public)
     */
    public static boolean isPublic(Iterable<String> values) {
        if (values == null) {
            return false;
        }
        for (String value : values) {
            if (value != null && isPublic(value)) {
                return true;
            }
        }
        return false;
    }

    /** {@link #isPublic(Iterable)} for one header value. */
    public static boolean isPublic(String value) {
        int n = value.length();
        int i = 0;
        while (i < n) {
            while (i < n && (value.charAt(i) == ',' || isSpace(value.charAt(i)))) {
                i++;
            }
            int start = i;
            while (i < n && value.charAt(i) != '=' && value.charAt(i) != ',' && !isSpace(value.charAt(i))) {
                i++;
            }
            int length = i - start;
            if (length == 6 && value.regionMatches(true, start, "public", 0, 6)
                    || length == 8 && value.regionMatches(true, start, "s-maxage", 0, 8)) {
                return true;
            }
            i = skipArgument(value, i);
        }
        return false;
    }

    /** From the end of a directive name, past its argument (a token or a quoted string) to the next comma. */
    private static int skipArgument(String value, int i) {
        int n = value.length();
        boolean quoted = false;
        while (i < n) {
            char c = value.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                return i;
            }
            i++;
        }
        return n;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
