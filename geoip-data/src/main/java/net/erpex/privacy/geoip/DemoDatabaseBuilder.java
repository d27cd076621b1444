package net.erpex.privacy.geoip;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Build tool that turns a readable JSON source file into a MaxMind DB; the Maven build runs it in
 * {@code process-classes} to produce {@link DemoDatabase}.
 *
 * <p>The source is an object with {@code database_type}, {@code build_epoch} (seconds),
 * {@code languages}, {@code description} (language to text), {@code networks} (an array of
 * single-entry objects, CIDR to record, as in MaxMind's {@code source-data/*.json}) and an optional
 * {@code _comment} that is not copied. Integral JSON numbers become Integer, Long or BigInteger
 * values by size and other numbers become Double (see {@link MaxMindDbWriter#insert}). If the
 * environment variable {@code SOURCE_DATE_EPOCH} is set, it replaces {@code build_epoch}, as the
 * reproducible-builds convention asks.
 */
public final class DemoDatabaseBuilder {

    static final String SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH";
    private static final Set<String> KEYS =
            Set.of("_comment", "database_type", "build_epoch", "languages", "description", "networks");
    private static final JsonMapper MAPPER =
            JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private DemoDatabaseBuilder() {
    }

    /**
     * Reads {@code args[0]}, the JSON source, and writes the database to {@code args[1]}.
     *
     * @throws IllegalArgumentException if there are not two arguments or the source is invalid
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("arguments " + Arrays.toString(args)
                    + " are not accepted; expected <source.json> <output.mmdb>");
        }
        build(Path.of(args[0]), Path.of(args[1]), System.getenv());
    }

    static void build(Path source, Path output, Map<String, String> environment) throws IOException {
        MaxMindDbWriter writer;
        try {
            writer = read(MAPPER.readTree(source.toFile()), environment);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        writer.write(output);
    }

    static MaxMindDbWriter read(JsonNode root, Map<String, String> environment) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the source must be a JSON object with the keys " + KEYS);
        }
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (!KEYS.contains(field.getKey())) {
                throw new IllegalArgumentException("unknown key '" + field.getKey() + "'; accepted: " + KEYS);
            }
        }
        MaxMindDbWriter.Builder builder =
                MaxMindDbWriter.builder(required(root, "database_type").asText(), buildTime(root, environment));
        List<String> languages = new ArrayList<>();
        required(root, "languages").forEach(language -> languages.add(language.asText()));
        builder.languages(languages);
        for (Map.Entry<String, JsonNode> entry : required(root, "description").properties()) {
            builder.description(entry.getKey(), entry.getValue().asText());
        }
        MaxMindDbWriter writer = builder.build();
        for (JsonNode entry : required(root, "networks")) {
            if (!entry.isObject() || entry.size() != 1) {
                throw new IllegalArgumentException("network entry " + entry + " must be an object with one key,"
                        + " the CIDR, whose value is the record");
            }
            Map.Entry<String, JsonNode> network = entry.properties().iterator().next();
            if (!network.getValue().isObject()) {
                throw new IllegalArgumentException("the record of " + network.getKey() + " must be a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> record = (Map<String, Object>) toJava(network.getValue());
            writer.insert(network.getKey(), record);
        }
        return writer;
    }

    private static Instant buildTime(JsonNode root, Map<String, String> environment) {
        String override = environment.get(SOURCE_DATE_EPOCH);
        if (override != null) {
            try {
                return Instant.ofEpochSecond(Long.parseLong(override.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(SOURCE_DATE_EPOCH + " '" + override
                        + "' is not accepted; expected whole seconds since 1970-01-01T00:00:00Z", e);
            }
        }
        JsonNode epoch = required(root, "build_epoch");
        if (!epoch.canConvertToLong() || !epoch.isIntegralNumber()) {
            throw new IllegalArgumentException("build_epoch " + epoch + " is not accepted; expected whole seconds"
                    + " since 1970-01-01T00:00:00Z");
        }
        return Instant.ofEpochSecond(epoch.longValue());
    }

    private static JsonNode required(JsonNode root, String key) {
        JsonNode value = root.get(key);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("required key '" + key + "' is missing");
        }
        return value;
    }

    // Values the writer rejects (null) are passed through so that its message names the field.
    private static Object toJava(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                map.put(field.getKey(), toJava(field.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(toJava(element)));
            return list;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isInt()) {
            return node.intValue();
        }
        if (node.isLong()) {
            return node.longValue();
        }
        if (node.isBigInteger()) {
            return node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return null;
    }
}
