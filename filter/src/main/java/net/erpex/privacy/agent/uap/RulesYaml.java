package net.erpex.privacy.agent.uap;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads uap-core's {@code regexes.yaml} into {@link RuleSpec}s, checking its shape and nothing else: patterns are
 * compiled later.
 *
 * <p>The file is configuration, not request input, but it may come from a package or a path an operator typed, so
 * it is read with SnakeYAML's safe constructor (plain maps, lists and scalars; no Java types), with the alias and
 * size limits set, and every shape error names the entry: {@code device_parsers[12] has no regex}. Keys this reader
 * does not know (comments in the data, future additions) are ignored; a {@code regex_flag} other than {@code 'i'}
 * is an error because its meaning would be guessed.
 */
final class RulesYaml {

    // uap-core's file is about 200 KB; ten times the largest seen leaves room for growth and stops a runaway file.
    private static final int MAX_CODE_POINTS = 8 * 1024 * 1024;

    private RulesYaml() {
    }

    /**
     * Reads the three sections.
     *
     * @param in     the YAML text, UTF-8; not closed
     * @param source how messages name the file
     * @throws IOException when it is not YAML or not shaped like uap-core's file; the message says where
     */
    static Map<Section, List<RuleSpec>> read(InputStream in, String source) throws IOException {
        Object document;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(MAX_CODE_POINTS);
            options.setMaxAliasesForCollections(16);
            options.setAllowRecursiveKeys(false);
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
            document = new Yaml(new SafeConstructor(options)).load(reader);
        } catch (YAMLException e) {
            throw new IOException(source + " is not valid YAML: " + firstLine(e.getMessage()), e);
        }
        if (!(document instanceof Map<?, ?> top)) {
            throw new IOException(source + " is not a uap-core regexes file: expected a mapping with "
                    + "user_agent_parsers, os_parsers and device_parsers");
        }
        Map<Section, List<RuleSpec>> sections = new EnumMap<>(Section.class);
        for (Section section : Section.values()) {
            Object list = top.get(section.key());
            if (!(list instanceof List<?> entries)) {
                throw new IOException(source + " is not a uap-core regexes file: "
                        + (list == null ? "no " + section.key() + " list" : section.key() + " is not a list"));
            }
            List<RuleSpec> specs = new ArrayList<>(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                specs.add(entry(source, section, i, entries.get(i)));
            }
            sections.put(section, List.copyOf(specs));
        }
        return sections;
    }

    private static RuleSpec entry(String source, Section section, int index, Object value) throws IOException {
        String name = section.key() + "[" + index + "]";
        if (!(value instanceof Map<?, ?> map)) {
            throw new IOException(source + ": " + name + " is not a mapping");
        }
        Object regex = map.get("regex");
        if (!(regex instanceof String pattern) || pattern.isEmpty()) {
            throw new IOException(source + ": " + name + " has no regex");
        }
        Object flag = map.get("regex_flag");
        if (flag != null && !"i".equals(flag)) {
            throw new IOException(source + ": " + name + " has regex_flag '" + flag + "': only 'i' is defined");
        }
        Map<String, String> replacements = new LinkedHashMap<>();
        for (String key : section.replacementKeys()) {
            Object text = map.get(key);
            if (text instanceof String || text instanceof Number || text instanceof Boolean) {
                // An unquoted number (v1_replacement: 2) is meant as text; YAML reads it as a number.
                replacements.put(key, String.valueOf(text));
            } else if (text != null) {
                throw new IOException(source + ": " + name + " has a " + key + " that is not a string");
            }
        }
        return new RuleSpec(section, index, pattern, flag != null, replacements);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
