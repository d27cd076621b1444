package net.erpex.privacy.referrer;

/**
 * Removes RFC 3986 path parameters ({@code /visits;jsessionid=node0ABC/next}) from a raw path. Servlet containers
 * put session ids there when a browser refuses cookies, so a path that reaches a record, whether the request's own
 * or a referrer's, must lose them. Used for both, so that they are stripped exactly alike.
 */
public final class PathParameters {

    private PathParameters() {
    }

    /**
     * The path without any {@code ;} parameter: each runs from its {@code ;} to the next {@code /} or the end. A
     * percent-encoded {@code %3B} is a character of the segment, not a delimiter, and stays.
     *
     * @param path a raw (not decoded) path, may be {@code null}
     * @return the path without parameters; {@code ""} for {@code null}
     */
    public static String strip(String path) {
        if (path == null) {
            return "";
        }
        int semicolon = path.indexOf(';');
        if (semicolon < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        int from = 0;
        while (semicolon >= 0) {
            out.append(path, from, semicolon);
            int slash = path.indexOf('/', semicolon);
            if (slash < 0) {
                return out.toString();
            }
            from = slash;
            semicolon = path.indexOf(';', from);
        }
        return out.append(path, from, path.length()).toString();
    }
}
