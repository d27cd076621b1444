package net.erpex.privacy.agent.uap;

import java.io.IOException;
import java.io.InputStream;

/** The {@code regexes.yaml} bundled in uap-java's jar, which its own {@link ua_parser.Parser} uses. */
final class UapJavaRules {

    static final String RESOURCE = "ua_parser/regexes.yaml";

    private UapJavaRules() {
    }

    static UapEngine engine() throws IOException {
        try (InputStream in = UapJavaRules.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            return UapEngine.load(in, "classpath:" + RESOURCE);
        }
    }
}
