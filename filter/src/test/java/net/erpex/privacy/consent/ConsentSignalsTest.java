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
import net.erpex.privacy.security.SigningKeys;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What Global Privacy Control takes away, the ids that tie decisions to their proofs, and the sources categories open. */
class ConsentSignalsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final ConsentCategories CATEGORIES = ConsentCategories.builder().category("marketing")
            .saleOrSharing("marketing").build();
    private static final ConsentSettings SETTINGS = new ConsentSettings(CATEGORIES, "consent", Duration.ofDays(182),
            "3", "", Set.of("US"), Set.of("JP"), Map.of(Regime.OPT_OUT, Set.of("marketing", "preferences"),
            Regime.NOTICE, Set.of("preferences")), true, List.of(), ConsentSettings.CspMode.ENFORCE,
            "default-src 'self'");
    private static final ConsentManager MANAGER = new ConsentManager(SETTINGS, SigningKeys.random(),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Nested
    class GlobalPrivacyControl {

        @Test
        void deniesASaleOrSharingCategoryPreGrantedUnderOptOut() {
            assertThat(MANAGER.read(List.of(), true, false, "US").state().granted())
                    .containsExactlyInAnyOrder("necessary", "preferences");
            assertThat(MANAGER.read(List.of(), false, false, "US").state().granted())
                    .containsExactlyInAnyOrder("necessary", "preferences", "marketing");
        }

        @Test
        void tellsWhetherItTakesAnythingAwayInARegime() {
            assertThat(MANAGER.gpcDenies(Regime.OPT_OUT)).isTrue();
            assertThat(MANAGER.gpcDenies(Regime.NOTICE)).isFalse();
            assertThat(MANAGER.gpcDenies(Regime.OPT_IN)).isFalse();
        }

        @Test
        void deniesAnalyticsWhereverItIsPreGranted() {
            ConsentSettings notice = new ConsentSettings(CATEGORIES, "consent", Duration.ofDays(182), "3", "", Set.of(),
                    Set.of("JP"), Map.of(Regime.NOTICE, Set.of("analytics")), true, List.of(),
                    ConsentSettings.CspMode.ENFORCE, "default-src 'self'");
            ConsentManager manager = new ConsentManager(notice, SigningKeys.random(), Clock.fixed(NOW, ZoneOffset.UTC));
            assertThat(manager.gpcDenies(Regime.NOTICE)).isTrue();
            assertThat(manager.read(List.of(), true, false, "JP").state().granted()).containsExactly("necessary");
            assertThat(manager.settings()).isSameAs(notice);
        }
    }

    @Nested
    class ConsentIds {

        @Test
        void areRandomPerBrowserAndNeverTheZeroId() {
            String first = MANAGER.decide(MANAGER.read(List.of(), false, false, "FR"),
                    new Choice(Action.ACCEPT_ALL, Set.of())).stored().consentId();
            String second = MANAGER.decide(MANAGER.read(List.of(), false, false, "FR"),
                    new Choice(Action.ACCEPT_ALL, Set.of())).stored().consentId();
            assertThat(first).hasSize(22).isNotEqualTo(second).isNotEqualTo("AAAAAAAAAAAAAAAAAAAAAA");
        }
    }

    @Nested
    class Regimes {

        @Test
        void areLabelledAsConfigurationAndRecordsWriteThem() {
            assertThat(Regime.OPT_IN.label()).isEqualTo("opt-in");
            assertThat(Regime.OPT_OUT.label()).isEqualTo("opt-out");
            assertThat(Regime.NOTICE.label()).isEqualTo("notice");
        }
    }

    @Nested
    class BuiltInSources {

        @Test
        void openGooglesTagManagerAndAnalyticsOnlyToAnalyticsAndEachHostOnlyWhereItIsUsed() {
            ConsentCategories builtIn = ConsentCategories.builder().build();
            assertThat(builtIn.get("analytics").orElseThrow().sources()).containsExactly(
                    "script-src https://www.googletagmanager.com", "connect-src https://*.google-analytics.com",
                    "connect-src https://*.analytics.google.com", "connect-src https://www.googletagmanager.com",
                    "img-src https://*.google-analytics.com", "img-src https://www.googletagmanager.com");
            assertThat(builtIn.get("recaptcha").orElseThrow().sources()).containsExactly(
                    "script-src https://www.google.com/recaptcha/", "script-src https://www.gstatic.com/recaptcha/",
                    "script-src https://www.recaptcha.net/recaptcha/", "frame-src https://www.google.com/recaptcha/",
                    "frame-src https://recaptcha.google.com/recaptcha/",
                    "frame-src https://www.recaptcha.net/recaptcha/");
            assertThat(builtIn.get("session-recording").orElseThrow().sources()).contains(
                    "script-src https://*.hotjar.com", "connect-src wss://*.hotjar.com")
                    .noneMatch(s -> s.startsWith("script-src wss:"));
            assertThat(builtIn.get("necessary").orElseThrow().sources()).isEmpty();
            assertThat(builtIn.get("preferences").orElseThrow().sources()).isEmpty();
        }
    }
}
