package net.erpex.privacy.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The bounds of client address resolution: header length to the character, hop counts, odd peer addresses. */
class ResolverLimitsTest {

    private static final CidrSet TRUSTED = CidrSet.parse("127.0.0.1, ::1, fe80::/10");

    private static ClientAddressResolver resolver(int maxHeaderChars) {
        return new ClientAddressResolver(TRUSTED, ForwardingHeaders.X_FORWARDED_FOR, 32, maxHeaderChars);
    }

    @Test
    void readsAHeaderOfExactlyTheLimitAndNotOneCharacterMore() {
        ClientAddress read = resolver(9).resolve("127.0.0.1", false, List.of("192.0.2.7"), null, null);
        assertThat(read.ip()).isEqualTo("192.0.2.7");
        assertThat(read.malformed()).isFalse();
        ClientAddress cut = resolver(8).resolve("127.0.0.1", false, List.of("192.0.2.7"), null, null);
        assertThat(cut.ip()).isEqualTo("127.0.0.1");
        assertThat(cut.malformed()).isTrue();
    }

    @Test
    void countsTheLinesOfAHeaderAsOneCommaJoinedValue() {
        List<String> lines = List.of("198.51.100.9", "192.0.2.7");
        assertThat(resolver(22).resolve("127.0.0.1", false, lines, null, null).ip()).isEqualTo("192.0.2.7");
        assertThat(resolver(21).resolve("127.0.0.1", false, lines, null, null).malformed()).isTrue();
    }

    @Test
    void treatsAbsentAndBlankHeadersAsNone() {
        ClientAddress none = resolver(100).resolve("127.0.0.1", true, null, null, null);
        assertThat(none.ip()).isEqualTo("127.0.0.1");
        assertThat(none.forwarded()).isFalse();
        assertThat(none.secure()).isTrue();
        ClientAddress blank = resolver(100).resolve("127.0.0.1", false, List.of(" ", ""), null, List.of(" "));
        assertThat(blank.ip()).isEqualTo("127.0.0.1");
        assertThat(blank.malformed()).isFalse();
    }

    @Test
    void dropsTheZoneOfALinkLocalPeer() {
        assertThat(resolver(100).resolve("fe80::1%eth0", false, List.of("192.0.2.7"), null, null).ip())
                .isEqualTo("192.0.2.7");
        assertThat(resolver(100).resolve("[fe80::1%eth0]", false, null, null, null).ip()).isEqualTo("fe80::1");
        assertThat(resolver(100).resolve("::1%lo", false, List.of("192.0.2.8"), null, null).ip())
                .isEqualTo("192.0.2.8");
    }

    @Test
    void acceptsTheSmallestLimitsAndRefusesZero() {
        ClientAddressResolver one = new ClientAddressResolver(TRUSTED, ForwardingHeaders.FORWARDED, 1, 1);
        assertThat(one.resolve("127.0.0.1", false, null, List.of("x"), null).ip()).isEqualTo("127.0.0.1");
        assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddressResolver(TRUSTED,
                ForwardingHeaders.FORWARDED, 0, 10)).withMessage("maxHops is 0; expected a whole number of at least 1");
        assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddressResolver(TRUSTED,
                ForwardingHeaders.FORWARDED, 10, 0))
                .withMessage("maxHeaderChars is 0; expected a whole number of at least 1");
    }
}
