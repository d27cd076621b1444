package net.erpex.privacy.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.erpex.privacy.security.SigningKeys;

/**
 * The consent cookie's value is written by the client: whatever it holds, reading it never throws, grants nothing
 * beyond the configured categories, and accepts no decision we did not sign. The committed inputs include a value
 * signed with {@link #KEY} (analytics granted), so the fuzzer starts from a valid cookie and mutates it. A regression
 * run over those inputs in every build; {@code JAZZER_FUZZ=1} fuzzes.
 */
class ConsentCookieFuzzTest {

    /** The key of {@code TestSite}: the committed valid input was signed with it. */
    static final String KEY = "dGVzdC1rZXktZm9yLWVycGV4LXByaXZhY3ktZmlsdGVyLTA=";
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final String SIGNED_ID = "FuzzSeedConsent0000000";

    private static final SigningKeys KEYS = SigningKeys.parse(KEY);
    private static final ConsentSettings SETTINGS = new ConsentSettings(ConsentCategories.builder().build(), "consent",
            Duration.ofDays(182), "3", "", Set.of("US"), Set.of("JP"),
            Map.of(Regime.OPT_OUT, Set.of("analytics", "preferences"), Regime.NOTICE, Set.of("analytics")), true,
            List.of(), ConsentSettings.CspMode.ENFORCE, "default-src 'self'");
    private static final ConsentManager MANAGER = new ConsentManager(SETTINGS, KEYS, Clock.fixed(NOW, ZoneOffset.UTC));

    @FuzzTest
    void anyCookieValueGivesAConsentStateAndNoForgedDecisionIsAccepted(FuzzedDataProvider data) {
        boolean gpc = data.consumeBoolean();
        String country = data.pickValue(new String[] {"", "FR", "US", "JP"});
        String value = data.consumeRemainingAsString();

        ConsentManager.Reading reading = MANAGER.read(List.of(value), gpc, false, country);

        assertThat(reading.state()).isNotNull();
        assertThat(SETTINGS.categories().names()).containsAll(reading.state().granted());
        assertThat(reading.state().granted()).contains("necessary");
        if (reading.state().decided()) {
            assertThat(reading.status()).isEqualTo(ConsentManager.CookieStatus.VALID);
            assertThat(reading.state().consentId()).as("only the signed decision is valid").isEqualTo(SIGNED_ID);
        } else {
            assertThat(reading.status()).isNotEqualTo(ConsentManager.CookieStatus.VALID);
        }
        reading.stored().ifPresent(stored -> assertThat(stored.consentId()).isEqualTo(SIGNED_ID));
    }

    /** Prints the committed valid input (run by hand if the value format changes). */
    public static void main(String[] args) {
        System.out.print(new ConsentCookie(KEYS).encode(new StoredConsent("3", NOW.minus(Duration.ofDays(1)),
                SIGNED_ID, Set.of("analytics"))));
    }
}
