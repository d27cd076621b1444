package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A rejected submission is in the visit log with its reason, and nothing of what the visitor typed. */
class ProtectVisitLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORM = "application/x-www-form-urlencoded";

    @Test
    void recordsTheReasonOfARejectionAndNeverTheFormsContents() throws Exception {
        TestSite site = TestSite.start("client.trusted-proxies", "127.0.0.1", "protect.paths", "/contact",
                "protect.challenge.difficulty", "8", "protect.rate", "1/1m");
        try (site) {
            String secret = "name=Zebulon+Quux&email=zq%40example.com&message=MY-PRIVATE-WORDS";
            site.post("/contact", FORM, secret + "&" + ProtectFilterTest.solved(site, "/contact"), "X-Forwarded-For",
                    "192.0.2.50");
            site.post("/contact", FORM, secret + "&" + ProtectFilterTest.solved(site, "/contact"), "X-Forwarded-For",
                    "192.0.2.50");
            site.post("/contact", FORM, secret + "&website=spam", "X-Forwarded-For", "192.0.2.51");
        }
        List<JsonNode> posts = site.visitLines().stream().map(ProtectVisitLogTest::read)
                .filter(r -> r.get("method").asText().equals("POST")).toList();
        assertThat(posts).extracting(r -> r.get("status").asInt() + " " + (r.has("blocked")
                ? r.get("blocked").asText() : "-")).containsExactlyInAnyOrder("200 -", "403 rate-limit",
                        "403 honeypot");
        assertThat(site.visitLines()).noneMatch(l -> l.contains("Zebulon") || l.contains("zq@example.com")
                || l.contains("MY-PRIVATE-WORDS") || l.contains("privacy-challenge"));
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
