package net.erpex.privacy.consent;

import java.util.regex.Pattern;

/** Checks the CSP source expressions a site configures for a category. */
final class CspSource {

    // scheme://host[:port][/path], host may start with *. ; or a bare host. No quotes, keywords or wildcards alone:
    // a category's sources are third-party hosts, and anything broader would make the gating meaningless.
    private static final Pattern SOURCE = Pattern.compile(
            "((https|wss)://)?(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:[0-9]{1,5})?"
                    + "(/[A-Za-z0-9._~!$&'()*+=:@%/-]*)?");

    private CspSource() {
    }

    static String check(String source) {
        String s = source.trim();
        if (!SOURCE.matcher(s).matches() || s.indexOf('\'') >= 0 || s.indexOf(';') >= 0 || s.indexOf(',') >= 0) {
            throw new IllegalArgumentException("'" + source + "' is not a CSP host source such as"
                    + " https://cdn.example.com or https://www.example.com/widget/ (https or wss, a host with a dot,"
                    + " an optional port and path; no keywords or bare wildcards)");
        }
        return s;
    }
}
