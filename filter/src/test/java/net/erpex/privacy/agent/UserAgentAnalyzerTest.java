package net.erpex.privacy.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UserAgentAnalyzerTest {

    // Loading uap-java's regexes is slow; one analyzer serves every test that does not need its own.
    private static final UserAgentAnalyzer ANALYZER = new UserAgentAnalyzer(1_000, 512);

    static final String CHROME_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    static final String CHROME_ANDROID_PHONE = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";
    static final String CHROME_ANDROID_TABLET = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    static final String EDGE_WINDOWS = CHROME_WINDOWS + " Edg/120.0.0.0";
    static final String FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0";
    static final String SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1";
    static final String SAFARI_IPAD = "Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
    static final String GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    static final String CURL = "curl/8.4.0";

    static final String CHROME_BRANDS = "\"Not_A Brand\";v=\"8\", \"Chromium\";v=\"120\", \"Google Chrome\";v=\"120\"";
    static final String EDGE_BRANDS = "\"Not_A Brand\";v=\"8\", \"Chromium\";v=\"120\", \"Microsoft Edge\";v=\"120\"";

    private static Arguments row(String name, String userAgent, String family, String version, String osFamily,
            String osVersion, DeviceType device) {
        return Arguments.of(name, userAgent, new Browser(family, version, osFamily, osVersion, device));
    }

    @Nested
    class UserAgentOnly {

        static Stream<Arguments> userAgents() {
            return Stream.of(
                    row("Chrome 120 on Windows, reduced", CHROME_WINDOWS, "Chrome", "120", "Windows", "", DeviceType.DESKTOP),
                    row("Chrome on an Android phone, reduced", CHROME_ANDROID_PHONE,
                            "Chrome Mobile", "120", "Android", "", DeviceType.MOBILE),
                    row("Chrome on an Android tablet, reduced", CHROME_ANDROID_TABLET,
                            "Chrome", "120", "Android", "", DeviceType.TABLET),
                    row("Chrome on macOS, reduced", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
                            + "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "Chrome", "120", "Mac OS X", "", DeviceType.DESKTOP),
                    row("Chrome on Linux, reduced", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                            + "Chrome/120.0.0.0 Safari/537.36", "Chrome", "120", "Linux", "", DeviceType.DESKTOP),
                    row("Chrome on ChromeOS, reduced", "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 "
                            + "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "Chrome", "120", "Chrome OS", "", DeviceType.DESKTOP),
                    row("Chrome with a full version keeps major.minor", "Mozilla/5.0 (Windows NT 6.1; Win64; x64) "
                            + "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.5414.120 Safari/537.36",
                            "Chrome", "109.0", "Windows", "7", DeviceType.DESKTOP),
                    row("Chrome 100 zeros predate reduction", "Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 "
                            + "(KHTML, like Gecko) Chrome/100.0.0.0 Safari/537.36", "Chrome", "100.0", "Windows", "7", DeviceType.DESKTOP),
                    row("Chrome on a real Android version and model", "Mozilla/5.0 (Linux; Android 13; SM-S918B) "
                            + "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/99.0.4844.88 Mobile Safari/537.36",
                            "Chrome Mobile", "99.0", "Android", "13", DeviceType.MOBILE),
                    row("Edge on Windows, reduced", EDGE_WINDOWS, "Edge", "120", "Windows", "", DeviceType.DESKTOP),
                    row("Opera on Windows, reduced", CHROME_WINDOWS + " OPR/106.0.0.0", "Opera", "106", "Windows", "", DeviceType.DESKTOP),
                    row("Firefox on Windows NT 10.0 (10 or 11)", FIREFOX_WINDOWS, "Firefox", "121.0", "Windows", "", DeviceType.DESKTOP),
                    row("Firefox on macOS, frozen at 10.15", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:121.0) "
                            + "Gecko/20100101 Firefox/121.0", "Firefox", "121.0", "Mac OS X", "", DeviceType.DESKTOP),
                    row("Firefox on Ubuntu", "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
                            "Firefox", "121.0", "Ubuntu", "", DeviceType.DESKTOP),
                    row("Firefox on an Android phone", "Mozilla/5.0 (Android 14; Mobile; rv:121.0) Gecko/121.0 Firefox/121.0",
                            "Firefox Mobile", "121.0", "Android", "14", DeviceType.MOBILE),
                    row("Firefox on an Android tablet", "Mozilla/5.0 (Android 14; Tablet; rv:121.0) Gecko/121.0 Firefox/121.0",
                            "Firefox Mobile", "121.0", "Android", "14", DeviceType.TABLET),
                    row("Safari on iPhone", SAFARI_IPHONE, "Mobile Safari", "17.1", "iOS", "17.1", DeviceType.MOBILE),
                    row("Safari on iPad", SAFARI_IPAD, "Mobile Safari", "17.1", "iOS", "17.1", DeviceType.TABLET),
                    row("Safari on macOS, frozen at 10_15_7", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "
                            + "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
                            "Safari", "17.1", "Mac OS X", "", DeviceType.DESKTOP),
                    row("Safari on a real older macOS", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_6) "
                            + "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.1.2 Safari/605.1.15",
                            "Safari", "14.1", "Mac OS X", "10.14", DeviceType.DESKTOP),
                    row("Windows Phone", "Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1; Microsoft; Lumia 950) "
                            + "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52.0.2743.116 Mobile Safari/537.36 Edge/15.15063",
                            "Edge Mobile", "15.15063", "Windows Phone", "10.0", DeviceType.MOBILE),
                    row("Kindle Fire with Silk", "Mozilla/5.0 (Linux; U; Android 4.0.3; en-us; KFTT Build/IML74K) "
                            + "AppleWebKit/537.36 (KHTML, like Gecko) Silk/3.68 like Chrome/39.0.2171.93 Safari/537.36",
                            "Amazon Silk", "3.68", "Android", "4.0", DeviceType.TABLET),
                    row("CUBOT phone is not a bot", "Mozilla/5.0 (Linux; Android 9; CUBOT P30) AppleWebKit/537.36 "
                            + "(KHTML, like Gecko) Chrome/99.0.4844.88 Mobile Safari/537.36",
                            "Chrome Mobile", "99.0", "Android", "9", DeviceType.MOBILE),
                    row("IE on a Windows Tablet PC is a desktop", "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; SLCC2; "
                            + ".NET CLR 2.0.50727; Tablet PC 2.0; rv:11.0) like Gecko", "IE", "11.0", "Windows", "7", DeviceType.DESKTOP),
                    row("Googlebot", GOOGLEBOT, "Googlebot", "2.1", "Other", "", DeviceType.BOT),
                    row("Googlebot smartphone claims Android", "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) "
                            + "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.129 Mobile Safari/537.36 "
                            + "(compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
                            "Googlebot", "2.1", "Android", "6.0", DeviceType.BOT),
                    row("bingbot", "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
                            "bingbot", "2.0", "Other", "", DeviceType.BOT),
                    row("HeadlessChrome is automation", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                            + "(KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36",
                            "HeadlessChrome", "120", "Windows", "", DeviceType.BOT),
                    row("unknown crawler by its marker", "ExampleCrawler/1.0 (+https://crawler.example/)",
                            "ExampleCrawler", "1.0", "Other", "", DeviceType.BOT),
                    row("curl", CURL, "curl", "8.4", "Other", "", DeviceType.BOT),
                    row("python-requests", "python-requests/2.31.0", "Python Requests", "2.31", "Other", "", DeviceType.BOT),
                    row("unrecognised text keeps uap's Other", "xyz", "Other", "", "Other", "", DeviceType.OTHER));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("userAgents")
        void reportsWhatTheUserAgentReallyStates(String name, String userAgent, Browser expected) {
            assertThat(ANALYZER.analyze(userAgent, ClientHints.NONE)).isEqualTo(expected);
        }
    }

    @Nested
    class WithClientHints {

        static Stream<Arguments> hinted() {
            return Stream.of(
                    Arguments.of("Edge with its brand list", EDGE_WINDOWS,
                            new ClientHints(EDGE_BRANDS, "?0", "\"Windows\""),
                            new Browser("Edge", "120", "Windows", "", DeviceType.DESKTOP)),
                    Arguments.of("Chrome on an Android tablet", CHROME_ANDROID_TABLET,
                            new ClientHints(CHROME_BRANDS, "?0", "\"Android\""),
                            new Browser("Chrome", "120", "Android", "", DeviceType.TABLET)),
                    Arguments.of("Chrome Mobile keeps its family, version from the brand", CHROME_ANDROID_PHONE,
                            new ClientHints(CHROME_BRANDS, "?1", "\"Android\""),
                            new Browser("Chrome Mobile", "120", "Android", "", DeviceType.MOBILE)),
                    Arguments.of("missing User-Agent, hints only (desktop)", null,
                            new ClientHints(CHROME_BRANDS, "?0", "\"Windows\""),
                            new Browser("Chrome", "120", "Windows", "", DeviceType.DESKTOP)),
                    Arguments.of("missing User-Agent, hints only (phone)", "",
                            new ClientHints(CHROME_BRANDS, "?1", "\"Android\""),
                            new Browser("Chrome", "120", "Android", "", DeviceType.MOBILE)),
                    Arguments.of("missing User-Agent, hints only (Android tablet)", " ",
                            new ClientHints(CHROME_BRANDS, "?0", "\"Android\""),
                            new Browser("Chrome", "120", "Android", "", DeviceType.TABLET)),
                    Arguments.of("missing User-Agent, macOS named as uap does", null,
                            new ClientHints(CHROME_BRANDS, "?0", "\"macOS\""),
                            new Browser("Chrome", "120", "Mac OS X", "", DeviceType.DESKTOP)),
                    Arguments.of("missing User-Agent, Chromium OS named as uap does", null,
                            new ClientHints(CHROME_BRANDS, "?0", "\"Chromium OS\""),
                            new Browser("Chrome", "120", "Chrome OS", "", DeviceType.DESKTOP)),
                    Arguments.of("GREASE-only list falls back to Chromium", null,
                            new ClientHints("\"Not/A)Brand\";v=\"99\", \"Chromium\";v=\"118\"", "?0", "\"Linux\""),
                            new Browser("Chromium", "118", "Linux", "", DeviceType.DESKTOP)),
                    Arguments.of("unrecognised User-Agent completed by hints", "xyz",
                            new ClientHints(CHROME_BRANDS, "?0", "\"Windows\""),
                            new Browser("Chrome", "120", "Windows", "", DeviceType.DESKTOP)),
                    Arguments.of("mobile hint makes a desktop User-Agent mobile", CHROME_WINDOWS,
                            new ClientHints(CHROME_BRANDS, "?1", "\"Windows\""),
                            new Browser("Chrome", "120", "Windows", "", DeviceType.MOBILE)),
                    Arguments.of("unknown platform name is dropped", null,
                            new ClientHints(CHROME_BRANDS, "?0", "\"Plan 9\""),
                            new Browser("Chrome", "120", "", "", DeviceType.OTHER)),
                    Arguments.of("malformed brand list is ignored", null,
                            new ClientHints("Chromium;v=120, \"Google Chrome", "?0", "\"Windows\""),
                            new Browser("", "", "Windows", "", DeviceType.DESKTOP)),
                    Arguments.of("malformed hints never override the User-Agent", FIREFOX_WINDOWS,
                            new ClientHints("\"\u0001\";v=", "yes", "Windows"),
                            new Browser("Firefox", "121.0", "Windows", "", DeviceType.DESKTOP)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("hinted")
        void combinesUserAgentAndHints(String name, String userAgent, ClientHints hints, Browser expected) {
            assertThat(ANALYZER.analyze(userAgent, hints)).isEqualTo(expected);
        }
    }

    @Nested
    class FrozenVersions {

        static final String REDUCED_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                + "(KHTML, like Gecko) Chrome/120.0.0.0 ";
        static final String REDUCED_ANDROID = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) ";

        static Stream<Arguments> versions() {
            return Stream.of(
                    Arguments.of("Chrome's own frozen .0.0.0 is cut to the major", CHROME_WINDOWS, "Chrome", "120"),
                    Arguments.of("Edge's frozen Edg/120.0.0.0 is cut too", EDGE_WINDOWS, "Edge", "120"),
                    Arguments.of("NAVER Whale keeps its minor", REDUCED_WINDOWS + "Whale/3.26.244.21 Safari/537.36",
                            "Whale", "3.26"),
                    Arguments.of("Yandex Browser keeps its minor", REDUCED_WINDOWS + "YaBrowser/24.6.0.0 Safari/537.36",
                            "Yandex Browser", "24.6"),
                    Arguments.of("Opera keeps a real minor", REDUCED_ANDROID + "Chrome/120.0.0.0 Mobile Safari/537.36 "
                            + "OPR/83.1.4254.70", "Opera Mobile", "83.1"),
                    Arguments.of("Samsung Internet keeps its .0, which is no placeholder", REDUCED_ANDROID
                            + "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36", "Samsung Internet", "25.0"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("versions")
        void suppressesOnlyWhatChromesReductionFroze(String name, String userAgent, String family, String version) {
            Browser browser = ANALYZER.analyze(userAgent, ClientHints.NONE);

            assertThat(browser.family()).isEqualTo(family);
            assertThat(browser.version()).isEqualTo(version);
        }
    }

    @Nested
    class SpecificBrands {

        static Stream<Arguments> brands() {
            return Stream.of(
                    Arguments.of("Brave sends Chrome's User-Agent and names itself in Sec-CH-UA", CHROME_WINDOWS,
                            "\"Brave\";v=\"120\", \"Chromium\";v=\"120\", \"Not_A Brand\";v=\"24\"", "Brave", "120"),
                    Arguments.of("Opera GX is an edition of Opera: the version is the User-Agent's", CHROME_WINDOWS
                            + " OPR/105.0.0.0", "\"Opera GX\";v=\"105\", \"Chromium\";v=\"119\", \"Not?A_Brand\";v=\"24\"",
                            "Opera GX", "105"),
                    Arguments.of("Edge's brand names Edge", CHROME_WINDOWS, EDGE_BRANDS, "Edge", "120"),
                    Arguments.of("Samsung Internet's brand over a Chrome User-Agent", CHROME_ANDROID_PHONE,
                            "\"Samsung Internet\";v=\"23\", \"Chromium\";v=\"115\", \"Not=A?Brand\";v=\"99\"",
                            "Samsung Internet", "23"),
                    Arguments.of("Yandex's brand over a Chrome User-Agent", CHROME_WINDOWS,
                            "\"YaBrowser\";v=\"24\", \"Chromium\";v=\"120\", \"Not_A Brand\";v=\"24\"",
                            "Yandex Browser", "24"),
                    Arguments.of("when the User-Agent names the same browser its version stays", "Mozilla/5.0 (Linux; "
                            + "Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 "
                            + "Mobile Safari/537.36", "\"Samsung Internet\";v=\"25\", \"Chromium\";v=\"121\"",
                            "Samsung Internet", "25.0"),
                    Arguments.of("an unknown brand never renames a recognised browser", CHROME_WINDOWS,
                            "\"Evil Browser\";v=\"1\", \"Chromium\";v=\"120\"", "Chrome", "120"),
                    Arguments.of("a known brand does not rename another known browser", FIREFOX_WINDOWS,
                            "\"Brave\";v=\"120\"", "Firefox", "121.0"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("brands")
        void aMoreSpecificBrandNamesTheBrowser(String name, String userAgent, String secChUa, String family,
                String version) {
            Browser browser = ANALYZER.analyze(userAgent, new ClientHints(secChUa, "?0", "\"Windows\""));

            assertThat(browser.family()).isEqualTo(family);
            assertThat(browser.version()).isEqualTo(version);
        }
    }

    @Nested
    class HostileInput {

        @Test
        void nullInputsGiveUnknown() {
            assertThat(ANALYZER.analyze(null, null)).isEqualTo(Browser.UNKNOWN);
            assertThat(ANALYZER.analyze("  \t ", ClientHints.NONE)).isEqualTo(Browser.UNKNOWN);
        }

        @Test
        void analysesOnlyTheCappedPrefixOfAHugeUserAgent() {
            String huge = CHROME_WINDOWS + " " + "x(".repeat(32 * 1024);

            Browser browser = ANALYZER.analyze(huge, ClientHints.NONE);

            assertThat(browser).isEqualTo(new Browser("Chrome", "120", "Windows", "", DeviceType.DESKTOP));
            assertThat(ANALYZER.analyze(huge.substring(0, 512), ClientHints.NONE)).isEqualTo(browser);
        }

        @Test
        void survivesSixtyFourKilobytesOfGarbage() {
            StringBuilder garbage = new StringBuilder();
            for (int i = 0; i < 64 * 1024; i++) {
                garbage.append((char) (i * 7919 % 0x3000));
            }

            Browser browser = ANALYZER.analyze(garbage.toString(), ClientHints.NONE);

            assertThat(browser.device()).isEqualTo(DeviceType.OTHER);
            assertThat(browser.family()).hasSizeLessThanOrEqualTo(512);
        }

        @Test
        void treatsControlCharactersAsSpaces() {
            String withControls = "Mozilla/5.0 (Windows NT 10.0;\u0000Win64; x64)\r\nAppleWebKit/537.36 "
                    + "(KHTML, like Gecko)\u001bChrome/120.0.0.0 Safari/537.36\u007f";

            assertThat(ANALYZER.analyze(withControls, ClientHints.NONE))
                    .isEqualTo(new Browser("Chrome", "120", "Windows", "", DeviceType.DESKTOP));
        }
    }

    @Nested
    class RawHeaderValues {

        @Test
        void giveTheAnswerOfTheirCleanedForm() {
            String dirtyAgent = " " + CHROME_WINDOWS.replace(" (KHTML", "\u0000(KHTML") + "\t";
            String dirtyBrands = "\r" + EDGE_BRANDS + "\n";

            Browser raw = ANALYZER.analyze(dirtyAgent, dirtyBrands, " ?0", "\"Windows\"\u0007");

            assertThat(raw).isEqualTo(ANALYZER.analyze(UserAgentAnalyzer.capUserAgent(dirtyAgent, 512),
                    new ClientHints(dirtyBrands, " ?0", "\"Windows\"\u0007")));
            assertThat(raw.family()).isEqualTo("Edge");
        }

        @Test
        void cutHugeValuesBeforeTheyBecomeACacheKey() {
            UserAgentAnalyzer small = new UserAgentAnalyzer(10, 512);
            String huge = CHROME_WINDOWS + " " + "x(".repeat(32 * 1024);

            Browser browser = small.analyze(huge, "\"A\";v=\"1\"".repeat(10_000), "?0".repeat(1_000), null);

            assertThat(browser.family()).isEqualTo("Chrome");
            assertThat(small.analyze(huge.substring(0, 512), null, null, null)).isEqualTo(browser);
        }

        @Test
        void giveUnknownWhenEveryValueIsBlankOrAbsent() {
            assertThat(ANALYZER.analyze(null, null, null, null)).isEqualTo(Browser.UNKNOWN);
            assertThat(ANALYZER.analyze(" ", "\t", "", null)).isEqualTo(Browser.UNKNOWN);
        }
    }

    @Nested
    class CapUserAgent {

        @Test
        void cutsToTheMaximumAfterReplacingControlsAndTrims() {
            assertThat(UserAgentAnalyzer.capUserAgent(" ab\u0000c\tdef ", 5)).isEqualTo("ab c");
            assertThat(UserAgentAnalyzer.capUserAgent("x".repeat(70_000), 512)).hasSize(512);
        }

        @Test
        void givesEmptyForNull() {
            assertThat(UserAgentAnalyzer.capUserAgent(null, 10)).isEmpty();
        }

        @Test
        void neverSplitsASurrogatePair() {
            assertThat(UserAgentAnalyzer.capUserAgent("ab\uD83D\uDE00", 3)).isEqualTo("ab");
        }
    }

    @Nested
    class Configuration {

        @Test
        void rejectsANonPositiveCacheSize() {
            assertThatThrownBy(() -> new UserAgentAnalyzer(0, 512))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cache size 0")
                    .hasMessageContaining("positive");
        }

        @Test
        void rejectsANonPositiveMaximumLength() {
            assertThatThrownBy(() -> new UserAgentAnalyzer(10, -1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("length -1")
                    .hasMessageContaining("positive");
        }
    }

    @Nested
    class CacheAndConcurrency {

        @Test
        void keepsTheCacheBounded() {
            UserAgentAnalyzer small = new UserAgentAnalyzer(10, 512);

            for (int i = 0; i < 1_000; i++) {
                String userAgent = CHROME_WINDOWS.replace("Chrome/120", "Chrome/" + (101 + i));
                assertThat(small.analyze(userAgent, ClientHints.NONE).version()).isEqualTo(String.valueOf(101 + i));
            }

            assertThat(small.estimatedCacheSize()).isLessThanOrEqualTo(10);
        }

        @Test
        void givesTheSameAnswersFromEightThreadsAsFromOne() throws Exception {
            List<String> userAgents = List.of(CHROME_WINDOWS, CHROME_ANDROID_PHONE, CHROME_ANDROID_TABLET, EDGE_WINDOWS,
                    FIREFOX_WINDOWS, SAFARI_IPHONE, SAFARI_IPAD, GOOGLEBOT, CURL, "xyz", "");
            List<ClientHints> hints = List.of(ClientHints.NONE, new ClientHints(CHROME_BRANDS, "?1", "\"Android\""),
                    new ClientHints(EDGE_BRANDS, "?0", "\"Windows\""));
            List<Browser> expected = new ArrayList<>();
            for (String userAgent : userAgents) {
                for (ClientHints hint : hints) {
                    expected.add(ANALYZER.analyze(userAgent, hint));
                }
            }
            // A cache smaller than the mix keeps evicting, so the threads parse concurrently all the time.
            UserAgentAnalyzer shared = new UserAgentAnalyzer(4, 512);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> mismatches = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int offset = t;
                    mismatches.add(pool.submit(() -> {
                        int wrong = 0;
                        for (int i = 0; i < 2_000; i++) {
                            int index = (i + offset) % expected.size();
                            String userAgent = userAgents.get(index / hints.size());
                            Browser browser = shared.analyze(userAgent, hints.get(index % hints.size()));
                            wrong += browser.equals(expected.get(index)) ? 0 : 1;
                        }
                        return wrong;
                    }));
                }
                for (Future<Integer> result : mismatches) {
                    assertThat(result.get(2, TimeUnit.MINUTES)).isZero();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
