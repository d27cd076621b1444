package net.erpex.privacy.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SessionTokenTest {

    private static final byte[] ID = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Instant T = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void isEqualByIdContentAndTimes() {
        SessionToken token = new SessionToken(ID, T, T.plusSeconds(1));
        SessionToken same = new SessionToken(ID.clone(), T, T.plusSeconds(1));
        assertThat(token).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(token).isNotEqualTo(new SessionToken("fedcba9876543210".getBytes(StandardCharsets.US_ASCII), T,
                T.plusSeconds(1)));
        assertThat(token).isNotEqualTo(new SessionToken(ID, T.minusSeconds(1), T.plusSeconds(1)));
        assertThat(token).isNotEqualTo(new SessionToken(ID, T, T.plusSeconds(2)));
        assertThat(token).isNotEqualTo("a string");
        assertThat(token.hashCode()).isNotEqualTo(new SessionToken(ID, T, T.plusSeconds(2)).hashCode());
    }

    @Test
    void cannotBeChangedThroughItsIdArray() {
        byte[] id = ID.clone();
        SessionToken token = new SessionToken(id, T, T);
        id[0] = 'X';
        token.id()[1] = 'Y';
        assertThat(token.id()).isEqualTo(ID);
    }

    @Test
    void hasSixteenBytesOfId() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SessionToken(new byte[15], T, T))
                .withMessage("a session id has 16 bytes, not 15");
    }

    @Test
    void isConfirmedAtANewTimeWithoutChangingItsStart() {
        SessionToken seen = new SessionToken(ID, T, T).seenAt(T.plusSeconds(90));
        assertThat(seen.created()).isEqualTo(T);
        assertThat(seen.lastSeen()).isEqualTo(T.plusSeconds(90));
        assertThat(seen.id()).isEqualTo(ID);
    }

    @Test
    void hashesItsIdToATruncatedSha256ThatIsStableAndNotTheId() {
        SessionToken token = new SessionToken(ID, T, T);
        // SHA-256("0123456789abcdef"), first 16 bytes, base64url.
        assertThat(token.hash()).isEqualTo("n59REfeyengfHx3d5evC3Q").isEqualTo(new SessionToken(ID, T.plusSeconds(5),
                T.plusSeconds(9)).hash());
    }

    @Test
    void neverPrintsItsIdButItsHashAndTimes() {
        SessionToken token = new SessionToken(ID, T, T.plusSeconds(1));
        assertThat(token.toString()).isEqualTo("SessionToken[hash=" + token.hash() + ", created=" + T + ", lastSeen="
                + T.plusSeconds(1) + "]")
                .doesNotContain(new String(ID, StandardCharsets.US_ASCII))
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(ID))
                .doesNotContain(HexFormat.of().formatHex(ID));
    }
}
