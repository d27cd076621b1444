package net.erpex.privacy.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecChUaListTest {

    @Nested
    class Grease {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"Not_A Brand", "Not?A_Brand", "Not/A)Brand", "Not A(Brand", " Not A;Brand", "Not.A/Brand"})
        void recognisesGreaseBrands(String brand) {
            assertThat(SecChUaList.isGrease(brand)).isTrue();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"Google Chrome", "Chromium", "Brave", "Notable Brand", "Microsoft Edge"})
        void keepsRealBrands(String brand) {
            assertThat(SecChUaList.isGrease(brand)).isFalse();
        }
    }

    @Nested
    class PreferredBrand {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                Chrome after GREASE and Chromium | "Chromium";v="120", "Google Chrome";v="120", "Not?A_Brand";v="99" | Chrome  | 120
                Edge                             | "Not_A Brand";v="8", "Chromium";v="120", "Microsoft Edge";v="120"  | Edge    | 120
                Brave kept as sent               | "Brave";v="120", "Chromium";v="120", "Not_A Brand";v="24"          | Brave   | 120
                Chromium alone                   | "Chromium";v="118", "Not=A?Brand";v="99"                           | Chromium| 118
                full version cut to major        | "Google Chrome";v="120.0.6099.109"                                 | Chrome  | 120
                escaped quote in a brand         | "Ex\\"ample";v="3"                                                 | Ex"ample| 3
                no version parameter             | "Opera"                                                            | Opera   | ''
                non-numeric version              | "Opera";v="abc"                                                    | Opera   | ''
                """)
        void prefersTheMostSpecificBrand(String name, String header, String family, String major) {
            assertThat(SecChUaList.preferredBrand(header)).contains(new SecChUaList.Brand(family, major));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
                null header           | NULL
                empty header          | ''
                unquoted brand        | Chromium;v=120
                unterminated string   | "Google Chrome
                trailing comma        | "Chromium";v="120",
                bad separator         | "Chromium";v="120" "Chrome";v="120"
                only GREASE           | "Not A(Brand";v="99"
                non-ASCII brand       | "Chröme";v="120"
                """)
        void ignoresMalformedLists(String name, String header) {
            assertThat(SecChUaList.preferredBrand(header)).isEmpty();
        }

        @Test
        void ignoresListsWithTooManyBrands() {
            String header = "\"B\";v=\"1\", ".repeat(40) + "\"Chromium\";v=\"120\"";

            assertThat(SecChUaList.preferredBrand(header)).isEmpty();
        }
    }

    @Nested
    class SingleString {

        @Test
        void readsAQuotedString() {
            assertThat(SecChUaList.singleString("\"Windows\"")).isEqualTo(Optional.of("Windows"));
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"Windows", "\"Windows\" extra", "\"Win", ""})
        void rejectsAnythingElse(String header) {
            assertThat(SecChUaList.singleString(header)).isEmpty();
        }
    }
}
