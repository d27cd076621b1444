package net.erpex.privacy.agent;

/**
 * The low-entropy User-Agent client hints that Chromium-based browsers send by default.
 *
 * <p>Values are the raw header values. They are as untrusted as the User-Agent itself; the compact
 * constructor turns null into {@code ""}, replaces control characters and caps each value at
 * {@value #MAX_LENGTH} characters so that a forged header cannot make a large cache key.
 *
 * @param secChUa         {@code Sec-CH-UA}, for example {@code "Chromium";v="120", "Google Chrome";v="120"}
 * @param secChUaMobile   {@code Sec-CH-UA-Mobile}, {@code ?1} or {@code ?0}
 * @param secChUaPlatform {@code Sec-CH-UA-Platform}, for example {@code "Windows"}
 */
public record ClientHints(String secChUa, String secChUaMobile, String secChUaPlatform) {

    /** The longest value kept of each hint header. */
    public static final int MAX_LENGTH = 512;

    /** No client hints (non-Chromium browsers, or none sent). */
    public static final ClientHints NONE = new ClientHints("", "", "");

    /** Normalises null to {@code ""} and caps each value. */
    public ClientHints {
        secChUa = UserAgentAnalyzer.capUserAgent(secChUa, MAX_LENGTH);
        secChUaMobile = UserAgentAnalyzer.capUserAgent(secChUaMobile, MAX_LENGTH);
        secChUaPlatform = UserAgentAnalyzer.capUserAgent(secChUaPlatform, MAX_LENGTH);
    }

    /** Whether no hint header carries a value. */
    public boolean isEmpty() {
        return secChUa.isEmpty() && secChUaMobile.isEmpty() && secChUaPlatform.isEmpty();
    }
}
