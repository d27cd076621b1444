package net.erpex.privacy.protect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The form protection's two scripts as the endpoints serve them. */
class ProtectAssetTest {

    @Test
    void areServedUnderTheirFileNamesAsJavaScript() {
        assertThat(ProtectAsset.SCRIPT.subPath()).isEqualTo("/protect.js");
        assertThat(ProtectAsset.WORKER.subPath()).isEqualTo("/protect-worker.js");
        assertThat(ProtectAsset.SCRIPT.asset().subPath()).isEqualTo("/protect.js");
        assertThat(ProtectAsset.WORKER.asset().subPath()).isEqualTo("/protect-worker.js");
    }

    @Test
    void carryTheirContentAndAVersionThatDiffersBetweenThem() {
        assertThat(new String(ProtectAsset.WORKER.bytes(), StandardCharsets.UTF_8)).contains("SHA-256", "postMessage");
        assertThat(ProtectAsset.SCRIPT.bytes()).isNotEmpty();
        assertThat(ProtectAsset.SCRIPT.version()).isNotBlank().isNotEqualTo(ProtectAsset.WORKER.version());
        assertThat(ProtectAsset.SCRIPT.version()).isEqualTo(ProtectAsset.SCRIPT.asset().version());
    }
}
