package net.erpex.privacy.agent;

import java.util.Locale;

/** The kind of device a visit came from, as far as the request headers tell. */
public enum DeviceType {
    /** A desktop or laptop computer (Windows, macOS, Linux, ChromeOS). */
    DESKTOP,
    /** A phone. */
    MOBILE,
    /** A tablet, including Android devices whose browser does not say "Mobile". */
    TABLET,
    /** A crawler, or an automation browser such as HeadlessChrome. */
    BOT,
    /** Anything else: command-line clients, libraries, unknown or missing user agents. */
    OTHER;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in visit records and the visitor context, for example {@code "desktop"}. */
    public String label() {
        return label;
    }
}
