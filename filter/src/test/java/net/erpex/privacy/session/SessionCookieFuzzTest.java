package net.erpex.privacy.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import net.erpex.privacy.security.SigningKeys;

/**
 * The session cookie's value is written by the client: whatever it holds, resolution never throws, always gives a
 * session, and accepts no session we did not sign. The committed inputs include a value signed with {@link #KEY} at
 * {@link #NOW}, so the fuzzer starts from a valid cookie and mutates it. A regression run over those inputs in every
 * build; {@code JAZZER_FUZZ=1} fuzzes.
 */
class SessionCookieFuzzTest {

    /** The key of {@code TestSite}: the committed valid input was signed with it. */
    static final String KEY = "dGVzdC1rZXktZm9yLWVycGV4LXByaXZhY3ktZmlsdGVyLTA=";
    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    /** The id of the one session the committed valid input carries. */
    static final byte[] SIGNED_ID = "erpex-fuzz-seed!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static final SessionManager SESSIONS = new SessionManager(SigningKeys.parse(KEY), Duration.ofMinutes(30),
            Duration.ofHours(8), Clock.fixed(NOW, ZoneOffset.UTC));

    @FuzzTest
    void anyCookieValueGivesASessionAndNoForgedOneIsAccepted(FuzzedDataProvider data) {
        String value = data.consumeRemainingAsString();

        SessionManager.Decision decision = SESSIONS.resolve(List.of(value));

        assertThat(decision.token()).isNotNull();
        if (decision.outcome() == SessionManager.Outcome.VALID) {
            assertThat(decision.token().orElseThrow().id()).as("only the signed session is valid").isEqualTo(SIGNED_ID);
        } else {
            assertThat(decision.issue()).isTrue();
            assertThat(decision.token()).as("no session of the value is used").isEmpty();
        }
    }

    /** Prints the committed valid input (run by hand if the value format changes). */
    public static void main(String[] args) {
        System.out.print(SESSIONS.encode(new SessionToken(SIGNED_ID, NOW.minusSeconds(3600), NOW.minusSeconds(600))));
    }
}
