package net.erpex.privacy.agent;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    // "Chrome/" also matches the token inside "HeadlessChrome/"; other Chromium browsers keep it too.
    private static final Pattern REDUCED_CHROME = Pattern.compile("Chrome/(\\d{3,5})\\.0\\.0\\.0(?![\\d.])");

    private static final Pattern FROZEN_OS = Pattern.compile(
            "Windows NT 10\\.0(?![\\d.])"
                    + "|Mac OS X (?:10_15_7|10\\.15)(?![\\d_.])"
                    + "|CrOS \\w+ 14541\\.0\\.0(?![\\d.])"
                    + "|Android 10; K\\)");

    private FrozenTokens() {
    }

    /** Whether the User-Agent is a reduced Chromium one, whose minor, build and patch numbers are zeros. */
    static boolean isReducedChromium(String userAgent) {
        Matcher matcher = REDUCED_CHROME.matcher(userAgent);
        return matcher.find() && Integer.parseInt(matcher.group(1)) >= FIRST_REDUCED_MAJOR;
    }

    /** Whether the OS version in the User-Agent is one of the frozen placeholders. */
    static boolean hasFrozenOsVersion(String userAgent) {
        return FROZEN_OS.matcher(userAgent).find();
    }
}
