package net.erpex.privacy.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import net.erpex.privacy.security.SigningKeys;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConsentCookieTest {

    private static final String KEY_A = "dGVzdC1rZXktZm9yLWVycGV4LXByaXZhY3ktZmlsdGVyLTA=";
    private static final String KEY_B = "c2Vjb25kLWtleS1mb3ItZXJwZXgtcHJpdmFjeS1maWx0ZXI=";
    private static final Instant T = Instant.parse("2026-11-25T12:00:00Z");
    private static final String ID = "BBBBBBBBBBBBBBBBBBBBBB";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SigningKeys keys = SigningKeys.parse(KEY_A);
    private final ConsentCookie cookie = new ConsentCookie(keys);
    private final StoredConsent decision = new StoredConsent("3", T, ID, Set.of("analytics", "preferences"));

    /** A value with any payload text, signed as the consent cookie signs. */
    private static String signed(SigningKeys keys, String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        byte[] context = ("erpex-consent\n" + payload).getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(bytes) + "." + B64.encodeToString(keys.sign(context));
    }

    @Test
    void carriesADecisionThroughTheBrowserUnchanged() {
        assertThat(cookie.decode(cookie.encode(decision))).contains(decision);
        StoredConsent none = new StoredConsent("3", T, ID, Set.of());
        assertThat(cookie.decode(cookie.encode(none))).contains(none);
    }

    @Test
    void isReadDuringAKeyRotationWhenSignedWithTheSecondKey() {
        String old = new ConsentCookie(SigningKeys.parse(KEY_B)).encode(decision);
        assertThat(new ConsentCookie(SigningKeys.parse(KEY_A + "," + KEY_B)).decode(old)).contains(decision);
        assertThat(cookie.decode(old)).isEmpty();
    }

    @Nested
    class IsRefused {

        @Test
        void withAnEmptySignature() {
            String value = cookie.encode(decision);
            assertThat(cookie.decode(value.substring(0, value.indexOf('.') + 1))).isEmpty();
        }

        @Test
        void withATruncatedOrAlteredSignature() {
            String value = cookie.encode(decision);
            assertThat(cookie.decode(value.substring(0, value.length() - 2))).isEmpty();
            char last = value.charAt(value.length() - 1);
            assertThat(cookie.decode(value.substring(0, value.length() - 1) + (last == 'A' ? 'Q' : 'A'))).isEmpty();
        }

        @Test
        void withAGrantAddedToTheSignedPayload() {
            String value = cookie.encode(new StoredConsent("3", T, ID, Set.of()));
            String forged = B64.encodeToString(("1\n3\n" + T.getEpochSecond() + "\n" + ID + "\nanalytics")
                    .getBytes(StandardCharsets.UTF_8)) + value.substring(value.indexOf('.'));
            assertThat(cookie.decode(forged)).isEmpty();
        }

        @Test
        void whenSignedWithoutTheConsentContext() {
            byte[] payload = ("1\n3\n" + T.getEpochSecond() + "\n" + ID + "\nanalytics").getBytes(StandardCharsets.UTF_8);
            String value = B64.encodeToString(payload) + "." + B64.encodeToString(keys.sign(payload));
            assertThat(cookie.decode(value)).isEmpty();
        }

        @Test
        void whenItIsNotOneDotSeparatedPair() {
            String value = cookie.encode(decision);
            assertThat(cookie.decode(null)).isEmpty();
            assertThat(cookie.decode("")).isEmpty();
            assertThat(cookie.decode(value.replace(".", ""))).isEmpty();
            assertThat(cookie.decode(value.substring(value.indexOf('.')))).isEmpty();
            assertThat(cookie.decode(value + ".x")).isEmpty();
            assertThat(cookie.decode("%%%." + value.substring(value.indexOf('.') + 1))).isEmpty();
        }

        @Test
        void whenLongerThanAnyCookieWeWrite() {
            String value = signed(keys, "1\n3\n" + T.getEpochSecond() + "\n" + ID + "\n" + "x".repeat(1500));
            assertThat(value.length()).isGreaterThan(ConsentCookie.MAX_VALUE_CHARS);
            assertThat(cookie.decode(value)).isEmpty();
        }

        @Test
        void whenSignedButOfAnotherFormatOrShape() {
            long t = T.getEpochSecond();
            assertThat(cookie.decode(signed(keys, "1\n3\n" + t + "\n" + ID + "\nanalytics"))).isPresent();
            assertThat(cookie.decode(signed(keys, "2\n3\n" + t + "\n" + ID + "\nanalytics"))).isEmpty();
            assertThat(cookie.decode(signed(keys, "1\n3\n" + t + "\n" + ID))).isEmpty();
            assertThat(cookie.decode(signed(keys, "1\n3\n" + t + "\n" + ID + "\nanalytics\nx"))).isEmpty();
            assertThat(cookie.decode(signed(keys, "1\n3\n" + t + "\nshort\nanalytics"))).isEmpty();
            assertThat(cookie.decode(signed(keys, "1\n3\nyesterday\n" + ID + "\nanalytics"))).isEmpty();
            assertThat(cookie.decode(signed(keys, "1\n3\n" + Long.MAX_VALUE + "\n" + ID + "\nanalytics"))).isEmpty();
            assertThat(cookie.decode(signed(keys, "1\n3\n" + t + "\n" + ID + "\nanalytics,analytics"))).isEmpty();
        }
    }

    @Test
    void lengthCheckAllowsTheLongestValueItWrites() {
        String value = signed(keys, "1\n3\n" + T.getEpochSecond() + "\n" + ID + "\n" + "x".repeat(1400));
        assertThat(value.length()).isLessThanOrEqualTo(ConsentCookie.MAX_VALUE_CHARS);
        assertThat(cookie.decode(value)).isPresent();
    }
}
