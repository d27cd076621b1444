package net.erpex.privacy.agent;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides the device type from the User-Agent, uap-java's device family and the client hints.
 *
 * <p>Order matters: bots first (a crawler often claims a desktop or phone platform), then tablets
 * (Android tablets are Android without "Mobile"), then phones, then desktops.
 *
 * <p>HeadlessChrome counts as a bot: it is an automation browser, and its visits are scripts, not
 * people. iPadOS Safari asks for desktop sites with a Mac User-Agent by default and so is reported as a
 * desktop; nothing in the headers tells them apart.
 */
final class DeviceClassifier {

    // "bot" must end a word ("Googlebot/", "AhrefsBot;") and must not be the phone maker CUBOT.
    private static final Pattern BOT = Pattern.compile(
            "(?<!cu)bot(?![a-z])|crawl|spider|slurp|headlesschrome|facebookexternalhit|mediapartners",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern TABLET = Pattern.compile(
            "ipad|kindle|silk/|playbook|tablet(?! pc)|\\bkf[a-z]{2,4} build", Pattern.CASE_INSENSITIVE);

    private static final Pattern PHONE = Pattern.compile(
            "iphone|ipod|windows phone|iemobile|mobile|mobi\\b|blackberry|bb10|opera mini|symbian",
            Pattern.CASE_INSENSITIVE);

    private static final Set<String> DESKTOP_OS = Set.of(
            "Windows", "Mac OS X", "Linux", "Chrome OS", "Ubuntu", "Debian", "Fedora", "Red Hat", "SUSE",
            "Mint", "Arch Linux", "Gentoo", "FreeBSD", "OpenBSD", "NetBSD", "Solaris");

    private DeviceClassifier() {
    }

    static DeviceType classify(String userAgent, String uapDevice, String osFamily, HintFacts hints) {
        if (userAgent.isEmpty()) {
            return fromHints(hints);
        }
        if ("Spider".equals(uapDevice) || BOT.matcher(userAgent).find()) {
            return DeviceType.BOT;
        }
        String lower = userAgent.toLowerCase(Locale.ROOT);
        boolean android = lower.contains("android") && !lower.contains("windows phone");
        if (TABLET.matcher(userAgent).find() || uapDevice.startsWith("Kindle")
                || android && !lower.contains("mobile")) {
            return DeviceType.TABLET;
        }
        if (PHONE.matcher(userAgent).find() || android || hints.mobile().orElse(false)) {
            return DeviceType.MOBILE;
        }
        if (DESKTOP_OS.contains(osFamily) || lower.contains("x11;")) {
            return DeviceType.DESKTOP;
        }
        return DeviceType.OTHER;
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
}
