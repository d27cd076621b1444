package net.erpex.privacy.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The device type of {@code labelled-user-agents.tsv}: several hundred real User-Agents from vendors' documentation
 * and uap-core's suites, each labelled with what sent it. At least 95 % must be right, and every error is listed
 * here with why, so that a change in the rules or the classifier that fixes or breaks one shows.
 */
class DeviceTypeLabelsTest {

    private static final UserAgentAnalyzer ANALYZER = new UserAgentAnalyzer(10, 512);

    /** The error classes of issue 9 that the list must hold, each with at least one string. */
    private static final Set<String> CLASSES = Set.of("android-app", "android-tv", "smart-tv", "streaming-box",
            "console", "vr", "car", "feature-phone", "hidden-crawler", "crawler", "link-preview", "monitor",
            "headless", "http-library", "cli-tool", "tablet", "phone", "desktop");

    /** The strings classified wrongly today, with the reason. */
    private static final Map<String, String> KNOWN_ERRORS = Map.of(
            "Dalvik/1.4.0 (Linux; U; Android 2.3.1; CUBE U9 GT Build/GINGERBREAD)",
            "An app's HTTP library on a Cube U9GT tablet: the agent names Android and a model no tablet token knows, and "
                    + "a non-browser agent on Android is taken for a phone, which most Android devices are.");

    record Labelled(DeviceType expected, String kind, String source, String userAgent) {
    }

    static List<Labelled> labelled() throws IOException {
        List<Labelled> rows = new ArrayList<>();
        try (InputStream in = DeviceTypeLabelsTest.class.getResourceAsStream("labelled-user-agents.tsv");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t", -1);
                assertThat(columns).as(line).hasSize(4);
                rows.add(new Labelled(DeviceType.valueOf(columns[0].toUpperCase(java.util.Locale.ROOT)), columns[1],
                        columns[2], columns[3]));
            }
        }
        return rows;
    }

    @Test
    void atLeastThreeHundredRealUserAgentsCoverEveryErrorClassAndNameTheirSource() throws IOException {
        List<Labelled> rows = labelled();

        assertThat(rows).hasSizeGreaterThanOrEqualTo(300);
        assertThat(rows.stream().map(Labelled::kind).distinct()).containsAll(CLASSES);
        assertThat(rows).allSatisfy(row -> assertThat(row.source()).isNotBlank());
        assertThat(rows.stream().map(Labelled::userAgent).distinct().count()).isEqualTo(rows.size());
    }

    @Test
    void atLeastNinetyFivePercentAreRightAndEveryErrorIsKnownWithItsReason() throws IOException {
        List<Labelled> rows = labelled();
        Map<String, String> errors = new LinkedHashMap<>();
        for (Labelled row : rows) {
            DeviceType actual = ANALYZER.analyze(row.userAgent(), ClientHints.NONE).device();
            if (actual != row.expected()) {
                errors.put(row.userAgent(), row.kind() + ": expected " + row.expected().label() + ", got "
                        + actual.label());
            }
        }

        Set<String> unexplained = new TreeSet<>(errors.keySet());
        unexplained.removeAll(KNOWN_ERRORS.keySet());
        Set<String> fixed = new TreeSet<>(KNOWN_ERRORS.keySet());
        fixed.removeAll(errors.keySet());
        assertThat(unexplained).as("errors without a reason: %s", errors).isEmpty();
        assertThat(fixed).as("listed errors that are right now").isEmpty();
        assertThat(1.0 - (double) errors.size() / rows.size()).isGreaterThanOrEqualTo(0.95);
    }
}
