package net.erpex.privacy.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.ComplianceViolation;
import org.eclipse.jetty.http.CookieCompliance;
import org.eclipse.jetty.http.CookieParser;

/**
 * The {@code Cookie} header is written by the client: whatever it holds, the scanner gives pairs within the line, a
 * non-empty name without {@code ;} or {@code =}, a value without {@code ;}, and every cookie Jetty's own parser
 * (the container the filter is tested in, with its default RFC 6265 compliance) reads with a name and value made of
 * the characters the filter's cookies use, with the same name and value. A regression run over the committed inputs
 * in every build; {@code JAZZER_FUZZ=1} fuzzes.
 */
class CookieScannerFuzzTest {

    @FuzzTest
    void anyHeaderGivesInBoundPairsAndEveryCookieTheContainerReads(FuzzedDataProvider data) {
        String line = data.consumeRemainingAsString();

        List<String> ours = new ArrayList<>();
        CookieScanner.scan(line, (l, nameStart, nameEnd, valueStart, valueEnd) -> {
            assertThat(l).isSameAs(line);
            assertThat(nameStart).isGreaterThanOrEqualTo(0).isLessThan(nameEnd);
            assertThat(valueStart).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(valueEnd);
            assertThat(valueEnd).isLessThanOrEqualTo(line.length());
            String name = line.substring(nameStart, nameEnd);
            String value = line.substring(valueStart, valueEnd);
            assertThat(name).doesNotContain(";", "=");
            assertThat(value).doesNotContain(";");
            assertThat(CookieScanner.is(name, line, nameStart, nameEnd)).isTrue();
            ours.add(name + "=" + value);
        });

        List<String> jetty = new ArrayList<>();
        try {
            CookieParser.newParser((name, value, version, domain, path, comment) -> {
                if (plain(name) && plain(value)) {
                    jetty.add(name + "=" + value);
                }
            }, CookieCompliance.RFC6265, ComplianceViolation.Listener.NOOP).parseField(line);
        } catch (CookieParser.InvalidCookieException e) {
            return; // Jetty refuses the whole header: the application sees no cookie, the filter may see some
        }
        assertThat(ours).as("pairs of %s", line).containsAll(jetty);
    }

    /** The characters of the filter's cookie names and values: base64url, dots, tildes and tags. */
    private static boolean plain(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~')) {
                return false;
            }
        }
        return true;
    }
}
