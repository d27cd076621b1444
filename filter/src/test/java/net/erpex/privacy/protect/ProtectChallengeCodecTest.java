package net.erpex.privacy.protect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import net.erpex.privacy.security.SigningKeys;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The signed proof-of-work challenge, without a server. */
class ProtectChallengeCodecTest {

    private static final SigningKeys KEYS = SigningKeys.parse("dGVzdC1rZXktZm9yLWVycGV4LXByaXZhY3ktZmlsdGVyLTA=");
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ChallengeCodec CODEC = new ChallengeCodec(KEYS, 10, Duration.ofMinutes(5), CLOCK);

    /** Finds the first solution, as the browser's worker does. */
    static String solve(String token, int bits) {
        for (long n = 0; ; n++) {
            if (ChallengeCodec.meets(token, Long.toString(n), bits)) {
                return Long.toString(n);
            }
        }
    }

    static String notASolution(String token, int bits) {
        for (long n = 0; ; n++) {
            if (!ChallengeCodec.meets(token, Long.toString(n), bits)) {
                return Long.toString(n);
            }
        }
    }

    @Nested
    class Issuing {

        @Test
        void carriesTheDifficultyAndAnExpiryOneTtlAhead() {
            ChallengeCodec.Challenge c = CODEC.issue("/contact");
            assertThat(c.difficulty()).isEqualTo(10);
            assertThat(c.expires()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
            assertThat(c.token()).matches("[A-Za-z0-9_-]+");
        }

        @Test
        void neverIssuesTheSameChallengeTwice() {
            assertThat(CODEC.issue("/contact").token()).isNotEqualTo(CODEC.issue("/contact").token());
        }
    }

    @Nested
    class Verifying {

        @Test
        void acceptsASolutionForItsPathAndNamesItById() {
            ChallengeCodec.Challenge c = CODEC.issue("/contact");
            ChallengeCodec.Verified v = CODEC.verify(c.token(), "/contact", solve(c.token(), 10));
            assertThat(v.check()).isEqualTo(ChallengeCodec.Check.VALID);
            assertThat(v.id()).hasSize(32);
            assertThat(v.expires()).isEqualTo(c.expires());
        }

        @Test
        void rejectsAWrongSolution() {
            ChallengeCodec.Challenge c = CODEC.issue("/contact");
            assertThat(CODEC.verify(c.token(), "/contact", notASolution(c.token(), 10)).check())
                    .isEqualTo(ChallengeCodec.Check.WRONG_SOLUTION);
        }

        @Test
        void rejectsSolutionsThatAreNotSmallDecimalNumbers() {
            ChallengeCodec.Challenge c = CODEC.issue("/contact");
            assertThat(ChallengeCodec.meets(c.token(), "-1", 0)).isFalse();
            assertThat(ChallengeCodec.meets(c.token(), "1234567890123456789", 0)).isFalse();
            assertThat(ChallengeCodec.meets(c.token(), "", 0)).isFalse();
            assertThat(ChallengeCodec.meets(c.token(), null, 0)).isFalse();
        }

        @Test
        void rejectsAChallengeForAnotherPath() {
            ChallengeCodec.Challenge c = CODEC.issue("/newsletter");
            assertThat(CODEC.verify(c.token(), "/contact", solve(c.token(), 10)).check())
                    .isEqualTo(ChallengeCodec.Check.WRONG_PATH);
        }

        @Test
        void rejectsAnExpiredChallenge() {
            ChallengeCodec.Challenge c = CODEC.issue("/contact");
            ChallengeCodec later = new ChallengeCodec(KEYS, 10, Duration.ofMinutes(5),
                    Clock.fixed(c.expires(), ZoneOffset.UTC));
            assertThat(later.verify(c.token(), "/contact", solve(c.token(), 10)).check())
                    .isEqualTo(ChallengeCodec.Check.EXPIRED);
        }

        @Test
        void rejectsAChallengeSignedWithAnotherKey() {
            ChallengeCodec other = new ChallengeCodec(SigningKeys.random(), 10, Duration.ofMinutes(5), CLOCK);
            ChallengeCodec.Challenge c = other.issue("/contact");
            assertThat(CODEC.verify(c.token(), "/contact", solve(c.token(), 10)).check())
                    .isEqualTo(ChallengeCodec.Check.FORGED);
        }

        @Test
        void rejectsAChallengeSignedWithOurKeysForLessWorkThanThisNodeAsks() {
            ChallengeCodec easier = new ChallengeCodec(KEYS, 8, Duration.ofMinutes(5), CLOCK);
            ChallengeCodec.Challenge c = easier.issue("/contact");
            assertThat(CODEC.verify(c.token(), "/contact", solve(c.token(), 10)).check())
                    .isEqualTo(ChallengeCodec.Check.TOO_EASY);
        }

        @Test
        void acceptsAChallengeForMoreWorkThanThisNodeAsks() {
            ChallengeCodec harder = new ChallengeCodec(KEYS, 12, Duration.ofMinutes(5), CLOCK);
            ChallengeCodec.Challenge c = harder.issue("/contact");
            assertThat(CODEC.verify(c.token(), "/contact", solve(c.token(), 12)).check())
                    .isEqualTo(ChallengeCodec.Check.VALID);
        }

        @Test
        void rejectsAChallengeWhoseDifficultyWasLowered() {
            ChallengeCodec.Challenge c = CODEC.issue("/contact");
            byte[] raw = Base64.getUrlDecoder().decode(c.token());
            raw[1] = 0;
            String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            assertThat(CODEC.verify(tampered, "/contact", "0").check()).isEqualTo(ChallengeCodec.Check.FORGED);
        }

        @Test
        void rejectsGarbageAsMalformed() {
            assertThat(CODEC.verify("not a token!", "/contact", "1").check())
                    .isEqualTo(ChallengeCodec.Check.MALFORMED);
            assertThat(CODEC.verify(Base64.getUrlEncoder().encodeToString("short".getBytes(StandardCharsets.UTF_8)),
                    "/contact", "1").check()).isEqualTo(ChallengeCodec.Check.MALFORMED);
            assertThat(CODEC.verify(null, "/contact", "1").check()).isEqualTo(ChallengeCodec.Check.MALFORMED);
            assertThat(CODEC.verify("A".repeat(10_000), "/contact", "1").check())
                    .isEqualTo(ChallengeCodec.Check.MALFORMED);
        }
    }

    @Test
    void acceptsSolutionsOfUpToEighteenDecimalDigits() {
        String token = CODEC.issue("/contact").token();
        assertThat(ChallengeCodec.meets(token, "123456789012345678", 0)).isTrue();
        assertThat(ChallengeCodec.meets(token, "0", 0)).isTrue();
        assertThat(ChallengeCodec.meets(token, "9", 0)).isTrue();
        assertThat(ChallengeCodec.meets(token, "/", 0)).isFalse();
        assertThat(ChallengeCodec.meets(token, ":", 0)).isFalse();
        assertThat(ChallengeCodec.meets(token, "1a", 0)).isFalse();
    }

    @Test
    void aSolutionMeetsExactlyTheDifficultiesUpToItsLeadingZeroBits() throws Exception {
        String token = CODEC.issue("/contact").token();
        for (long n = 0; n < 64; n++) {
            String solution = Long.toString(n);
            int zeros = ChallengeCodec.leadingZeroBits(java.security.MessageDigest.getInstance("SHA-256")
                    .digest((token + solution).getBytes(StandardCharsets.US_ASCII)));
            assertThat(ChallengeCodec.meets(token, solution, zeros)).isTrue();
            assertThat(ChallengeCodec.meets(token, solution, zeros + 1)).isFalse();
        }
    }

    @Test
    void countsLeadingZeroBits() {
        assertThat(ChallengeCodec.leadingZeroBits(new byte[] {0, 0, 0x01, 0})).isEqualTo(23);
        assertThat(ChallengeCodec.leadingZeroBits(new byte[] {(byte) 0x80})).isZero();
        assertThat(ChallengeCodec.leadingZeroBits(new byte[] {0, 0x10})).isEqualTo(11);
        assertThat(ChallengeCodec.leadingZeroBits(new byte[] {0, 0})).isEqualTo(16);
    }
}
