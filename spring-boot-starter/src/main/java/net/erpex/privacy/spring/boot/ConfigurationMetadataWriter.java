package net.erpex.privacy.spring.boot;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import net.erpex.privacy.config.PrivacyParam;

/**
 * Writes {@code META-INF/spring-configuration-metadata.json} from {@link PrivacyParam} at build time (the build runs
 * {@link #main}), so that IDEs complete every {@code erpex.privacy.*} property with its default and meaning, and the
 * file cannot fall behind the params.
 */
public final class ConfigurationMetadataWriter {

    private ConfigurationMetadataWriter() {
    }

    /** @param args the file to write */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ConfigurationMetadataWriter <spring-configuration-metadata.json>");
        }
        Path file = Path.of(args[0]);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out);
        }
    }

    static void write(OutputStream out) throws IOException {
        try (JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeArrayFieldStart("groups");
            json.writeStartObject();
            json.writeStringField("name", PropertyNames.PREFIX);
            json.writeStringField("description", "The ERPEX privacy filter: each erpex.privacy.<name> is the filter's"
                    + " init-param <name>, with the same validation.");
            json.writeEndObject();
            json.writeEndArray();
            json.writeArrayFieldStart("properties");
            json.writeStartObject();
            json.writeStringField("name", PropertyNames.ENABLED);
            json.writeStringField("type", "java.lang.Boolean");
            json.writeStringField("description", "Whether the privacy filter is registered.");
            json.writeBooleanField("defaultValue", true);
            json.writeEndObject();
            for (PrivacyParam param : PrivacyParam.values()) {
                json.writeStartObject();
                json.writeStringField("name", PropertyNames.of(param));
                json.writeStringField("type", "java.lang.String");
                json.writeStringField("description", param.meaning() + " Format: " + param.format() + ".");
                json.writeStringField("defaultValue", param.defaultValue());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }
}
