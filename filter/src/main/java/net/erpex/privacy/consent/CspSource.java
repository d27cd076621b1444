package net.erpex.privacy.consent;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks the CSP source expressions a site configures for a category: a host source, allowed in each of
 * {@link #DIRECTIVES}, or a directive and a host source ({@code connect-src https://collect.example.com}), allowed in
 * that directive only. Naming the directive is least privilege: a host the category only sends data to cannot serve
 * it a script or a frame.
 */
final class CspSource {

    /** The directives a category's sources go into. */
    static final List<String> DIRECTIVES = List.of("script-src", "connect-src", "img-src", "frame-src");

    // scheme://host[:port][/path], host may start with *. ; or a bare host. No quotes, keywords or wildcards alone:
    // a category's sources are third-party hosts, and anything broader would make the gating meaningless.
    private static final Pattern SOURCE = Pattern.compile(
            "((https|wss)://)?(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:[0-9]{1,5})?"
                    + "(/[A-Za-z0-9._~!$&'()*+=:@%/-]*)?");

    private static final Pattern DIRECTIVE = Pattern.compile("[a-z]+(-[a-z]+)*");

    private CspSource() {
    }

    /**
     * The source as the policy builder reads it: {@code host-source} or {@code directive host-source}, single-spaced.
     *
     * @throws IllegalArgumentException naming what is accepted
     */
    static String check(String source) {
        String s = source.trim();
        int space = s.indexOf(' ');
        if (space > 0 && DIRECTIVE.matcher(s.substring(0, space)).matches()) {
            String directive = s.substring(0, space);
            if (!DIRECTIVES.contains(directive)) {
                throw new IllegalArgumentException("'" + directive + "' in '" + source + "' is not a directive a"
                        + " category's sources go into: expected one of " + DIRECTIVES + ", or no directive for all"
                        + " of them");
            }
            return directive + ' ' + host(s.substring(space + 1).trim(), source);
        }
        return host(s, source);
    }

    /** The directive a checked source is limited to, or {@code null} for all of {@link #DIRECTIVES}. */
    static String directive(String checked) {
        int space = checked.indexOf(' ');
        return space < 0 ? null : checked.substring(0, space);
    }

    /** The host source of a checked source, without its directive. */
    static String hostSource(String checked) {
        int space = checked.indexOf(' ');
        return space < 0 ? checked : checked.substring(space + 1);
    }

    private static String host(String s, String source) {
        if (!SOURCE.matcher(s).matches() || s.indexOf('\'') >= 0 || s.indexOf(';') >= 0 || s.indexOf(',') >= 0) {
            throw new IllegalArgumentException("'" + source + "' is not a CSP host source such as"
                    + " https://cdn.example.com or https://www.example.com/widget/ (https or wss, a host with a dot,"
                    + " an optional port and path; no keywords or bare wildcards), optionally after one of "
                    + DIRECTIVES + " to allow it there only");
        }
        return s;
    }
}
