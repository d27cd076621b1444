package net.erpex.privacy.agent.uap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.erpex.privacy.testing.RequiredService;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * uap-core's test suites as Debian's {@code uap-core} package installs them, and the fields each compares: the
 * same files and fields as uap-core's own runner ({@code tests/test.js}).
 */
final class UapSuites {

    static final Path DIR = RequiredService.UapCore.DIR;
    static final Path RULES = DIR.resolve("regexes.yaml");

    /** Which parser a suite checks, and the fields it compares (as named in the suite files). */
    enum Kind {
        AGENT(List.of("family", "major", "minor", "patch")),
        OS(List.of("family", "major", "minor", "patch", "patch_minor")),
        DEVICE(List.of("family", "brand", "model"));

        final List<String> fields;

        Kind(List<String> fields) {
            this.fields = fields;
        }
    }

    /** One suite file. */
    record Suite(String file, Kind kind) {
        Path path() {
            return DIR.resolve(file);
        }
    }

    /** One case: the string and the expected value of each field ({@code ""} for absent). */
    record Case(String userAgent, Map<String, String> expected) {
    }

    /** Every suite uap-core's runner checks. pgts_browser_list-orig.yaml is the source of pgts_browser_list.yaml
     * with the original site's fields (v1, v2, v3), not uap's expected results, and is not a suite. */
    static final List<Suite> ALL = List.of(
            new Suite("tests/test_ua.yaml", Kind.AGENT),
            new Suite("test_resources/firefox_user_agent_strings.yaml", Kind.AGENT),
            new Suite("test_resources/pgts_browser_list.yaml", Kind.AGENT),
            new Suite("test_resources/opera_mini_user_agent_strings.yaml", Kind.AGENT),
            new Suite("test_resources/podcasting_user_agent_strings.yaml", Kind.AGENT),
            new Suite("tests/test_os.yaml", Kind.OS),
            new Suite("test_resources/additional_os_tests.yaml", Kind.OS),
            new Suite("tests/test_device.yaml", Kind.DEVICE));

    private UapSuites() {
    }

    static List<Case> cases(Suite suite) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024);
        Object document;
        try (InputStream in = Files.newInputStream(suite.path())) {
            document = new Yaml(new SafeConstructor(options)).load(in);
        }
        List<Case> cases = new ArrayList<>();
        for (Object item : (List<?>) ((Map<?, ?>) document).get("test_cases")) {
            Map<?, ?> map = (Map<?, ?>) item;
            Map<String, String> expected = new LinkedHashMap<>();
            for (String field : suite.kind().fields) {
                Object value = map.get(field);
                expected.put(field, value == null ? "" : String.valueOf(value));
            }
            cases.add(new Case(String.valueOf(map.get("user_agent_string")), expected));
        }
        return cases;
    }

    /** The distinct strings of every suite, in file order. */
    static List<String> allStrings() throws IOException {
        Set<String> strings = new LinkedHashSet<>();
        for (Suite suite : ALL) {
            cases(suite).forEach(c -> strings.add(c.userAgent()));
        }
        return List.copyOf(strings);
    }

    /** The fields of a result as a suite of {@code kind} names them. */
    static Map<String, String> actual(UapResult result, Kind kind) {
        Map<String, String> fields = new LinkedHashMap<>();
        switch (kind) {
            case AGENT -> {
                fields.put("family", result.agent().family());
                fields.put("major", result.agent().major());
                fields.put("minor", result.agent().minor());
                fields.put("patch", result.agent().patch());
            }
            case OS -> {
                fields.put("family", result.os().family());
                fields.put("major", result.os().major());
                fields.put("minor", result.os().minor());
                fields.put("patch", result.os().patch());
                fields.put("patch_minor", result.os().patchMinor());
            }
            case DEVICE -> {
                fields.put("family", result.device().family());
                fields.put("brand", result.device().brand());
                fields.put("model", result.device().model());
            }
        }
        return fields;
    }
}
