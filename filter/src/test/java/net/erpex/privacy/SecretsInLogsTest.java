package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import net.erpex.privacy.testing.CapturedLog;
import net.erpex.privacy.testing.RequiresPostgresql;
import net.erpex.privacy.testing.TestDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Whoever reads a site's log must not be able to forge its cookies, read its database or use its reCAPTCHA key: the
 * filter starts with each secret in a bad or failing configuration, and neither the log nor the exception chain that
 * init() throws (messages, toString()s, causes, stack traces) repeats it.
 */
class SecretsInLogsTest {

    /** A valid 32-byte key: the live signing key of a site. */
    private static final String LIVE_KEY = "bGl2ZS1zaWduaW5nLWtleS1vZi10aGUtc2l0ZS0xMjM0NTY=";

    /** Everything init() threw and the log printed, with full stack traces. */
    private static String startAndCapture(Map<String, String> params) throws Exception {
        try (CapturedLog log = CapturedLog.start()) {
            Throwable thrown = catchThrowable(() -> TestSite.start(params).close());
            StringWriter chain = new StringWriter();
            if (thrown != null) {
                thrown.printStackTrace(new PrintWriter(chain));
                for (Throwable t = thrown; t != null; t = t.getCause()) {
                    chain.append('\n').append(String.valueOf(t.getMessage())).append('\n').append(t.toString());
                }
            }
            return chain + "\n" + log.text();
        }
    }

    @Nested
    class SigningKeys {

        @Test
        void aMalformedSecondKeyIsNamedByPositionAndNoKeyIsPrinted() throws Exception {
            String text = startAndCapture(Map.of("security.keys", LIVE_KEY + ",!!typo-of-the-next-key"));
            assertThat(text).contains("security.keys").contains("key #2")
                    .doesNotContain(LIVE_KEY).doesNotContain("typo-of-the-next-key").doesNotContain("bGl2ZS1");
        }

        @Test
        void aShortKeyIsNamedByPositionOnly() throws Exception {
            String text = startAndCapture(Map.of("security.keys", "c2hvcnQta2V5LWJ5dGVz," + LIVE_KEY));
            assertThat(text).contains("key #1").doesNotContain("c2hvcnQta2V5LWJ5dGVz").doesNotContain(LIVE_KEY);
        }
    }

    @Nested
    class Passwords {

        @Test
        void aStorePasswordWithoutADatabaseIsNeverPrinted() throws Exception {
            String text = startAndCapture(Map.of("visits.store-password", "Pw-Of-The-Database-42"));
            assertThat(text).contains("visits.store-password").doesNotContain("Pw-Of-The-Database-42");
        }

        @Test
        void aMalformedRecaptchaSecretIsNeverPrinted() throws Exception {
            String text = startAndCapture(Map.of("protect.paths", "/contact", "protect.recaptcha.site-key",
                    "6LdSiteKeySiteKeySiteKey", "protect.recaptcha.secret", "6LdSecret<>Secret-Secret-77"));
            assertThat(text).contains("protect.recaptcha.secret").doesNotContain("6LdSecret<>Secret-Secret-77")
                    .doesNotContain("Secret-Secret-77");
        }

        @Test
        void aVerifyUrlCarryingAKeyIsShownWithTheKeyMasked() throws Exception {
            String text = startAndCapture(Map.of("protect.recaptcha.verify-url",
                    "/siteverify?apiKey=Api-Key-Value-9&x=1"));
            assertThat(text).contains("protect.recaptcha.verify-url").contains("apiKey=***")
                    .doesNotContain("Api-Key-Value-9");
        }
    }

    @Nested
    @RequiresPostgresql
    class DatabaseUrls {

        @Test
        void everySecretParameterAndTheUserInfoPasswordAreMaskedWhenTheDatabaseCannotBeReached() throws Exception {
            // Port 1 refuses: the filter starts on its spool and logs the failure, with the URL.
            String url = "jdbc:postgresql://admin:UserInfo-Pw-1@127.0.0.1:1/test?sslpassword=Ssl-Pw-2"
                    + "&password=Plain-Pw-3&sslkey=/etc/keys/Ssl-Key-4&ApiToken=Tok-5&connectTimeout=1";
            String text = startAndCapture(Map.of("visits.store", url, "visits.store-password", "Param-Pw-6"));
            assertThat(text).contains("127.0.0.1:1").contains("sslpassword=***").contains("connectTimeout=1")
                    .doesNotContain("UserInfo-Pw-1", "Ssl-Pw-2", "Plain-Pw-3", "Ssl-Key-4", "Tok-5", "Param-Pw-6");
        }

        @Test
        void aRefusedLoginEchoesNeitherThePasswordNorTheUrlSecrets() throws Exception {
            String url = "jdbc:postgresql://" + TestDatabase.HOST + ":" + TestDatabase.PORT
                    + "/test?user=no_such_role_x&sslpassword=Ssl-Pw-7&password=Plain-Pw-8";
            String text = startAndCapture(Map.of("visits.store", url));
            assertThat(text).contains("visits.store").doesNotContain("Ssl-Pw-7", "Plain-Pw-8");
        }
    }
}
