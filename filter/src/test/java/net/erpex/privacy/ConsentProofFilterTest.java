package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.erpex.privacy.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A consent decision is answered only once its proof is durable, and refused (without a cookie) when that cannot be
 * had in time: never a decision without proof.
 */
class ConsentProofFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final Instant NOON = Instant.parse("2026-11-25T12:00:00Z");

    private final MutableClock clock = new MutableClock(NOON);
    private TestSite site;

    @AfterEach
    void stop() throws Exception {
        if (site != null) {
            site.close();
        }
    }

    private TestSite start(String... params) throws Exception {
        Map<String, String> all = new java.util.LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            all.put(params[i], params[i + 1]);
        }
        site = TestSite.start(clock, all);
        return site;
    }

    private HttpResponse<String> decide(String action) throws Exception {
        return site.post("/privacy/consent", FORM, "action=" + action + "&return=%2Fpricing", "Origin", site.origin());
    }

    private static List<String> consentCookies(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("consent=")).toList();
    }

    @Nested
    class Answered {

        @Test
        void onlyOnceTheConsentRecordIsInItsFile() throws Exception {
            start();

            for (String action : List.of("accept-all", "reject-all", "accept-all")) {
                HttpResponse<String> response = decide(action);

                assertThat(response.statusCode()).isEqualTo(303);
                // Read at once, without waiting for the recorder: the proof was on disk before the answer left.
                assertThat(site.consentLines()).last().satisfies(line ->
                        assertThat(JSON.readTree(line).get("action").asText()).isEqualTo(action));
            }
            assertThat(site.consentLines()).hasSize(3);
            assertThat(site.filter().counters()).containsEntry("records-proofs", 3L);
        }
    }

    @Nested
    class Refused {

        @Test
        void with503AndNoCookieWhenTheProofCannotBeWrittenInTime() throws Exception {
            start("consent.proof-timeout", "PT0.5S");
            // The day's consents file cannot be created: a directory has its name.
            Path blocker = Files.createDirectory(site.visitsDir.resolve("consents-2026-11-25.jsonl"));

            HttpResponse<String> refused = decide("accept-all");

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(JSON.readTree(refused.body()).get("error").asText()).contains("not applied");
            assertThat(consentCookies(refused)).isEmpty();
            assertThat(site.filter().counters()).containsEntry("consent-proof-failed", 1L);

            Files.delete(blocker);
            HttpResponse<String> accepted = decide("reject-all");

            assertThat(accepted.statusCode()).isEqualTo(303);
            assertThat(consentCookies(accepted)).hasSize(1);
            // The refused decision was withdrawn: it is not written later, when the file can be written again.
            List<JsonNode> records = ConsentRecords.await(site, record -> true, 1);
            assertThat(records).extracting(r -> r.get("action").asText()).containsExactly("reject-all");
        }
    }
}
