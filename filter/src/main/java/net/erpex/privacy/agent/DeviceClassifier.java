package net.erpex.privacy.agent;

import java.util.Map;
import java.util.Set;

/**
 * Decides the device type from the User-Agent's well-known tokens ({@link DeviceTokens}), uap-core's device and OS
 * families, and the client hints.
 *
 * <p>When several kinds are named, the most specific wins, in this order: {@code bot} (a crawler often claims a
 * phone or a desktop: Googlebot Smartphone is an Android phone's User-Agent with "Googlebot" added), {@code tv} (a
 * Fire TV's WebView says "Mobile Safari", an HbbTV set uses a feature phone's NetFront browser), {@code other}
 * (Meta Quest's browser says "X11; Linux" or "Mobile VR", the PlayStation Vita "Silk"), {@code tablet} (an iPad's
 * Safari says "Mobile"), {@code mobile}.
 *
 * <p>If no token decides: Android in a browser's User-Agent without "Mobile" is a tablet, by the convention of
 * Chrome, Samsung Internet and the Android WebView; Android in another agent (an app's or a library's:
 * {@code Android-Mail/…}, {@code AndroidDownloadManager/…}) says nothing about the screen, and is a phone, which
 * most Android devices are. A desktop OS (by uap-core's OS family or its tokens) is a desktop. Anything else is
 * {@code other}.
 *
 * <p>Client hints refine that: {@code Sec-CH-UA-Mobile: ?1} makes a desktop or tablet answer a phone (Chrome's
 * "request desktop site" on a phone), and {@code Sec-CH-UA-Platform: "Android"} with a desktop User-Agent is a
 * tablet (Chrome on large Android tablets requests desktop sites by default). A {@code HeadlessChrome} brand is a
 * bot. iPadOS Safari asks for desktop sites with a Mac User-Agent by default and is reported as a desktop; nothing
 * in its headers tells them apart.
 */
final class DeviceClassifier {

    /** Most specific first. */
    private static final DeviceType[] PRECEDENCE = {
        DeviceType.BOT, DeviceType.TV, DeviceType.OTHER, DeviceType.TABLET, DeviceType.MOBILE};

    // uap-core's device families that name a kind on their own.
    private static final Map<String, DeviceType> UAP_DEVICES = Map.of(
            "Spider", DeviceType.BOT,
            "Generic Feature Phone", DeviceType.MOBILE,
            "Generic Smartphone", DeviceType.MOBILE,
            "iPhone", DeviceType.MOBILE,
            "Generic Tablet", DeviceType.TABLET,
            "iPad", DeviceType.TABLET,
            "Kindle", DeviceType.TABLET,
            "Kindle Fire", DeviceType.TABLET,
            "AppleTV", DeviceType.TV);

    private static final Set<String> DESKTOP_OS = Set.of(
            "Windows", "Mac OS X", "Linux", "Chrome OS", "Ubuntu", "Debian", "Fedora", "Red Hat", "SUSE",
            "Mint", "Arch Linux", "Gentoo", "FreeBSD", "OpenBSD", "NetBSD", "Solaris", "Kubuntu", "Xubuntu",
            "Slackware", "Mandriva", "CentOS", "Windows 95", "Windows 98", "Windows XP", "Windows Vista",
            "Windows 7", "Windows 8", "Windows 8.1", "Windows 10", "Windows 2000", "Windows NT");

    private DeviceClassifier() {
    }

    /**
     * The device type of one request.
     *
     * @param userAgent the capped User-Agent, {@code ""} when absent
     * @param uapDevice uap-core's device family, {@code ""} when unknown
     * @param osFamily  the OS family reported (uap-core's, or the platform hint's), {@code ""} when unknown
     * @param hints     what the client hints state
     */
    static DeviceType classify(String userAgent, String uapDevice, String osFamily, HintFacts hints) {
        if (userAgent.isEmpty()) {
            return fromHints(hints);
        }
        Set<DeviceType> named = DeviceTokens.find(userAgent);
        DeviceType fromUap = UAP_DEVICES.get(uapDevice);
        if (fromUap != null) {
            named.add(fromUap);
        }
        if (hints.brandFamily().equals("HeadlessChrome")) {
            named.add(DeviceType.BOT);
        }
        DeviceType type = mostSpecific(named);
        if (type == null) {
            type = byPlatform(userAgent, osFamily, named.contains(DeviceType.DESKTOP));
        }
        return refinedByHints(type, hints);
    }

    private static DeviceType mostSpecific(Set<DeviceType> named) {
        for (DeviceType type : PRECEDENCE) {
            if (named.contains(type)) {
                return type;
            }
        }
        return null;
    }

    private static DeviceType byPlatform(String userAgent, String osFamily, boolean desktopToken) {
        if (osFamily.equals("Android") || containsIgnoreCase(userAgent, "android")) {
            return isBrowserShaped(userAgent) ? DeviceType.TABLET : DeviceType.MOBILE;
        }
        if (desktopToken || DESKTOP_OS.contains(osFamily)) {
            return DeviceType.DESKTOP;
        }
        return DeviceType.OTHER;
    }

    /** A browser's User-Agent: {@code Mozilla/5.0 (…)} or {@code Opera/9.80 (…)}, not an app's own product token. */
    private static boolean isBrowserShaped(String userAgent) {
        return userAgent.regionMatches(true, 0, "Mozilla/", 0, 8) || userAgent.regionMatches(true, 0, "Opera/", 0, 6);
    }

    private static DeviceType refinedByHints(DeviceType type, HintFacts hints) {
        boolean mobileHint = hints.mobile().orElse(false);
        if (mobileHint && (type == DeviceType.DESKTOP || type == DeviceType.TABLET)) {
            return DeviceType.MOBILE;
        }
        if (type == DeviceType.DESKTOP && hints.platform().equals("Android")) {
            return DeviceType.TABLET;
        }
        return type;
    }

    private static DeviceType fromHints(HintFacts hints) {
        if (hints.brandFamily().equals("HeadlessChrome")) {
            return DeviceType.BOT;
        }
        if (hints.mobile().orElse(false)) {
            return DeviceType.MOBILE;
        }
        if (hints.platform().equals("Android") && hints.mobile().isPresent()) {
            return DeviceType.TABLET;
        }
        return DESKTOP_OS.contains(hints.platform()) ? DeviceType.DESKTOP : DeviceType.OTHER;
    }

    private static boolean containsIgnoreCase(String text, String lowerNeedle) {
        for (int i = 0; i + lowerNeedle.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, lowerNeedle, 0, lowerNeedle.length())) {
                return true;
            }
        }
        return false;
    }
}
