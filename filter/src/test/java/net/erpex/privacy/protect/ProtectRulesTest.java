package net.erpex.privacy.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The small rules of form protection: rates, reasons and their messages, the reCAPTCHA settings. */
class ProtectRulesTest {

    @Nested
    class Rates {

        @Test
        void readCountSlashDuration() {
            Rate rate = Rate.parse(" 10 / 1m ");
            assertThat(rate.permits()).isEqualTo(10);
            assertThat(rate.period()).isEqualTo(Duration.ofMinutes(1));
            assertThat(rate).hasToString("10/1m");
        }

        @Test
        void acceptTheirBoundsInclusive() {
            assertThat(Rate.parse("1/1s").period()).isEqualTo(Duration.ofSeconds(1));
            assertThat(Rate.parse("100000/1d").permits()).isEqualTo(100_000);
        }

        @ParameterizedTest
        @ValueSource(strings = {"0/1m", "100001/1m", "10/0s", "10/2d", "-1/1m"})
        void refuseValuesOutOfRange(String text) {
            assertThatIllegalArgumentException().isThrownBy(() -> Rate.parse(text)).withMessageContaining("out of range");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "/1m", "10/", "10", "ten/1m", "10/1x"})
        void refuseWhatIsNotCountSlashDuration(String text) {
            assertThatIllegalArgumentException().isThrownBy(() -> Rate.parse(text));
        }

        @ParameterizedTest
        @ValueSource(strings = {"/1m", "10/", "10"})
        void sayWhatIsAcceptedWhenACountOrADurationIsMissing(String text) {
            assertThatIllegalArgumentException().isThrownBy(() -> Rate.parse(text))
                    .withMessage("'" + text + "' is not count/duration, e.g. 10/1m");
        }

        @Test
        void refuseNoValue() {
            assertThatIllegalArgumentException().isThrownBy(() -> Rate.parse(null))
                    .withMessage("'' is not count/duration, e.g. 10/1m");
        }
    }

    @Nested
    class Reasons {

        @Test
        void areLabelledInLowerCaseWithDashesForRecordsAndAnswers() {
            assertThat(Reason.RATE_LIMIT.label()).isEqualTo("rate-limit");
            assertThat(Reason.CHALLENGE_REQUIRED.label()).isEqualTo("challenge-required");
            assertThat(Reason.NO_PROOF.label()).isEqualTo("no-proof");
        }

        @Test
        void tellTheVisitorLessThanTheRecord() {
            assertThat(Reason.CHALLENGE_PATH.messageKey()).isEqualTo("failed");
            assertThat(Reason.RECAPTCHA_HOSTNAME.messageKey()).isEqualTo("failed");
            assertThat(Reason.CHALLENGE_REPLAY.messageKey()).isEqualTo("expired");
            assertThat(Reason.NO_PROOF.messageKey()).isEqualTo("javascript");
        }

        @ParameterizedTest
        @EnumSource(Reason.class)
        void haveAMessageInEveryLanguageOfTheBundle(Reason reason) {
            String english = ProtectTexts.message(Locale.ENGLISH, reason);
            assertThat(english).isNotBlank();
            for (String language : List.of("de", "es", "fr", "it", "ja", "nl", "pt")) {
                assertThat(ProtectTexts.message(Locale.forLanguageTag(language), reason)).as(language).isNotBlank()
                        .isNotEqualTo(english);
            }
        }

        @Test
        void fallBackToEnglishForALanguageWithoutABundle() {
            assertThat(ProtectTexts.message(Locale.forLanguageTag("fi"), Reason.RATE_LIMIT))
                    .isEqualTo(ProtectTexts.message(Locale.ENGLISH, Reason.RATE_LIMIT));
        }
    }

    @Nested
    class RecaptchaSettings {

        private ProtectSettings.Recaptcha recaptcha(String siteKey, String secret, boolean v3) {
            return new ProtectSettings.Recaptcha(siteKey, secret, v3,
                    URI.create("https://verify.example/siteverify?key=s3cret-in-url"), "www.recaptcha.net", "submit",
                    0.5, Duration.ofMinutes(2), Duration.ofSeconds(3), ProtectSettings.OnError.CHALLENGE,
                    Set.of("www.example.com"));
        }

        @Test
        void involveGoogleOnlyWithBothKeys() {
            assertThat(recaptcha("site", "secret", true).configured()).isTrue();
            assertThat(recaptcha("", "secret", true).configured()).isFalse();
            assertThat(recaptcha("site", "", true).configured()).isFalse();
        }

        @Test
        void loadTheScriptForTheKeyVersion() {
            assertThat(recaptcha("k3", "s", true).scriptUrl()).isEqualTo("https://www.recaptcha.net/recaptcha/api.js?render=k3");
            assertThat(recaptcha("k2", "s", false).scriptUrl()).isEqualTo("https://www.recaptcha.net/recaptcha/api.js");
        }

        @Test
        void neverPrintTheSecret() {
            String shown = recaptcha("site", "the-secret-key", true).toString();
            assertThat(shown).doesNotContain("the-secret-key").doesNotContain("s3cret-in-url").contains("secret=***")
                    .contains("v3").contains("onError=CHALLENGE");
            assertThat(recaptcha("site", "", false).toString()).contains("secret=(none)").contains("v2");
        }

        @Test
        void areOffWithoutProtectedPaths() {
            assertThat(ProtectSettings.OFF.enabled()).isFalse();
            assertThat(ProtectSettings.OFF.recaptcha().configured()).isFalse();
            assertThat(new ProtectSettings(List.of("/contact"), "website", Rate.parse("10/1m"), 64, 18,
                    Duration.ofMinutes(10), ProtectSettings.OFF.recaptcha()).enabled()).isTrue();
        }
    }
}
