package net.erpex.privacy.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's init-param tables are what a web team configures from: they must match the code exactly. */
class ReadmeParamTableTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z]+\\.[a-z0-9.-]+)` \\| (`[^`]*`|\\(empty\\)) \\|");

    @Test
    void hasOneRowPerParamWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        List<String> rows = new ArrayList<>();
        for (String line : readme.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                rows.add(m.group(1) + " = " + m.group(2));
            }
        }
        List<String> expected = new ArrayList<>();
        for (PrivacyParam p : PrivacyParam.values()) {
            expected.add(p.paramName() + " = " + (p.defaultValue().isEmpty() ? "(empty)" : "`" + p.defaultValue() + "`"));
        }
        assertThat(rows).containsExactlyElementsOf(expected);
    }
}
