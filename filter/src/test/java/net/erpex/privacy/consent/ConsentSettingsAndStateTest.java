package net.erpex.privacy.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsentSettingsAndStateTest {

    private static ConsentSettings settings(Set<String> optOut, Set<String> notice, Map<Regime, Set<String>> pre) {
        return new ConsentSettings(ConsentCategories.builder().build(), "consent", Duration.ofDays(182), "3", "",
                optOut, notice, pre, true, List.of("example.com"), ConsentSettings.CspMode.ENFORCE, "default-src 'self'");
    }

    @Test
    void putsAnUnknownOrUnlistedCountryUnderOptIn() {
        ConsentSettings s = settings(Set.of("US"), Set.of("JP"), Map.of());
        assertThat(s.regimeFor("")).isEqualTo(Regime.OPT_IN);
        assertThat(s.regimeFor("FR")).isEqualTo(Regime.OPT_IN);
        assertThat(s.regimeFor("US")).isEqualTo(Regime.OPT_OUT);
        assertThat(s.regimeFor("JP")).isEqualTo(Regime.NOTICE);
    }

    @Test
    void needsTheCountryOnlyWhenSomeCountryIsNotOptIn() {
        assertThat(settings(Set.of(), Set.of(), Map.of()).regimeNeedsCountry()).isFalse();
        assertThat(settings(Set.of("US"), Set.of(), Map.of()).regimeNeedsCountry()).isTrue();
        assertThat(settings(Set.of(), Set.of("JP"), Map.of()).regimeNeedsCountry()).isTrue();
    }

    @Test
    void preGrantsPerRegimeAndNothingWhereNoneIsConfigured() {
        ConsentSettings s = settings(Set.of("US"), Set.of(), Map.of(Regime.OPT_OUT, Set.of("analytics")));
        assertThat(s.preGranted(Regime.OPT_OUT)).containsExactly("analytics");
        assertThat(s.preGranted(Regime.NOTICE)).isEmpty();
        assertThat(s.preGranted(Regime.OPT_IN)).isEmpty();
    }

    @Test
    void refusesToPreGrantAnythingUnderOptIn() {
        assertThatIllegalArgumentException().isThrownBy(() -> settings(Set.of(), Set.of(),
                Map.of(Regime.OPT_IN, Set.of("analytics"))))
                .withMessage("the opt-in regime grants nothing before the visitor decides");
        assertThat(settings(Set.of(), Set.of(), Map.of(Regime.OPT_IN, Set.of())).preGranted(Regime.OPT_IN)).isEmpty();
    }

    @Test
    void replacesOnlyTheCookieName() {
        ConsentSettings settings = settings(Set.of("US"), Set.of(), Map.of());
        ConsentSettings renamed = settings.withCookieName("consent-shop");

        assertThat(renamed.cookieName()).isEqualTo("consent-shop");
        assertThat(renamed.withCookieName(settings.cookieName())).isEqualTo(settings);
    }

    @Test
    void replacesOnlyTheCategories() {
        ConsentSettings s = settings(Set.of("US"), Set.of("JP"), Map.of(Regime.OPT_OUT, Set.of("analytics")));
        ConsentCategories more = s.categories().withCookies("necessary", List.of("sid"));
        ConsentSettings t = s.withCategories(more);
        assertThat(t.categories()).isSameAs(more);
        assertThat(t).usingRecursiveComparison().ignoringFields("categories").isEqualTo(s);
    }

    @Test
    void statesWhatIsGrantedInDisplayOrder() {
        ConsentState state = new ConsentState("3", true, List.of("necessary", "preferences", "analytics"),
                Set.of("necessary", "analytics"), Optional.of(Instant.EPOCH), null, false, false, Regime.OPT_IN, null);
        assertThat(state.allows("analytics")).isTrue();
        assertThat(state.allows("preferences")).isFalse();
        assertThat(state.allows("unknown")).isFalse();
        assertThat(state.choices()).containsExactly(Map.entry("necessary", true), Map.entry("preferences", false),
                Map.entry("analytics", true));
        assertThat(state.consentId()).isEmpty();
        assertThat(state.country()).isEmpty();
        assertThat(new ConsentState("3", false, List.of(), Set.of(), null, "", false, false, Regime.OPT_IN, "")
                .decidedAt()).isEmpty();
    }
}
