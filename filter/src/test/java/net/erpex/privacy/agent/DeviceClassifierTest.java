package net.erpex.privacy.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How each device type is decided, one rule per row, through the analyzer as the filter calls it. */
class DeviceClassifierTest {

    private static final UserAgentAnalyzer ANALYZER = new UserAgentAnalyzer(10, 512);

    private static final String CHROME_BRANDS = UserAgentAnalyzerTest.CHROME_BRANDS;
    private static final String LINUX_DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/120.0.0.0 Safari/537.36";

    @Nested
    class FromTheUserAgent {

        static Stream<Arguments> rows() {
            return Stream.of(
                    Arguments.of("a crawler that says bot", "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
                            DeviceType.BOT),
                    Arguments.of("a crawler on a phone's User-Agent is still a bot", "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X "
                            + "Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 "
                            + "(compatible; GoogleOther)", DeviceType.BOT),
                    Arguments.of("a bot word inside a phone maker's name is not one", "Mozilla/5.0 (Linux; Android 9; CUBOT P30) "
                            + "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/99.0.4844.88 Mobile Safari/537.36", DeviceType.MOBILE),
                    Arguments.of("a library token only counts as the product itself", "Mozilla/5.0 (Linux; Android 13; SM-A536B) "
                            + "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 Java/HWJa",
                            DeviceType.MOBILE),
                    Arguments.of("an HTTP library", "okhttp/4.12.0", DeviceType.BOT),
                    Arguments.of("a command-line tool", "Wget/1.21.4", DeviceType.BOT),
                    Arguments.of("an Android app's library naming its device is that device", "Dalvik/2.1.0 (Linux; U; Android 13; "
                            + "SM-S911B Build/TP1A.220624.014)", DeviceType.MOBILE),
                    Arguments.of("an Android app agent without Mobile is not a tablet", "AndroidDownloadManager/13 (Linux; U; "
                            + "Android 13; Pixel 7 Build/TQ3A.230901.001)", DeviceType.MOBILE),
                    Arguments.of("an Android app agent on a known tablet model", "AndroidDownloadManager/13 (Linux; U; Android "
                            + "13; SM-X700 Build/TP1A.220624.014)", DeviceType.TABLET),
                    Arguments.of("an Android browser without Mobile is a tablet", "Mozilla/5.0 (Linux; Android 10; K) "
                            + "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", DeviceType.TABLET),
                    Arguments.of("an Android TV without Mobile is a TV", "Mozilla/5.0 (Linux; Android 11; SHIELD Android TV "
                            + "Build/RQ1A.210105.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0.0.0 "
                            + "Safari/537.36", DeviceType.TV),
                    Arguments.of("a Fire TV's WebView says Mobile Safari and is a TV", "Mozilla/5.0 (Linux; Android 9; AFTKA "
                            + "Build/PS7633.3445N; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.107 "
                            + "Mobile Safari/537.36", DeviceType.TV),
                    Arguments.of("a word starting with aft is no Fire TV", "Mozilla/5.0 (Linux; Android 13; Aftermath) "
                            + "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36", DeviceType.MOBILE),
                    Arguments.of("a Chromecast", "Mozilla/5.0 (X11; Linux armv7l) AppleWebKit/537.36 (KHTML, like Gecko) "
                            + "Chrome/71.0.3578.0 Safari/537.36 CrKey/1.36.159268", DeviceType.TV),
                    Arguments.of("an HbbTV set-top box on a feature phone's browser", "HbbTV/1.1.1 (;HyperPanel;hytv;;;) "
                            + "NetFront/3.5", DeviceType.TV),
                    Arguments.of("Meta Quest's browser claims X11 Linux", "Mozilla/5.0 (X11; Linux x86_64; Quest 3) "
                            + "AppleWebKit/537.36 (KHTML, like Gecko) OculusBrowser/39.2.0.0.56 Chrome/136.0.7103.177 VR "
                            + "Safari/537.36", DeviceType.OTHER),
                    Arguments.of("an Xbox claims Windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Xbox; Xbox One) "
                            + "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
                            DeviceType.OTHER),
                    Arguments.of("a Tesla", "Mozilla/5.0 (X11; GNU/Linux) AppleWebKit/537.36 (KHTML, like Gecko) "
                            + "Chromium/79.0.3945.130 Chrome/79.0.3945.130 Safari/537.36 Tesla/2020.16.2.1-e99c70fff409",
                            DeviceType.OTHER),
                    Arguments.of("a J2ME feature phone", "Nokia6300/2.0 (05.00) Profile/MIDP-2.0 Configuration/CLDC-1.1",
                            DeviceType.MOBILE),
                    Arguments.of("an iPad's Safari says Mobile and is a tablet", UserAgentAnalyzerTest.SAFARI_IPAD,
                            DeviceType.TABLET),
                    Arguments.of("a Windows Tablet PC is a desktop", "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; "
                            + "Tablet PC 2.0; rv:11.0) like Gecko", DeviceType.DESKTOP),
                    Arguments.of("an app naming no device", "Spotify/8.8.56 iOS/17.1 (iPhone15,2)", DeviceType.MOBILE),
                    Arguments.of("an agent naming nothing known", "ExampleApp/1.0", DeviceType.OTHER));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("rows")
        void decides(String name, String userAgent, DeviceType expected) {
            assertThat(ANALYZER.analyze(userAgent, ClientHints.NONE).device()).isEqualTo(expected);
        }
    }

    @Nested
    class WithClientHints {

        static Stream<Arguments> rows() {
            return Stream.of(
                    Arguments.of("a mobile hint makes a desktop User-Agent a phone (desktop site asked for)", LINUX_DESKTOP,
                            new ClientHints(CHROME_BRANDS, "?1", "\"Android\""), DeviceType.MOBILE),
                    Arguments.of("the Android platform with a desktop User-Agent is a tablet (desktop site by default)",
                            LINUX_DESKTOP, new ClientHints(CHROME_BRANDS, "?0", "\"Android\""), DeviceType.TABLET),
                    Arguments.of("a HeadlessChrome brand is a bot", LINUX_DESKTOP,
                            new ClientHints("\"HeadlessChrome\";v=\"120\", \"Chromium\";v=\"120\"", "?0", "\"Linux\""),
                            DeviceType.BOT),
                    Arguments.of("hints do not turn a TV into a phone", "Mozilla/5.0 (Linux; Android 11; BRAVIA 4K VH2) "
                            + "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/92.0.4515.159 Safari/537.36",
                            new ClientHints(CHROME_BRANDS, "?1", "\"Android\""), DeviceType.TV));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("rows")
        void refine(String name, String userAgent, ClientHints hints, DeviceType expected) {
            assertThat(ANALYZER.analyze(userAgent, hints).device()).isEqualTo(expected);
        }
    }
}
