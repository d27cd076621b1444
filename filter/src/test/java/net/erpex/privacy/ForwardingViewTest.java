package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForwardingViewTest {

    @Nested
    class Names {

        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource({"X-Forwarded-For, FORWARDED_FOR", "x-forwarded-for, FORWARDED_FOR", "Forwarded, HIDDEN",
                "FORWARDED, HIDDEN", "X-Forwarded-Proto, HIDDEN", "X-Forwarded-Host, OTHER", "Cookie, OTHER",
                "X-Forwarded-Fo, OTHER"})
        void classifiesHeaderNamesWhateverTheirCase(String name, ForwardingView.Kind kind) {
            assertThat(ForwardingView.kind(name)).isEqualTo(kind);
        }

        @Test
        void treatsNullAsAnOrdinaryName() {
            assertThat(ForwardingView.kind(null)).isEqualTo(ForwardingView.Kind.OTHER);
        }
    }

    @Nested
    class Unconsumed {

        @ParameterizedTest(name = "{0} minus {1} -> {2}")
        @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
                203.0.113.66, 192.0.2.1                 | 1 | 203.0.113.66
                203.0.113.66, 192.0.2.1                 | 2 | -
                203.0.113.66,192.0.2.1 ,198.51.100.7    | 2 | 203.0.113.66
                ' , 203.0.113.66,, 192.0.2.1'           | 1 | 203.0.113.66
                203.0.113.66                            | 0 | 203.0.113.66
                """)
        void dropsTheConsumedHopsFromTheRight(String line, int consumed, String expected) {
            List<String> kept = ForwardingView.unconsumed(List.of(line), consumed);

            assertThat(kept).isEqualTo(expected == null ? List.of() : List.of(expected));
        }

        @Test
        void dropsWholeLinesFromTheLastOneAndCutsTheLineWhereTheClientIs() {
            List<String> lines = List.of("203.0.113.66, 192.0.2.1", "198.51.100.7", "198.51.100.8");

            assertThat(ForwardingView.unconsumed(lines, 3)).containsExactly("203.0.113.66");
            assertThat(ForwardingView.unconsumed(lines, 2)).containsExactly("203.0.113.66, 192.0.2.1");
        }

        @Test
        void keepsLinesUntouchedWhenNothingWasConsumed() {
            List<String> lines = Arrays.asList(" odd ,, spacing ", null);

            assertThat(ForwardingView.unconsumed(lines, 0)).isSameAs(lines);
        }

        @Test
        void neverThrowsAndNeverKeepsMoreHopsThanThereWere() {
            Random random = new Random(7239);
            String alphabet = "0123456789., :abcdef";
            for (int run = 0; run < 5000; run++) {
                List<String> lines = new ArrayList<>();
                int count = random.nextInt(4);
                for (int i = 0; i < count; i++) {
                    StringBuilder line = new StringBuilder();
                    for (int c = random.nextInt(30); c > 0; c--) {
                        line.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                    lines.add(random.nextInt(10) == 0 ? null : line.toString());
                }
                int consumed = random.nextInt(6);
                List<String> kept = ForwardingView.unconsumed(lines, consumed);
                assertThat(hops(kept)).isEqualTo(Math.max(0, hops(lines) - consumed));
            }
        }

        private static int hops(List<String> lines) {
            int n = 0;
            for (String line : lines) {
                if (line != null) {
                    n += (int) Arrays.stream(line.split(",", -1)).filter(h -> !h.isBlank()).count();
                }
            }
            return n;
        }
    }
}
