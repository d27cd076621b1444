package net.erpex.privacy.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecordsTest {

    @Test
    void browserTurnsNullsIntoEmptyAndOther() {
        assertThat(new Browser(null, null, null, null, null)).isEqualTo(Browser.UNKNOWN);
    }

    @Test
    void clientHintsNormaliseNullAndCapLength() {
        ClientHints hints = new ClientHints(null, "x".repeat(10_000), " ?1\r\n");

        assertThat(hints.secChUa()).isEmpty();
        assertThat(hints.secChUaMobile()).hasSize(ClientHints.MAX_LENGTH);
        assertThat(hints.secChUaPlatform()).isEqualTo("?1");
        assertThat(new ClientHints(null, null, null)).isEqualTo(ClientHints.NONE);
        assertThat(ClientHints.NONE.isEmpty()).isTrue();
    }

    @Test
    void deviceTypeLabelsAreLowerCase() {
        assertThat(DeviceType.DESKTOP.label()).isEqualTo("desktop");
        assertThat(DeviceType.MOBILE.label()).isEqualTo("mobile");
        assertThat(DeviceType.TABLET.label()).isEqualTo("tablet");
        assertThat(DeviceType.TV.label()).isEqualTo("tv");
        assertThat(DeviceType.BOT.label()).isEqualTo("bot");
        assertThat(DeviceType.OTHER.label()).isEqualTo("other");
    }
}
