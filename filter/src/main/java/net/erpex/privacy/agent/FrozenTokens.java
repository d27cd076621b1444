package net.erpex.privacy.agent;

/**
 * Recognises the parts of a User-Agent that browsers freeze, so that they are not reported as facts.
 *
 * <p>Chromium's User-Agent reduction (Chrome 101 and later) sends {@code MAJOR.0.0.0} as its version
 * and, from Chrome 107 on desktop and 110 on Android, one fixed platform per OS:
 * {@code Windows NT 10.0}, {@code Macintosh; Intel Mac OS X 10_15_7}, {@code X11; Linux x86_64},
 * {@code X11; CrOS x86_64 14541.0.0} and {@code Linux; Android 10; K}.
 *
 * <p>The OS tokens are treated as frozen whatever the browser, because they are ambiguous for every
 * browser: Windows 11 reports {@code Windows NT 10.0} in every browser, Firefox included (it is the
 * kernel version of both Windows 10 and 11), Safari and Firefox freeze macOS at {@code 10_15_7} and
 * {@code 10.15}, and the Android and ChromeOS values are Chromium's placeholders. Older, real tokens
 * ({@code Windows NT 6.1}, {@code Mac OS X 10_14_6}, {@code Android 13; Pixel 7}) keep their version.
 */
final class FrozenTokens {

    private static final int FIRST_REDUCED_MAJOR = 101;

    /** {@code Mac OS X 10_15_7} and {@code Mac OS X 10.15}: Safari's and Firefox's frozen macOS versions. */
    private static final String[] FROZEN_MAC = {"Mac OS X 10_15_7", "Mac OS X 10.15"};

    private FrozenTokens() {
    }

    /**
     * Whether the User-Agent is a reduced Chromium one, whose minor, build and patch numbers are zeros: a
     * {@code Chrome/} token (also the end of {@code HeadlessChrome/}) reads {@code MAJOR.0.0.0} with a major of at
     * least 101. Read with plain string search: no regular expression runs on the header.
     */
    static boolean isReducedChromium(String userAgent) {
        for (int at = userAgent.indexOf("Chrome/"); at >= 0; at = userAgent.indexOf("Chrome/", at + 1)) {
            int i = at + 7;
            int major = 0;
            int digits = 0;
            while (i < userAgent.length() && digits < 6 && isDigit(userAgent.charAt(i))) {
                major = major * 10 + userAgent.charAt(i++) - '0';
                digits++;
            }
            if (digits >= 3 && digits <= 5 && userAgent.startsWith(".0.0.0", i) && !continuesVersion(userAgent, i + 6)) {
                return major >= FIRST_REDUCED_MAJOR;
            }
        }
        return false;
    }

    /** Whether the OS version in the User-Agent is one of the frozen placeholders. */
    static boolean hasFrozenOsVersion(String userAgent) {
        if (contains(userAgent, "Windows NT 10.0") || userAgent.contains("Android 10; K)")) {
            return true;
        }
        for (String mac : FROZEN_MAC) {
            if (contains(userAgent, mac)) {
                return true;
            }
        }
        return crosPlaceholder(userAgent);
    }

    /** Whether {@code token} occurs not followed by more of a version ({@code 10.0} but not {@code 10.0.1}). */
    private static boolean contains(String userAgent, String token) {
        for (int at = userAgent.indexOf(token); at >= 0; at = userAgent.indexOf(token, at + 1)) {
            if (!continuesVersion(userAgent, at + token.length())) {
                return true;
            }
        }
        return false;
    }

    /** {@code CrOS <arch> 14541.0.0}: ChromeOS's frozen platform version, after any architecture word. */
    private static boolean crosPlaceholder(String userAgent) {
        for (int at = userAgent.indexOf("CrOS "); at >= 0; at = userAgent.indexOf("CrOS ", at + 1)) {
            int i = at + 5;
            int start = i;
            while (i < userAgent.length() && (Character.isLetterOrDigit(userAgent.charAt(i)) || userAgent.charAt(i) == '_')
                    && i - start < 32) {
                i++;
            }
            if (i > start && userAgent.startsWith(" 14541.0.0", i) && !continuesVersion(userAgent, i + 10)) {
                return true;
            }
        }
        return false;
    }

    private static boolean continuesVersion(String text, int at) {
        return at < text.length() && (isDigit(text.charAt(at)) || text.charAt(at) == '.' || text.charAt(at) == '_');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
