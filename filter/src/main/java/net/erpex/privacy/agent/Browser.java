package net.erpex.privacy.agent;

/**
 * What a visit's user agent and client hints say about the browser, reduced to what is stated reliably.
 *
 * <p>Families use uap-java's names ("Chrome", "Mobile Safari", "Firefox"; "Windows", "Mac OS X", "iOS",
 * "Android", "Chrome OS"). When uap-java recognises nothing in a non-empty User-Agent its family is
 * {@code "Other"}, and that is kept as is: it records that a client identified itself with something
 * unrecognised, which differs from sending nothing (family {@code ""}).
 *
 * <p>Versions are {@code "major.minor"} or {@code "major"} (patch levels are noise for statistics and
 * make the data more identifying). A version is {@code ""} when the browser did not really state it,
 * for example the frozen {@code Windows NT 10.0} or {@code Mac OS X 10_15_7} tokens, or the
 * {@code .0.0.0} of a reduced Chromium version.
 *
 * @param family    browser family, {@code ""} when unknown
 * @param version   browser version, {@code ""} when unknown
 * @param osFamily  operating-system family, {@code ""} when unknown
 * @param osVersion operating-system version, {@code ""} when unknown or frozen
 * @param device    device type, never null
 */
public record Browser(String family, String version, String osFamily, String osVersion, DeviceType device) {

    /** Nothing known: no User-Agent and no client hints. */
    public static final Browser UNKNOWN = new Browser("", "", "", "", DeviceType.OTHER);

    /** Turns null fields into the empty string and a null device into {@link DeviceType#OTHER}. */
    public Browser {
        family = family == null ? "" : family;
        version = version == null ? "" : version;
        osFamily = osFamily == null ? "" : osFamily;
        osVersion = osVersion == null ? "" : osVersion;
        device = device == null ? DeviceType.OTHER : device;
    }
}
