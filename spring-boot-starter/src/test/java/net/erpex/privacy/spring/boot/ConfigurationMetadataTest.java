package net.erpex.privacy.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import net.erpex.privacy.config.PrivacyParam;
import org.junit.jupiter.api.Test;

/** The metadata the jar carries (written by the build from PrivacyParam) documents every property. */
class ConfigurationMetadataTest {

    private static Map<String, JsonNode> properties() throws Exception {
        try (InputStream in = ConfigurationMetadataTest.class.getResourceAsStream(
                "/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("META-INF/spring-configuration-metadata.json in the build output").isNotNull();
            Map<String, JsonNode> byName = new HashMap<>();
            for (JsonNode p : new ObjectMapper().readTree(in).get("properties")) {
                byName.put(p.get("name").asText(), p);
            }
            return byName;
        }
    }

    @Test
    void describesEveryParamWithItsDefaultAndMeaning() throws Exception {
        Map<String, JsonNode> properties = properties();
        for (PrivacyParam param : PrivacyParam.values()) {
            JsonNode p = properties.get("erpex.privacy." + param.paramName());
            assertThat(p).as(param.paramName()).isNotNull();
            assertThat(p.get("defaultValue").asText()).isEqualTo(param.defaultValue());
            assertThat(p.get("description").asText()).contains(param.meaning(), param.format());
        }
        assertThat(properties).hasSize(PrivacyParam.values().length + 1);
    }

    @Test
    void describesTheSwitch() throws Exception {
        JsonNode enabled = properties().get("erpex.privacy.enabled");
        assertThat(enabled.get("type").asText()).isEqualTo("java.lang.Boolean");
        assertThat(enabled.get("defaultValue").asBoolean()).isTrue();
    }
}
