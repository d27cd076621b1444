package net.erpex.privacy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.erpex.privacy.agent.UserAgentAnalyzer;
import net.erpex.privacy.agent.uap.UapEngine;
import net.erpex.privacy.agent.uap.UapResult;
import net.erpex.privacy.geo.GeoLocator;
import net.erpex.privacy.geo.GeoLocators;
import net.erpex.privacy.referrer.ReferrerSummarizer;
import net.erpex.privacy.visit.IpAnonymizer;
import net.erpex.privacy.visit.IpStorage;
import net.erpex.privacy.visit.LogRecord;
import net.erpex.privacy.visit.VisitEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The User-Agent engine against uap-java, on crafted inputs, and inside the visit recorder's enrichment, in one run.
 *
 * <p>Parses are uncached: each call takes the next of the distinct strings of uap-core's {@code tests/test_ua.yaml}
 * (Debian's {@code uap-core} package, which the benchmark needs), so the sample mode's median is the median parse of
 * those strings. Ours runs on the same rules file as uap-java's {@code Parser} (the copy in uap-java's jar) and on
 * Debian's current file, which the filter uses by default. The crafted inputs are 512 characters, the filter's
 * {@code agent.max-length}. {@code enrich} is the recorder's own enrichment ({@link VisitEnricher}, as the filter
 * builds it) with a User-Agent cache of one entry, so that every visit pays a full parse; addresses repeat and
 * their geolocation is cached, as a returning visitor's is.
 *
 * <p>This class lives in the filter's package to build the recorder's package-private enricher exactly as
 * {@code FilterRuntime} does.
 */
@Fork(1)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class AgentBenchmark {

    static final Path SUITE = Path.of("/usr/share/uap-core/tests/test_ua.yaml");
    static final Path DEBIAN_RULES = Path.of("/usr/share/uap-core/regexes.yaml");
    static final String DEMO_DB = "classpath:net/erpex/privacy/geoip/erpex-demo-city.mmdb";
    static final String ANDROID_CHROME = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/131.0.0.0 Mobile Safari/537.36";

    /** The distinct strings of test_ua.yaml and the three parsers. */
    @State(Scope.Benchmark)
    public static class Suite {
        String[] strings;
        int next;
        UapEngine debian;
        UapEngine jarRules;
        ua_parser.Parser uapJava;

        @Setup
        public void setUp() throws IOException {
            strings = distinctSuiteStrings().toArray(String[]::new);
            try (InputStream in = Files.newInputStream(DEBIAN_RULES)) {
                debian = UapEngine.load(in, DEBIAN_RULES.toString());
            }
            try (InputStream in = AgentBenchmark.class.getClassLoader().getResourceAsStream("ua_parser/regexes.yaml")) {
                jarRules = UapEngine.load(in, "classpath:ua_parser/regexes.yaml");
            }
            uapJava = new ua_parser.Parser();
        }

        String nextString() {
            String s = strings[next];
            next = next + 1 == strings.length ? 0 : next + 1;
            return s;
        }
    }

    /** One crafted 512-character input. */
    @State(Scope.Benchmark)
    public static class Crafted {
        @Param({"semicolons", "parentheses", "mozillaParens", "randomPrintable", "paddedRealUa", "issue8Attack"})
        public String kind;
        String text;
        UapEngine debian;

        @Setup
        public void setUp() throws IOException {
            text = crafted(kind);
            try (InputStream in = Files.newInputStream(DEBIAN_RULES)) {
                debian = UapEngine.load(in, DEBIAN_RULES.toString());
            }
        }
    }

    /** The recorder's enrichment with an uncached User-Agent analysis. */
    @State(Scope.Benchmark)
    public static class Recorder {
        VisitEnricher enricher;
        VisitEvent[] events;
        int next;

        @Setup
        public void setUp() throws IOException {
            GeoLocator geo = GeoLocators.open(DEMO_DB, 10_000, Duration.ZERO);
            UserAgentAnalyzer agents = new UserAgentAnalyzer(1, 512);
            enricher = new VisitEnricher(geo, agents, new ReferrerSummarizer(Set.of()),
                    new IpAnonymizer(IpStorage.TRUNCATED, null), 512);
            List<String> strings = distinctSuiteStrings();
            events = new VisitEvent[strings.size()];
            Instant now = Instant.parse("2026-12-04T12:00:00Z");
            for (int i = 0; i < events.length; i++) {
                InetAddress address = InetAddress.getByAddress(new byte[] {(byte) 203, 0, 113, (byte) (i % 256)});
                events[i] = new VisitEvent(VisitEvent.newId(), now, address, address.getHostAddress(), "GET", "/pricing",
                        200, strings.get(i), "", "", "", "fr", "https://www.google.fr/search?q=x", "www.example.com",
                        "", "");
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public UapResult engineOnDebianRules(Suite suite) {
        return suite.debian.parse(suite.nextString());
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public UapResult engineOnUapJavaRules(Suite suite) {
        return suite.jarRules.parse(suite.nextString());
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public ua_parser.Client uapJavaParser(Suite suite) {
        return suite.uapJava.parse(suite.nextString());
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public UapResult craftedInput(Crafted crafted) {
        return crafted.debian.parse(crafted.text);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public LogRecord enrich(Recorder recorder) {
        VisitEvent event = recorder.events[recorder.next];
        recorder.next = recorder.next + 1 == recorder.events.length ? 0 : recorder.next + 1;
        return recorder.enricher.enrich(event, true);
    }

    static List<String> distinctSuiteStrings() throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024);
        Object document;
        try (InputStream in = Files.newInputStream(SUITE)) {
            document = new Yaml(new SafeConstructor(options)).load(in);
        }
        Set<String> strings = new LinkedHashSet<>();
        for (Object item : (List<?>) ((Map<?, ?>) document).get("test_cases")) {
            strings.add(String.valueOf(((Map<?, ?>) item).get("user_agent_string")));
        }
        return new ArrayList<>(strings);
    }

    static String crafted(String kind) {
        String text = switch (kind) {
            case "semicolons" -> "; ".repeat(256);
            case "parentheses" -> "(".repeat(512);
            case "mozillaParens" -> "Mozilla/5.0 (".repeat(40);
            case "randomPrintable" -> {
                Random random = new Random(42);
                StringBuilder out = new StringBuilder(512);
                for (int i = 0; i < 512; i++) {
                    out.append((char) (32 + random.nextInt(95)));
                }
                yield out.toString();
            }
            case "paddedRealUa" -> ANDROID_CHROME + " " + "x".repeat(512);
            case "issue8Attack" -> "Mozilla/5.0 (Linux; Android 4.4; " + "\"; \"".repeat(230) + ANDROID_CHROME;
            default -> throw new IllegalArgumentException(kind);
        };
        return text.substring(0, 512);
    }
}
