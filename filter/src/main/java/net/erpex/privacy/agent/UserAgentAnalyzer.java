package net.erpex.privacy.agent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import net.erpex.privacy.agent.uap.UapResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a User-Agent header and the client hints into a {@link Browser}, reporting only what the
 * browser really stated: the version numbers and OS tokens that Chromium's User-Agent reduction, Safari
 * and Firefox freeze ({@code Chrome/120.0.0.0}, {@code Windows NT 10.0}, {@code Mac OS X 10_15_7},
 * {@code Android 10; K}, {@code CrOS x86_64 14541.0.0}) are not reported as versions.
 *
 * <p>The browser, OS and device come from uap-core's rules ({@link AgentRules}), matched by our own linear-time
 * engine ({@link net.erpex.privacy.agent.uap.UapEngine}), behind a bounded Caffeine cache that is emptied when the
 * rules are replaced. The filter creates one analyzer at start-up and keeps it for its whole life; an analyzer is
 * safe for concurrent use.
 *
 * <p>Per-request input never makes it throw: a User-Agent the analysis fails on yields {@link Browser#UNKNOWN} and
 * a debug log line.
 */
public final class UserAgentAnalyzer {

    private static final Logger LOG = LoggerFactory.getLogger(UserAgentAnalyzer.class);

    private final AgentRules rules;
    private final int maxUserAgentLength;
    private final Cache<Key, Browser> cache;

    /**
     * The header values as they came (within the length caps) or normalised: normalising is idempotent, so either
     * names the same answer. Raw values let a returning browser's answer be found by the strings' cached hashes
     * without reading its headers character by character.
     */
    private record Key(String userAgent, String secChUa, String secChUaMobile, String secChUaPlatform) {

        // Written out: the generated ones go through method handles, measurable on a path run for every record.
        @Override
        public int hashCode() {
            int h = userAgent.hashCode();
            h = 31 * h + secChUa.hashCode();
            h = 31 * h + secChUaMobile.hashCode();
            return 31 * h + secChUaPlatform.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && userAgent.equals(k.userAgent) && secChUa.equals(k.secChUa)
                    && secChUaMobile.equals(k.secChUaMobile) && secChUaPlatform.equals(k.secChUaPlatform);
        }
    }

    /**
     * An analyzer on the default rules ({@link AgentRules#defaultLocation()}), loaded once and not watched.
     *
     * @param cacheSize          the most distinct (User-Agent, hints) pairs kept, at least 1
     * @param maxUserAgentLength the User-Agent length analysed, at least 1; longer values are cut first,
     *                           which bounds the matching work a forged header can cause
     * @throws IllegalArgumentException if either value is not positive
     * @throws UncheckedIOException     if the default rules cannot be loaded
     */
    public UserAgentAnalyzer(int cacheSize, int maxUserAgentLength) {
        this(defaultRules(), cacheSize, maxUserAgentLength);
    }

    /**
     * An analyzer on {@code rules}; the caller closes them.
     *
     * @param rules              the uap-core rules, whose replacements empty this analyzer's cache
     * @param cacheSize          the most distinct (User-Agent, hints) pairs kept, at least 1
     * @param maxUserAgentLength the User-Agent length analysed, at least 1; longer values are cut first
     * @throws IllegalArgumentException if either value is not positive
     */
    public UserAgentAnalyzer(AgentRules rules, int cacheSize, int maxUserAgentLength) {
        if (cacheSize < 1) {
            throw new IllegalArgumentException(
                    "User-agent cache size " + cacheSize + " is invalid: a positive number of entries is accepted");
        }
        if (maxUserAgentLength < 1) {
            throw new IllegalArgumentException("Maximum User-Agent length " + maxUserAgentLength
                    + " is invalid: a positive number of characters is accepted");
        }
        this.maxUserAgentLength = maxUserAgentLength;
        this.cache = Caffeine.newBuilder().executor(Runnable::run).maximumSize(cacheSize).build();
        this.rules = rules;
        // Answers of the old rules would outlive them in the cache.
        rules.onReplaced(cache::invalidateAll);
    }

    private static AgentRules defaultRules() {
        try {
            return AgentRules.open("", Duration.ZERO);
        } catch (IOException e) {
            throw new UncheckedIOException("The default user-agent rules cannot be loaded", e);
        }
    }

    /**
     * Analyses one request's User-Agent and client hints.
     *
     * @param userAgent the {@code User-Agent} header, may be null or of any size
     * @param hints     the client hints, may be null
     * @return the browser; {@link Browser#UNKNOWN} when neither input says anything
     */
    public Browser analyze(String userAgent, ClientHints hints) {
        ClientHints safeHints = hints == null ? ClientHints.NONE : hints;
        return analyze(userAgent, safeHints.secChUa(), safeHints.secChUaMobile(), safeHints.secChUaPlatform());
    }

    /**
     * Analyses one request's User-Agent and client hints, given as the raw header values. Values longer than the caps
     * ({@code maxUserAgentLength}, {@link ClientHints#MAX_LENGTH}) are cut first; the rest are cleaned only when not
     * already known, so a known browser costs one cache lookup.
     *
     * @param userAgent       the {@code User-Agent} header, may be null or of any size
     * @param secChUa         the {@code Sec-CH-UA} header, may be null or of any size
     * @param secChUaMobile   the {@code Sec-CH-UA-Mobile} header, may be null or of any size
     * @param secChUaPlatform the {@code Sec-CH-UA-Platform} header, may be null or of any size
     * @return the browser; {@link Browser#UNKNOWN} when no input says anything
     */
    public Browser analyze(String userAgent, String secChUa, String secChUaMobile, String secChUaPlatform) {
        Key key = key(userAgent, secChUa, secChUaMobile, secChUaPlatform);
        if (key == null) {
            return Browser.UNKNOWN;
        }
        try {
            return cache.get(key, this::compute);
        } catch (RuntimeException | StackOverflowError e) {
            // A pathological header can overflow the regex engine's stack; it must not fail the request.
            LOG.debug("Could not analyse User-Agent of {} characters", key.userAgent().length(), e);
            return Browser.UNKNOWN;
        }
    }

    /**
     * The answer {@link #analyze(String, String, String, String)} would give, if it is already known; null if only
     * an analysis could tell. Never runs a rule, so its cost does not depend on the input beyond the caps: the
     * recorder uses it when it is behind, to keep a returning browser's answer while it skips analysing new ones.
     *
     * @return the cached browser, {@link Browser#UNKNOWN} when no input says anything, or null when not known
     */
    public Browser known(String userAgent, String secChUa, String secChUaMobile, String secChUaPlatform) {
        Key key = key(userAgent, secChUa, secChUaMobile, secChUaPlatform);
        return key == null ? Browser.UNKNOWN : cache.getIfPresent(key);
    }

    /** The cache key of the capped values; null when none of them says anything. */
    private Key key(String userAgent, String secChUa, String secChUaMobile, String secChUaPlatform) {
        Key key = new Key(bounded(userAgent, maxUserAgentLength), bounded(secChUa, ClientHints.MAX_LENGTH),
                bounded(secChUaMobile, ClientHints.MAX_LENGTH), bounded(secChUaPlatform, ClientHints.MAX_LENGTH));
        boolean empty = key.userAgent().isEmpty() && key.secChUa().isEmpty() && key.secChUaMobile().isEmpty()
                && key.secChUaPlatform().isEmpty();
        return empty ? null : key;
    }

    /** The value itself within the cap (cleaned later, if it is not known), else cut and cleaned now. */
    private static String bounded(String value, int max) {
        if (value == null) {
            return "";
        }
        return value.length() <= max ? value : capUserAgent(value, max);
    }

    /**
     * Cuts a header value to at most {@code max} characters after replacing control characters by
     * spaces and trimming; null gives {@code ""}. A surrogate pair is never split. The visit recorder
     * uses this to store the raw value when it falls behind and skips analysis.
     *
     * @param userAgent the raw value, may be null
     * @param max       the largest length returned, at least 1
     * @return the cleaned, capped value
     */
    public static String capUserAgent(String userAgent, int max) {
        if (userAgent == null) {
            return "";
        }
        if (isClean(userAgent, max)) {
            return userAgent; // what real browsers send: nothing to cut or replace, and nothing to allocate
        }
        StringBuilder out = new StringBuilder(Math.min(userAgent.length(), max));
        for (int i = 0; i < userAgent.length() && out.length() < max; i++) {
            char c = userAgent.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (!out.isEmpty() && Character.isHighSurrogate(out.charAt(out.length() - 1))) {
            out.setLength(out.length() - 1);
        }
        return out.toString().strip();
    }

    /** Whether capping would return the value unchanged. */
    private static boolean isClean(String value, int max) {
        int n = value.length();
        if (n > max || n > 0 && (Character.isWhitespace(value.charAt(0)) || Character.isWhitespace(value.charAt(n - 1))
                || Character.isHighSurrogate(value.charAt(n - 1)))) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The approximate number of cached entries, after pending evictions; for tests. */
    long estimatedCacheSize() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private Browser compute(Key key) {
        String userAgent = capUserAgent(key.userAgent(), maxUserAgentLength);
        ClientHints cleanHints = new ClientHints(key.secChUa(), key.secChUaMobile(), key.secChUaPlatform());
        if (userAgent.isEmpty() && cleanHints.isEmpty()) {
            return Browser.UNKNOWN;
        }
        HintFacts hints = HintFacts.of(cleanHints);
        if (userAgent.isEmpty()) {
            return new Browser(hints.brandFamily(), hints.brandMajor(), hints.platform(), "",
                    DeviceClassifier.classify(userAgent, "", hints.platform(), hints));
        }
        UapResult client = rules.engine().parse(userAgent);
        UapResult.Agent agent = client.agent();
        // Only a version Chrome's User-Agent reduction froze is cut to its major: MAJOR.0.0.0 in a reduced Chromium
        // User-Agent. Another browser's own minor (Whale/3.26, YaBrowser/24.6, OPR/83.1, SamsungBrowser/25.0) is real.
        boolean frozen = FrozenTokens.isReducedChromium(userAgent) && "0".equals(agent.minor())
                && "0".equals(agent.patch());

        String family = text(agent.family());
        String version = frozen ? text(agent.major()) : version(agent.major(), agent.minor());
        boolean unrecognised = family.isEmpty() || family.equals("Other");
        if (unrecognised && !hints.brandFamily().isEmpty()) {
            family = hints.brandFamily();
            version = hints.brandMajor();
        } else if (Brands.refines(hints.brandFamily(), family)) {
            // Brave over Chrome, Opera GX over Opera: the brand names the browser. Its version is the UA's when the
            // UA names the same browser line (Opera's OPR/ for Opera GX), else the brand's (Chrome's token is not
            // Brave's version).
            version = Brands.sameLine(hints.brandFamily(), family) || hints.brandMajor().isEmpty() ? version
                    : hints.brandMajor();
            family = hints.brandFamily();
        } else if (frozen && Brands.sameBrowser(family, hints.brandFamily()) && !hints.brandMajor().isEmpty()) {
            version = hints.brandMajor();
        }

        String osFamily = text(client.os().family());
        String osVersion = FrozenTokens.hasFrozenOsVersion(userAgent) ? "" : version(client.os().major(), client.os().minor());
        if ((osFamily.isEmpty() || osFamily.equals("Other")) && !hints.platform().isEmpty()) {
            osFamily = hints.platform();
            osVersion = "";
        }
        DeviceType device = DeviceClassifier.classify(userAgent, text(client.device().family()), osFamily, hints);
        return new Browser(family, version, osFamily, osVersion, device);
    }

    private static String version(String major, String minor) {
        String majorText = text(major);
        String minorText = text(minor);
        if (majorText.isEmpty()) {
            return "";
        }
        return minorText.isEmpty() ? majorText : majorText + "." + minorText;
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }
}
