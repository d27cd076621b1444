package net.erpex.privacy.page;

/** Reads media types from {@code Content-Type} values without allocating. */
public final class MediaTypes {

    private MediaTypes() {
    }

    /**
     * Whether a {@code Content-Type} is an HTML document: {@code text/html} or {@code application/xhtml+xml}, in any
     * case, with or without parameters.
     */
    public static boolean isHtml(String contentType) {
        return is(contentType, "text/html") || is(contentType, "application/xhtml+xml");
    }

    /** Whether a {@code Content-Type} has the media type {@code type} (lower case), parameters aside. */
    static boolean is(String contentType, String type) {
        if (contentType == null) {
            return false;
        }
        int start = 0;
        int end = contentType.length();
        while (start < end && isSpace(contentType.charAt(start))) {
            start++;
        }
        if (!contentType.regionMatches(true, start, type, 0, type.length())) {
            return false;
        }
        int i = start + type.length();
        while (i < end && isSpace(contentType.charAt(i))) {
            i++;
        }
        return i == end || contentType.charAt(i) == ';';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
