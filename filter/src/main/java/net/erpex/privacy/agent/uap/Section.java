package net.erpex.privacy.agent.uap;

import java.util.List;

/** The three lists of {@code regexes.yaml}, with the replacement keys each one defines. */
enum Section {
    USER_AGENT("user_agent_parsers",
            List.of("family_replacement", "v1_replacement", "v2_replacement", "v3_replacement", "v4_replacement")),
    OS("os_parsers",
            List.of("os_replacement", "os_v1_replacement", "os_v2_replacement", "os_v3_replacement",
                    "os_v4_replacement")),
    DEVICE("device_parsers", List.of("device_replacement", "brand_replacement", "model_replacement"));

    private final String key;
    private final List<String> replacementKeys;

    Section(String key, List<String> replacementKeys) {
        this.key = key;
        this.replacementKeys = replacementKeys;
    }

    /** The top-level key in {@code regexes.yaml}. */
    String key() {
        return key;
    }

    /** The replacement keys, in the order of the fields they fill. */
    List<String> replacementKeys() {
        return replacementKeys;
    }
}
