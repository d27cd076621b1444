package net.erpex.privacy.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.api.Test;

/**
 * A script or stylesheet served from the filter's jar, built in the test (PIT credits no test with what an enum's
 * class initializer covers, and the assets the filter serves are enum constants).
 */
class ClasspathAssetTest {

    @Test
    void readsTheResourceAndNamesItsVersionByItsContent() {
        ClasspathAsset script = new ClasspathAsset("net/erpex/privacy/consent/banner.js", "text/javascript");
        ClasspathAsset style = new ClasspathAsset("net/erpex/privacy/consent/banner.css", "text/css");

        assertThat(script.bytes()).isNotEmpty().hasSize(script.length());
        assertThat(script.subPath()).isEqualTo("/banner.js");
        assertThat(script.version()).matches("[A-Za-z0-9_-]{12}").isNotEqualTo(style.version());
        assertThat(new ClasspathAsset("net/erpex/privacy/consent/banner.js", "text/plain").version())
                .isEqualTo(script.version());
    }

    @Test
    void aMissingResourceIsABrokenJarSaidAtOnce() {
        assertThatIllegalStateException()
                .isThrownBy(() -> new ClasspathAsset("net/erpex/privacy/consent/missing.js", "text/javascript"))
                .withMessageContaining("missing.js is missing from the classpath");
    }
}
