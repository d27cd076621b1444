package net.erpex.privacy.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import net.erpex.privacy.security.SigningKeys;
import net.erpex.privacy.session.SessionManager.Decision;
import net.erpex.privacy.session.SessionManager.Outcome;
import net.erpex.privacy.testing.MutableClock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SessionManagerTest {

    private static final String KEY_A = "dGVzdC1rZXktZm9yLWVycGV4LXByaXZhY3ktZmlsdGVyLTA=";
    private static final String KEY_B = "c2Vjb25kLWtleS1mb3ItZXJwZXgtcHJpdmFjeS1maWx0ZXI=";
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final Duration ABSOLUTE = Duration.ofHours(8);
    private static final byte[] ID = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final MutableClock clock = new MutableClock(NOW);
    private final SessionManager sessions = new SessionManager(SigningKeys.parse(KEY_A), IDLE, ABSOLUTE, clock);

    private String cookie(Instant created, Instant lastSeen) {
        return sessions.encode(new SessionToken(ID, created, lastSeen));
    }

    /** A value laid out as the manager lays it out, with any version byte and times, signed with {@code keys}. */
    private static String signed(SigningKeys keys, int version, long created, long lastSeen) {
        ByteBuffer payload = ByteBuffer.allocate(1 + SessionToken.ID_BYTES + 16).put((byte) version).put(ID)
                .putLong(created).putLong(lastSeen);
        byte[] tag = keys.sign(payload.array());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(payload.capacity()
                + tag.length).put(payload.array()).put(tag).array());
    }

    @Nested
    class ARevokedSession {

        @Test
        void isReplacedUntilTheAbsoluteTimeoutAndThenNoLongerRemembered() {
            String value = cookie(NOW.minusSeconds(600), NOW.minusSeconds(60));
            String hash = new SessionToken(ID, NOW, NOW).hash();
            sessions.revoke(hash);
            Decision d = sessions.resolve(List.of(value));
            assertThat(d.outcome()).isEqualTo(Outcome.REVOKED);
            assertThat(d.issue()).isTrue();
            assertThat(d.token()).isEmpty();
            clock.advance(ABSOLUTE.minusSeconds(1));
            assertThat(sessions.resolve(List.of(cookie(NOW, clock.instant().minusSeconds(5)))).outcome())
                    .isEqualTo(Outcome.REVOKED);
            clock.advance(Duration.ofSeconds(1));
            // Past the absolute timeout from the revocation every cookie of that session is refused anyway.
            assertThat(sessions.resolve(List.of(cookie(NOW, clock.instant().minusSeconds(5)))).outcome())
                    .isEqualTo(Outcome.ABSOLUTE_EXPIRED);
        }

        @Test
        void isReplacedEvenWhenItsCookieWasVerifiedAndRememberedBefore() {
            String value = cookie(NOW.minusSeconds(600), NOW.minusSeconds(60));
            assertThat(sessions.resolve(List.of(value)).outcome()).isEqualTo(Outcome.VALID);
            sessions.revoke(new SessionToken(ID, NOW, NOW).hash());
            assertThat(sessions.resolve(List.of(value)).outcome()).isEqualTo(Outcome.REVOKED);
        }

        @Test
        void leavesOtherSessionsAlone() {
            sessions.revoke("some-other-session-hash");
            assertThat(sessions.resolve(List.of(cookie(NOW.minusSeconds(600), NOW.minusSeconds(60)))).outcome())
                    .isEqualTo(Outcome.VALID);
        }
    }

    @Nested
    class ANewVisitor {

        @Test
        void hasNoSessionYetAndIsToBeGivenOne() {
            Decision d = sessions.resolve(List.of());
            assertThat(d.outcome()).isEqualTo(Outcome.NEW);
            assertThat(d.issue()).isTrue();
            // The filter makes the new session only for a response that starts one (a page).
            assertThat(d.token()).isEmpty();
            assertThat(d.hash()).isEmpty();
        }

        @Test
        void getsAFreshSessionStartingNow() {
            SessionToken token = sessions.newToken(NOW);
            assertThat(token.created()).isEqualTo(NOW);
            assertThat(token.lastSeen()).isEqualTo(NOW);
        }

        @Test
        void getsARandomIdThatNoOtherSessionHas() {
            byte[] first = sessions.newToken(NOW).id();
            byte[] second = sessions.newToken(NOW).id();
            assertThat(first).isNotEqualTo(second).isNotEqualTo(new byte[SessionToken.ID_BYTES]);
        }
    }

    @Nested
    class AReturningVisitor {

        @Test
        void keepsTheSessionAndSendsNoCookieWhileRecentlyConfirmed() {
            Decision d = sessions.resolve(List.of(cookie(NOW.minusSeconds(600), NOW.minusSeconds(60))));
            assertThat(d.outcome()).isEqualTo(Outcome.VALID);
            assertThat(d.issue()).isFalse();
            assertThat(d.token().orElseThrow().id()).isEqualTo(ID);
            assertThat(d.token().orElseThrow().lastSeen()).isEqualTo(NOW.minusSeconds(60));
            assertThat(d.hash()).isEqualTo(d.token().orElseThrow().hash());
        }

        @Test
        void renewsTheCookieOnceATenthOfTheIdleTimeHasPassed() {
            Decision due = sessions.resolve(List.of(cookie(NOW.minusSeconds(600), NOW.minus(Duration.ofMinutes(3)))));
            assertThat(due.issue()).isTrue();
            assertThat(due.token().orElseThrow().lastSeen()).isEqualTo(NOW);
            assertThat(due.token().orElseThrow().created()).isEqualTo(NOW.minusSeconds(600));
            Decision early = sessions.resolve(List.of(cookie(NOW.minusSeconds(600),
                    NOW.minus(Duration.ofMinutes(3)).plusSeconds(1))));
            assertThat(early.issue()).isFalse();
        }

        @Test
        void renewsAtMostFiveMinutesLateWhateverTheIdleTime() {
            SessionManager longIdle = new SessionManager(SigningKeys.parse(KEY_A), Duration.ofHours(8),
                    Duration.ofHours(8), clock);
            String value = longIdle.encode(new SessionToken(ID, NOW.minusSeconds(3600), NOW.minus(Duration.ofMinutes(5))));
            assertThat(longIdle.resolve(List.of(value)).issue()).isTrue();
            String recent = longIdle.encode(new SessionToken(ID, NOW.minusSeconds(3600),
                    NOW.minus(Duration.ofMinutes(5)).plusSeconds(1)));
            assertThat(longIdle.resolve(List.of(recent)).issue()).isFalse();
        }

        @Test
        void keepsASessionSignedWithTheSecondKeyOfARotation() {
            SessionManager old = new SessionManager(SigningKeys.parse(KEY_B), IDLE, ABSOLUTE, clock);
            String value = old.encode(new SessionToken(ID, NOW.minusSeconds(60), NOW.minusSeconds(60)));
            SessionManager rotated = new SessionManager(SigningKeys.parse(KEY_A + "," + KEY_B), IDLE, ABSOLUTE, clock);
            assertThat(rotated.resolve(List.of(value)).outcome()).isEqualTo(Outcome.VALID);
            assertThat(sessions.resolve(List.of(value)).outcome()).isEqualTo(Outcome.INVALID);
        }
    }

    @Nested
    class Timeouts {

        @Test
        void endAnIdleSessionAtTheIdleTimeoutExactly() {
            Decision d = sessions.resolve(List.of(cookie(NOW.minusSeconds(3600), NOW.minus(IDLE))));
            assertThat(d.outcome()).isEqualTo(Outcome.IDLE_EXPIRED);
            assertThat(d.issue()).isTrue();
            assertThat(d.token()).isEmpty();
            assertThat(sessions.resolve(List.of(cookie(NOW.minusSeconds(3600), NOW.minus(IDLE).plusSeconds(1))))
                    .outcome()).isEqualTo(Outcome.VALID);
        }

        @Test
        void endASessionAtTheAbsoluteTimeoutExactlyHoweverActive() {
            assertThat(sessions.resolve(List.of(cookie(NOW.minus(ABSOLUTE), NOW.minusSeconds(1)))).outcome())
                    .isEqualTo(Outcome.ABSOLUTE_EXPIRED);
            assertThat(sessions.resolve(List.of(cookie(NOW.minus(ABSOLUTE).plusSeconds(1), NOW.minusSeconds(1))))
                    .outcome()).isEqualTo(Outcome.VALID);
        }

        @Test
        void refuseAnIdleTimeoutLongerThanTheAbsoluteOneOrNotPositive() {
            assertThatIllegalArgumentException().isThrownBy(() -> new SessionManager(SigningKeys.parse(KEY_A),
                    ABSOLUTE.plusSeconds(1), ABSOLUTE, clock)).withMessageContaining("at most the absolute timeout");
            assertThatIllegalArgumentException().isThrownBy(() -> new SessionManager(SigningKeys.parse(KEY_A),
                    Duration.ZERO, ABSOLUTE, clock)).withMessageContaining("must be positive");
            assertThatIllegalArgumentException().isThrownBy(() -> new SessionManager(SigningKeys.parse(KEY_A),
                    Duration.ofMinutes(-1), ABSOLUTE, clock)).withMessageContaining("must be positive");
        }

        @Test
        void acceptAnIdleTimeoutEqualToTheAbsoluteOne() {
            SessionManager equal = new SessionManager(SigningKeys.parse(KEY_A), ABSOLUTE, ABSOLUTE, clock);
            assertThat(equal.resolve(List.of()).outcome()).isEqualTo(Outcome.NEW);
        }
    }

    /** Times a node of ours cannot have written: the value was made elsewhere, with a stolen key or a wrong clock. */
    @Nested
    class ClockSkew {

        @Test
        void toleratesALastSeenUpToFiveMinutesAhead() {
            assertThat(sessions.resolve(List.of(cookie(NOW.minusSeconds(60), NOW.plus(Duration.ofMinutes(5)))))
                    .outcome()).isEqualTo(Outcome.VALID);
        }

        @Test
        void refusesALastSeenFurtherAhead() {
            Decision d = sessions.resolve(List.of(cookie(NOW.minusSeconds(60), NOW.plus(Duration.ofMinutes(5))
                    .plusSeconds(1))));
            assertThat(d.outcome()).isEqualTo(Outcome.INVALID);
            assertThat(d.token()).isEmpty();
        }

        @Test
        void refusesASessionCreatedAfterItWasLastSeen() {
            assertThat(sessions.resolve(List.of(cookie(NOW.minusSeconds(59), NOW.minusSeconds(60)))).outcome())
                    .isEqualTo(Outcome.INVALID);
        }
    }

    @Nested
    class ForgedValues {

        @Test
        void refuseATamperedValue() {
            char[] value = cookie(NOW.minusSeconds(60), NOW.minusSeconds(60)).toCharArray();
            value[5] = value[5] == 'A' ? 'B' : 'A';
            Decision d = sessions.resolve(List.of(new String(value)));
            assertThat(d.outcome()).isEqualTo(Outcome.INVALID);
            assertThat(d.issue()).isTrue();
        }

        @Test
        void refuseValuesThatAreNotOursInShape() {
            String good = cookie(NOW.minusSeconds(60), NOW.minusSeconds(60));
            for (String value : new String[] {"", "%%%", good.substring(0, good.length() - 4), good + "AAAA",
                good + "A".repeat(100)}) {
                assertThat(sessions.decode(value)).as(value).isNull();
            }
            assertThat(sessions.decode(null)).isNull();
        }

        @Test
        void refuseASignedValueOfAnotherFormatVersion() {
            long t = NOW.minusSeconds(60).getEpochSecond();
            assertThat(sessions.decode(signed(SigningKeys.parse(KEY_A), 1, t, t))).isNotNull();
            assertThat(sessions.decode(signed(SigningKeys.parse(KEY_A), 2, t, t))).isNull();
        }

        @Test
        void refuseASignedValueWithTimesNoClockCanShow() {
            String value = signed(SigningKeys.parse(KEY_A), 1, Long.MAX_VALUE, Long.MAX_VALUE);
            assertThat(sessions.decode(value)).isNull();
            assertThat(sessions.resolve(List.of(value)).outcome()).isEqualTo(Outcome.INVALID);
        }

        @Test
        void roundTripTheirOwnValuesToTheSecond() {
            SessionToken token = new SessionToken(ID, NOW.minusSeconds(60), NOW.minusSeconds(30));
            assertThat(sessions.decode(sessions.encode(token))).isEqualTo(token);
        }
    }

    /** A second cookie of the same name may be planted by a sibling subdomain: nothing tells which one is ours. */
    @Nested
    class DuplicateCookies {

        @Test
        void countOnceWhenTheyCarryTheSameValue() {
            String value = cookie(NOW.minusSeconds(60), NOW.minusSeconds(60));
            Decision d = sessions.resolve(List.of(value, value));
            assertThat(d.outcome()).isEqualTo(Outcome.VALID);
            assertThat(d.token().orElseThrow().id()).isEqualTo(ID);
        }

        @Test
        void areAmbiguousWhenTheyDifferEvenIfOneIsValid() {
            String valid = cookie(NOW.minusSeconds(60), NOW.minusSeconds(60));
            byte[] plantedId = "planted-session!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            String planted = sessions.encode(new SessionToken(plantedId, NOW.minusSeconds(60), NOW.minusSeconds(60)));
            for (List<String> values : List.of(List.of(valid, planted), List.of(planted, valid), List.of(valid, "x"))) {
                Decision d = sessions.resolve(values);
                assertThat(d.outcome()).isEqualTo(Outcome.AMBIGUOUS);
                assertThat(d.issue()).isTrue();
                assertThat(d.token()).isEmpty();
            }
        }
    }

    /** A returning visitor's cookie is verified once; its timeouts are still checked on every request. */
    @Nested
    class RememberedCookies {

        @Test
        void expireOnTimeEvenAfterTheyWereRemembered() {
            String value = cookie(NOW.minusSeconds(600), NOW.minusSeconds(60));
            assertThat(sessions.resolve(List.of(value)).outcome()).isEqualTo(Outcome.VALID);
            clock.advance(IDLE.minusSeconds(60));
            assertThat(sessions.resolve(List.of(value)).outcome()).isEqualTo(Outcome.IDLE_EXPIRED);
        }

        @Test
        void areRenewedOnTimeEvenAfterTheyWereRemembered() {
            String value = cookie(NOW.minusSeconds(600), NOW.minusSeconds(60));
            assertThat(sessions.resolve(List.of(value)).issue()).isFalse();
            clock.advance(Duration.ofMinutes(3));
            Decision due = sessions.resolve(List.of(value));
            assertThat(due.issue()).isTrue();
            assertThat(due.token().orElseThrow().lastSeen()).isEqualTo(clock.instant());
            assertThat(due.hash()).isEqualTo(new SessionToken(ID, NOW, NOW).hash());
        }
    }
}
