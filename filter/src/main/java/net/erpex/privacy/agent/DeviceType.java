package net.erpex.privacy.agent;

import java.util.Locale;

/** The kind of device a visit came from, as far as the request headers tell. */
public enum DeviceType {
    /** A desktop or laptop computer (Windows, macOS, Linux, ChromeOS). */
    DESKTOP,
    /** A phone. */
    MOBILE,
    /** A tablet or e-reader, including Android devices whose browser does not say "Mobile". */
    TABLET,
    /** A smart TV, a set-top box or a streaming stick (HbbTV, Tizen, webOS, Chromecast, Fire TV, Roku, Apple TV). */
    TV,
    /**
     * An automated client: a crawler, a link previewer, a monitor, a headless browser, an HTTP library or a
     * command-line tool. Nobody looks at what it fetches as it fetches it.
     */
    BOT,
    /**
     * Anything else: game consoles, VR headsets, cars, agents that name no device (an app's own User-Agent), and
     * requests without a User-Agent.
     */
    OTHER;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in visit records and the visitor context, for example {@code "desktop"}. */
    public String label() {
        return label;
    }
}
