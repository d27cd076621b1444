package net.erpex.privacy.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactionTest {

    @Nested
    class Urls {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                no secret                 | jdbc:postgresql://db:5432/visits?user=app&ssl=true   | jdbc:postgresql://db:5432/visits?user=app&ssl=true
                password                  | jdbc:postgresql://db/v?user=app&password=pw1         | jdbc:postgresql://db/v?user=app&password=***
                sslpassword               | jdbc:postgresql://db/v?sslpassword=pw2&ssl=true      | jdbc:postgresql://db/v?sslpassword=***&ssl=true
                any case                  | jdbc:postgresql://db/v?SSLPassword=pw3               | jdbc:postgresql://db/v?SSLPassword=***
                key and token names       | https://h/p?apiKey=k1&access_token=t1&q=1            | https://h/p?apiKey=***&access_token=***&q=1
                secret                    | https://h/p?client_secret=s1                         | https://h/p?client_secret=***
                semicolon properties      | jdbc:postgresql://db/v;password=pw4;user=u           | jdbc:postgresql://db/v;password=***;user=u
                user info password        | jdbc:postgresql://app:pw5@db/v                       | jdbc:postgresql://app:***@db/v
                user info without one     | jdbc:postgresql://app@db/v                           | jdbc:postgresql://app@db/v
                fragment kept             | https://h/p?token=t2#frag                            | https://h/p?token=***#frag
                empty value               | https://h/p?password=&a=b                            | https://h/p?password=***&a=b
                not a url                 | jsonl                                                | jsonl
                """)
        void masksThePasswordAndEverySecretNamedParameter(String name, String url, String shown) {
            assertThat(Redaction.url(url)).isEqualTo(shown);
        }

        @Test
        void listsTheSecretValuesItMasksRawAndDecoded() {
            assertThat(Redaction.urlSecrets("jdbc:postgresql://u:p%40ss@db/v?sslpassword=a%2Bb&user=u&sslkey=/k"))
                    .containsExactlyInAnyOrder("a%2Bb", "a+b", "/k", "p%40ss", "p@ss");
        }

        @Test
        void neverShowsASecretValueOfARandomUrl() {
            Random random = new Random(42);
            String alphabet = "ab:/@?&;=#%";
            for (int run = 0; run < 5000; run++) {
                StringBuilder url = new StringBuilder("jdbc:postgresql://");
                for (int i = random.nextInt(30); i > 0; i--) {
                    url.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                url.append(random.nextBoolean() ? "?password=" : "&token=").append("SECRETVALUE");
                assertThat(Redaction.url(url.toString())).as(url.toString()).doesNotContain("SECRETVALUE");
            }
        }
    }

    @Nested
    class FreeText {

        @Test
        void replacesEveryKnownSecretLongestFirst() {
            assertThat(Redaction.scrub("auth pw=hunter2hunter2 and hunter2", List.of("hunter2", "hunter2hunter2")))
                    .isEqualTo("auth pw=*** and ***");
        }

        @Test
        void ignoresSecretsTooShortToScrubWithoutMaskingOrdinaryWords() {
            assertThat(Redaction.scrub("the cat", List.of("t", "", "cat"))).isEqualTo("the cat");
        }

        @Test
        void copiesAnExceptionChainWithScrubbedMessagesAndNoReferenceToTheOriginals() {
            IllegalStateException root = new IllegalStateException("bad password Pw-123456");
            SQLException top = new SQLException("connect to db?sslpassword=Ssl-99999 failed", "08001", root);

            RuntimeException copy = Redaction.copy(top, List.of("Pw-123456", "Ssl-99999"));

            StringWriter printed = new StringWriter();
            copy.printStackTrace(new PrintWriter(printed));
            assertThat(printed.toString()).contains("java.sql.SQLException: connect to db?sslpassword=*** failed")
                    .contains("java.lang.IllegalStateException: bad password ***")
                    .doesNotContain("Pw-123456", "Ssl-99999");
            assertThat(copy.getCause()).isNotSameAs(root);
            assertThat(copy.getStackTrace()).isEqualTo(top.getStackTrace());
        }

        @Test
        void survivesACyclicCauseChain() {
            RuntimeException a = new RuntimeException("a secret-abcd");
            RuntimeException b = new RuntimeException("b", a);
            a.initCause(b);

            RuntimeException copy = Redaction.copy(b, List.of("secret-abcd"));

            assertThat(copy.getCause().getMessage()).isEqualTo("a ***");
        }
    }
}
