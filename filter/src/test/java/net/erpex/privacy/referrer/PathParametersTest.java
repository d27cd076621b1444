package net.erpex.privacy.referrer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathParametersTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            none                      | /a/b/c                          | /a/b/c
            session id                | /visits;jsessionid=node0SECRET  | /visits
            middle segment            | /a;jsessionid=X/b               | /a/b
            every segment             | /a;x=1/b;y=2/c;z                | /a/b/c
            several in one segment    | /a;x=1;y=2/b                    | /a/b
            leading                   | ;jsessionid=X/a                 | /a
            only a semicolon          | /a;                             | /a
            encoded semicolon stays   | /a%3Bjsessionid=X               | /a%3Bjsessionid=X
            """)
    void stripsEveryParameterUpToTheNextSlash(String name, String path, String stripped) {
        assertThat(PathParameters.strip(path)).isEqualTo(stripped);
    }

    @Test
    void turnsNullIntoEmpty() {
        assertThat(PathParameters.strip(null)).isEmpty();
    }

    @Test
    void agreesWithTheRuleOnRandomPaths() {
        Random random = new Random(3986);
        String alphabet = "ab/;=%3B";
        for (int run = 0; run < 10_000; run++) {
            StringBuilder path = new StringBuilder();
            for (int i = random.nextInt(24); i > 0; i--) {
                path.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String p = path.toString();
            assertThat(PathParameters.strip(p)).as(p).isEqualTo(p.replaceAll(";[^/]*", "")).doesNotContain(";");
        }
    }
}
