package net.erpex.privacy;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Reads a request's repeated parts (header lines, cookies) for {@link VisitorPipeline}: the common cases, none or one
 * of each, without a growable list, since this runs on every request.
 */
final class RequestLines {

    private static final Cookie[] NO_COOKIES = new Cookie[0];

    private RequestLines() {
    }

    /** {@code values} with {@code value} added: a cookie's values, almost always one. */
    static List<String> add(List<String> values, String value) {
        if (values.isEmpty()) {
            return Collections.singletonList(value);
        }
        List<String> more = new ArrayList<>(values);
        more.add(value);
        return more;
    }

    /** The request's cookies; none is an empty array, never null. */
    static Cookie[] cookies(HttpServletRequest request) {
        if (request.getHeader("Cookie") == null) {
            // A first visit or a crawler: Jetty would still build and store an empty cookie list, which costs more
            // than this look-up.
            return NO_COOKIES;
        }
        Cookie[] cookies = request.getCookies();
        return cookies == null ? NO_COOKIES : cookies;
    }

    /** Every line of a header; the common cases, none or one, without a growable list. */
    static List<String> headers(HttpServletRequest request, String name) {
        if (request.getHeader(name) == null) {
            return List.of(); // absent, as most are: no enumeration to make
        }
        return chain(request, name);
    }

    /**
     * Every line of a header that is usually there (the forwarding chain behind a proxy): one look through the
     * request's headers rather than a first one to see whether it is there.
     */
    static List<String> chain(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return List.of();
        }
        String first = values.nextElement();
        if (!values.hasMoreElements()) {
            return first == null ? List.of() : List.of(first);
        }
        List<String> all = new ArrayList<>(4);
        all.add(first);
        while (values.hasMoreElements()) {
            all.add(values.nextElement());
        }
        return all;
    }
}
