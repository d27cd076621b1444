package net.erpex.privacy.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.erpex.privacy.agent.Browser;
import net.erpex.privacy.agent.ClientHints;
import net.erpex.privacy.agent.UserAgentAnalyzer;
import net.erpex.privacy.client.CidrSet;
import net.erpex.privacy.client.ClientAddress;
import net.erpex.privacy.client.ClientAddressResolver;
import net.erpex.privacy.consent.ConsentCategories;
import net.erpex.privacy.consent.ConsentCookie;
import net.erpex.privacy.consent.ConsentManager;
import net.erpex.privacy.consent.ConsentSettings;
import net.erpex.privacy.consent.Regime;
import net.erpex.privacy.consent.StoredConsent;
import net.erpex.privacy.geo.GeoLocation;
import net.erpex.privacy.geo.GeoLocator;
import net.erpex.privacy.geo.GeoLocators;
import net.erpex.privacy.language.LanguageNegotiator;
import net.erpex.privacy.language.LanguageResult;
import net.erpex.privacy.security.SigningKeys;
import net.erpex.privacy.session.SessionManager;
import net.erpex.privacy.session.SessionToken;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What each step of the filter's request path costs on its own, through the same public API the filter calls, with
 * the inputs a real browser behind a load balancer sends.
 *
 * <p>Cached and uncached variants: the filter keeps geolocations and parsed User-Agents in bounded Caffeine caches,
 * so a returning visitor costs the cached figure and a new address or browser build the uncached one. "Uncached"
 * cycles through {@value #DISTINCT} distinct inputs with a cache of one entry, so every call is a miss and pays the
 * lookup plus the cache insertion, as a miss does in the filter.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ComponentBenchmarks {

    static final String DEMO_DB = "classpath:net/erpex/privacy/geoip/erpex-demo-city.mmdb";
    static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/131.0.0.0 Safari/537.36";
    static final String ACCEPT_LANGUAGE = "fr-CH,fr;q=0.9,en-US;q=0.8,en;q=0.7,de;q=0.6";
    private static final int DISTINCT = 4096;
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private LanguageNegotiator negotiator;
    private ClientAddressResolver resolver;
    private ClientAddressResolver forwardedResolver;
    private List<String> xForwardedFor;
    private List<String> forwarded;
    private GeoLocator geoCached;
    private GeoLocator geoUncached;
    private InetAddress geoAddress;
    private InetAddress[] geoAddresses;
    private UserAgentAnalyzer agentCached;
    private UserAgentAnalyzer agentUncached;
    private ClientHints hints;
    private String[] userAgents;
    private SessionManager sessions;
    private SessionToken token;
    private List<String> sessionCookie;
    private ConsentManager consent;
    private List<String> consentCookie;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        negotiator = new LanguageNegotiator(LanguageNegotiator.parseSupported("en, fr, de, es, nl, ja"),
                java.util.Locale.ENGLISH);

        // The peer is our load balancer; the client and a CDN hop stand left of it.
        resolver = new ClientAddressResolver(CidrSet.parse("10.0.0.0/8, 2001:db8:ffff::/48"));
        // client.forwarded-header=forwarded: the resolver reads only the family the operator chose.
        forwardedResolver = new ClientAddressResolver(CidrSet.parse("10.0.0.0/8, 2001:db8:ffff::/48"),
                net.erpex.privacy.client.ForwardingHeaders.FORWARDED);
        xForwardedFor = List.of("203.0.113.7, 10.1.2.3, 10.0.0.5");
        forwarded = List.of("for=203.0.113.7;proto=https, for=\"[2001:db8:ffff::1]\", for=10.0.0.5");

        geoCached = GeoLocators.open(DEMO_DB, 10_000, Duration.ZERO);
        geoUncached = GeoLocators.open(DEMO_DB, 1, Duration.ZERO);
        geoAddress = InetAddress.getByName("192.0.2.10");
        geoAddresses = new InetAddress[DISTINCT];
        String[] prefixes = {"192.0.2.", "198.51.100.", "203.0.113."};
        for (int i = 0; i < DISTINCT; i++) {
            geoAddresses[i] = i % 4 == 3 ? literal("2001:db8:" + (1 + i % 2) + "::" + Integer.toHexString(i))
                    : literal(prefixes[i % 3] + (i % 250 + 1));
        }
        // Distinct addresses for the uncached case: the IPv4 ranges hold 750; the rest differ by IPv6 suffix.
        for (int i = 0; i < DISTINCT; i++) {
            if (i % 4 != 3 && i >= 750) {
                geoAddresses[i] = literal("2001:db8:" + (1 + i % 2) + ":" + Integer.toHexString(i) + "::1");
            }
        }

        agentCached = new UserAgentAnalyzer(10_000, 512);
        agentUncached = new UserAgentAnalyzer(1, 512);
        hints = new ClientHints("\"Google Chrome\";v=\"131\", \"Chromium\";v=\"131\", \"Not_A Brand\";v=\"24\"",
                "?0", "\"Windows\"");
        userAgents = new String[DISTINCT];
        for (int i = 0; i < DISTINCT; i++) {
            userAgents[i] = switch (i % 4) {
                case 0 -> "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/"
                        + (100 + i % 40) + ".0." + i + ".0 Safari/537.36";
                case 1 -> "Mozilla/5.0 (X11; Linux x86_64; rv:" + (100 + i % 40) + ".0) Gecko/20100101 Firefox/"
                        + (100 + i % 40) + "." + i;
                case 2 -> "Mozilla/5.0 (iPhone; CPU iPhone OS 17_" + (i % 7) + " like Mac OS X) AppleWebKit/605.1.15"
                        + " (KHTML, like Gecko) Version/17." + i + " Mobile/15E148 Safari/604.1";
                default -> "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP" + i + ") AppleWebKit/537.36 (KHTML, like"
                        + " Gecko) Chrome/" + (100 + i % 40) + ".0.0.0 Mobile Safari/537.36";
            };
        }

        SigningKeys keys = SigningKeys.random();
        Clock clock = Clock.fixed(NOW, java.time.ZoneOffset.UTC);
        sessions = new SessionManager(keys, Duration.ofMinutes(30), Duration.ofHours(8), clock);
        token = sessions.newToken(NOW.minusSeconds(10));
        sessionCookie = List.of(sessions.encode(token));

        ConsentSettings settings = new ConsentSettings(ConsentCategories.builder().build(), "consent",
                Duration.ofDays(182), "1", "", Set.of("US"), Set.of(), Map.of(Regime.OPT_OUT,
                Set.of("analytics", "preferences")), true, List.of(), ConsentSettings.CspMode.ENFORCE,
                "default-src 'self'");
        consent = new ConsentManager(settings, keys, clock);
        consentCookie = List.of(new ConsentCookie(keys).encode(new StoredConsent("1", NOW.minusSeconds(3600),
                "BBBBBBBBBBBBBBBBBBBBBB", Set.of("analytics", "preferences"))));

        // Measure the paths a real visitor takes, not a fallback: fail the trial if an input is not understood.
        check(languageNegotiation().locale().getLanguage().equals("fr"), "language");
        check(clientAddressXForwardedFor().ip().equals("203.0.113.7"), "X-Forwarded-For");
        check(clientAddressForwarded().ip().equals("203.0.113.7"), "Forwarded");
        check(geoLookupCached().country().equals("FR"), "geolocation");
        for (InetAddress a : geoAddresses) {
            check(!geoUncached.locate(a).country().isEmpty(), "geolocation of " + a);
        }
        check(userAgentCached().family().equals("Chrome"), "user agent");
        check(sessionTokenVerify().outcome() == SessionManager.Outcome.VALID, "session cookie");
        check(consentCookieRead().status() == ConsentManager.CookieStatus.VALID, "consent cookie");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark input not understood: " + what);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        geoCached.close();
        geoUncached.close();
    }

    private static InetAddress literal(String ip) throws UnknownHostException {
        return InetAddress.getByName(ip); // a literal: no DNS
    }

    private int nextIndex() {
        next = (next + 1) & (DISTINCT - 1);
        return next;
    }

    /** Accept-Language of a Swiss French Chrome against six supported languages. */
    @Benchmark
    public LanguageResult languageNegotiation() {
        return negotiator.negotiate(null, ACCEPT_LANGUAGE, "CH");
    }

    /** X-Forwarded-For with the client, an inner proxy and the load balancer, walked right to left. */
    @Benchmark
    public ClientAddress clientAddressXForwardedFor() {
        return resolver.resolve("10.0.0.2", false, xForwardedFor, List.of(), List.of("https"));
    }

    /** The same chain as RFC 7239 Forwarded, with an IPv6 hop. */
    @Benchmark
    public ClientAddress clientAddressForwarded() {
        return forwardedResolver.resolve("10.0.0.2", false, List.of(), forwarded, List.of());
    }

    @Benchmark
    public GeoLocation geoLookupCached() {
        return geoCached.locate(geoAddress);
    }

    @Benchmark
    public GeoLocation geoLookupUncached() {
        return geoUncached.locate(geoAddresses[nextIndex()]);
    }

    @Benchmark
    public Browser userAgentCached() {
        return agentCached.analyze(CHROME, hints);
    }

    @Benchmark
    public Browser userAgentUncached() {
        return agentUncached.analyze(userAgents[nextIndex()], ClientHints.NONE);
    }

    /** Signing a session cookie value (what a new or renewed session costs). */
    @Benchmark
    public String sessionTokenSign() {
        return sessions.encode(token);
    }

    /** Verifying a returning visitor's session cookie and deciding whether to renew it. */
    @Benchmark
    public SessionManager.Decision sessionTokenVerify() {
        return sessions.resolve(sessionCookie);
    }

    /** Reading and verifying a returning visitor's consent cookie. */
    @Benchmark
    public ConsentManager.Reading consentCookieRead() {
        return consent.read(consentCookie, false, false, "FR");
    }
}
