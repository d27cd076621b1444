package net.erpex.privacy.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.erpex.privacy.consent.ConsentManager.Action;
import net.erpex.privacy.consent.ConsentManager.Choice;
import net.erpex.privacy.consent.ConsentManager.CookieStatus;
import net.erpex.privacy.consent.ConsentManager.Reading;
import net.erpex.privacy.security.SigningKeys;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConsentManagerTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final SigningKeys KEYS = SigningKeys.random();
    private static final ConsentSettings SETTINGS = new ConsentSettings(ConsentCategories.builder().build(), "consent",
            Duration.ofDays(182), "3", "", Set.of("US"), Set.of("JP"),
            Map.of(Regime.OPT_OUT, Set.of("analytics", "preferences"), Regime.NOTICE, Set.of("analytics")), true,
            List.of(), ConsentSettings.CspMode.ENFORCE, "default-src 'self'");
    private static final ConsentManager MANAGER = new ConsentManager(SETTINGS, KEYS, Clock.fixed(NOW, ZoneOffset.UTC));

    private static String cookie(String policy, Instant decidedAt, String... granted) {
        return new ConsentCookie(KEYS).encode(new StoredConsent(policy, decidedAt, "BBBBBBBBBBBBBBBBBBBBBB",
                Set.of(granted)));
    }

    @Nested
    class Reading_ {

        @Test
        void anUndecidedVisitorInTheOptInRegimeHasOnlyNecessary() {
            Reading r = MANAGER.read(List.of(), false, false, "FR");
            assertThat(r.status()).isEqualTo(CookieStatus.NONE);
            assertThat(r.state().decided()).isFalse();
            assertThat(r.state().granted()).containsExactly("necessary");
            assertThat(r.state().regime()).isEqualTo(Regime.OPT_IN);
        }

        @Test
        void anUnknownCountryIsOptIn() {
            assertThat(MANAGER.read(List.of(), false, false, "").state().regime()).isEqualTo(Regime.OPT_IN);
        }

        @Test
        void anOptOutCountryHasItsPreGrantsUntilTheVisitorDecides() {
            assertThat(MANAGER.read(List.of(), false, false, "US").state().granted())
                    .containsExactlyInAnyOrder("necessary", "analytics", "preferences");
        }

        @Test
        void gpcTakesAnalyticsAwayButNotPreferences() {
            Reading r = MANAGER.read(List.of(), true, false, "US");
            assertThat(r.state().granted()).containsExactlyInAnyOrder("necessary", "preferences");
            assertThat(r.state().gpc()).isTrue();
        }

        @Test
        void aValidDecisionWinsOverPreGrantsAndOverGpc() {
            Reading r = MANAGER.read(List.of(cookie("3", NOW.minusSeconds(10), "analytics")), true, true, "US");
            assertThat(r.status()).isEqualTo(CookieStatus.VALID);
            assertThat(r.state().granted()).containsExactlyInAnyOrder("necessary", "analytics");
            assertThat(r.state().decidedAt()).hasValue(NOW.minusSeconds(10));
            assertThat(r.state().dnt()).isTrue();
        }

        @Test
        void aDecisionExpiresAtMaxAgeExactly() {
            assertThat(MANAGER.read(List.of(cookie("3", NOW.minus(Duration.ofDays(182)))), false, false, "FR")
                    .status()).isEqualTo(CookieStatus.EXPIRED);
            assertThat(MANAGER.read(List.of(cookie("3", NOW.minus(Duration.ofDays(182)).plusSeconds(1))), false,
                    false, "FR").status()).isEqualTo(CookieStatus.VALID);
        }

        @Test
        void aDecisionForAnotherPolicyVersionIsUndecidedButKeepsItsConsentId() {
            Reading r = MANAGER.read(List.of(cookie("2", NOW.minusSeconds(10), "analytics")), false, false, "FR");
            assertThat(r.status()).isEqualTo(CookieStatus.OLD_POLICY);
            assertThat(r.state().decided()).isFalse();
            assertThat(r.state().consentId()).isEqualTo("BBBBBBBBBBBBBBBBBBBBBB");
        }

        @Test
        void aDecisionDatedInTheFutureIsNotOurs() {
            assertThat(MANAGER.read(List.of(cookie("3", NOW.plus(Duration.ofHours(1)))), false, false, "FR")
                    .status()).isEqualTo(CookieStatus.INVALID);
        }

        @Test
        void severalDifferentCookiesAreAmbiguousAndNoneCountsNotEvenAValidOne() {
            String valid = cookie("3", NOW.minusSeconds(5), "preferences");
            for (List<String> values : List.of(List.of("garbage", valid), List.of(valid, "garbage"),
                    List.of(valid, cookie("3", NOW.minusSeconds(9), "analytics")))) {
                Reading r = MANAGER.read(values, false, false, "FR");
                assertThat(r.status()).isEqualTo(CookieStatus.AMBIGUOUS);
                assertThat(r.state().decided()).isFalse();
                assertThat(r.state().allows("preferences")).isFalse();
                assertThat(r.state().consentId()).isEmpty();
                assertThat(r.stored()).isEmpty();
            }
        }

        @Test
        void theSameCookieSentTwiceCountsOnce() {
            String valid = cookie("3", NOW.minusSeconds(5), "preferences");
            Reading r = MANAGER.read(List.of(valid, valid), false, false, "FR");
            assertThat(r.status()).isEqualTo(CookieStatus.VALID);
            assertThat(r.state().allows("preferences")).isTrue();
        }

        @Test
        void categoriesTheSiteNoLongerHasAreIgnored() {
            Reading r = MANAGER.read(List.of(cookie("3", NOW.minusSeconds(5), "marketing")), false, false, "FR");
            assertThat(r.state().granted()).containsExactly("necessary");
        }
    }

    @Nested
    class Deciding {

        @Test
        void acceptAllGrantsEveryCategoryWithANewConsentId() {
            ConsentManager.Decision d = MANAGER.decide(MANAGER.read(List.of(), false, false, "FR"),
                    new Choice(Action.ACCEPT_ALL, Set.of()));
            assertThat(d.state().granted()).containsExactlyInAnyOrder("necessary", "preferences", "analytics",
                    "recaptcha", "session-recording");
            assertThat(d.stored().consentId()).matches("[A-Za-z0-9_-]{22}");
            assertThat(d.action()).isEqualTo("accept-all");
            assertThat(d.reason()).isEqualTo("first");
            assertThat(d.stored().decidedAt()).isEqualTo(NOW);
        }

        @Test
        void aCustomChoiceCannotDenyNecessary() {
            ConsentManager.Decision d = MANAGER.decide(MANAGER.read(List.of(), false, false, "FR"),
                    new Choice(Action.SAVE, Set.of("recaptcha")));
            assertThat(d.state().granted()).containsExactlyInAnyOrder("necessary", "recaptcha");
            assertThat(d.action()).isEqualTo("custom");
        }

        @Test
        void rejectingWhatWasGrantedIsAWithdrawalThatNamesIt() {
            Reading before = MANAGER.read(List.of(cookie("3", NOW.minusSeconds(60), "analytics", "recaptcha")), false,
                    false, "FR");
            ConsentManager.Decision d = MANAGER.decide(before, new Choice(Action.SAVE, Set.of("recaptcha")));
            assertThat(d.reason()).isEqualTo("withdrawal");
            assertThat(d.withdrawn()).containsExactly("analytics");
            assertThat(d.stored().consentId()).isEqualTo("BBBBBBBBBBBBBBBBBBBBBB");
        }

        @Test
        void answeringAfterExpiryOrAPolicyChangeSaysSo() {
            Reading expired = MANAGER.read(List.of(cookie("3", NOW.minus(Duration.ofDays(200)))), false, false, "FR");
            Reading older = MANAGER.read(List.of(cookie("2", NOW.minusSeconds(60))), false, false, "FR");
            assertThat(MANAGER.decide(expired, new Choice(Action.REJECT_ALL, Set.of())).reason()).isEqualTo("expired");
            assertThat(MANAGER.decide(older, new Choice(Action.REJECT_ALL, Set.of())).reason())
                    .isEqualTo("policy-update");
        }

        @Test
        void theNewDecisionReadsBackFromItsCookie() {
            ConsentManager.Decision d = MANAGER.decide(MANAGER.read(List.of(), false, false, "FR"),
                    new Choice(Action.SAVE, Set.of("preferences")));
            Reading again = MANAGER.read(List.of(MANAGER.cookieValue(d.stored())), false, false, "FR");
            assertThat(again.state().granted()).isEqualTo(d.state().granted());
            assertThat(again.state().consentId()).isEqualTo(d.state().consentId());
        }
    }

    /** A returning visitor's cookie is verified once; what it grants is still checked on every request. */
    @Nested
    class RememberedCookies {

        @Test
        void expireOnTimeEvenAfterTheyWereRemembered() {
            net.erpex.privacy.testing.MutableClock clock = new net.erpex.privacy.testing.MutableClock(NOW);
            ConsentManager manager = new ConsentManager(SETTINGS, KEYS, clock);
            String value = cookie("3", NOW.minus(Duration.ofDays(182)).plusSeconds(10), "analytics");
            assertThat(manager.read(List.of(value), false, false, "FR").status()).isEqualTo(CookieStatus.VALID);
            assertThat(manager.read(List.of(value), false, false, "FR").status()).isEqualTo(CookieStatus.VALID);
            clock.advance(Duration.ofSeconds(10));
            Reading expired = manager.read(List.of(value), false, false, "FR");
            assertThat(expired.status()).isEqualTo(CookieStatus.EXPIRED);
            assertThat(expired.state().decided()).isFalse();
            assertThat(expired.state().allows("analytics")).isFalse();
        }

        @Test
        void giveEachRequestItsOwnSignalsAndCountry() {
            String value = cookie("3", NOW.minusSeconds(60), "analytics");
            Reading plain = MANAGER.read(List.of(value), false, false, "FR");
            Reading withGpc = MANAGER.read(List.of(value), true, false, "FR");
            Reading fromUs = MANAGER.read(List.of(value), false, true, "US");
            assertThat(plain.state().gpc()).isFalse();
            assertThat(withGpc.state().gpc()).isTrue();
            assertThat(fromUs.state().dnt()).isTrue();
            assertThat(fromUs.state().regime()).isEqualTo(Regime.OPT_OUT);
            assertThat(fromUs.state().country()).isEqualTo("US");
            assertThat(MANAGER.read(List.of(value), false, false, "FR").state()).isEqualTo(plain.state());
        }

        @Test
        void areNeverRememberedWhenTheyDoNotVerify() {
            String forged = cookie("3", NOW.minusSeconds(60), "analytics").replace('.', '!');
            for (int i = 0; i < 3; i++) {
                assertThat(MANAGER.read(List.of(forged), false, false, "FR").status()).isEqualTo(CookieStatus.INVALID);
            }
        }

        @Test
        void aVisitorWithoutCookieGetsTheRegimeOfTheirCountryAndTheirSignals() {
            assertThat(MANAGER.read(List.of(), true, false, "US").state().allows("analytics")).isFalse();
            assertThat(MANAGER.read(List.of(), false, false, "US").state().allows("analytics")).isTrue();
            assertThat(MANAGER.read(List.of(), false, false, "FR").state().allows("analytics")).isFalse();
            assertThat(MANAGER.read(List.of(), false, true, "US").state().dnt()).isTrue();
        }
    }
}
