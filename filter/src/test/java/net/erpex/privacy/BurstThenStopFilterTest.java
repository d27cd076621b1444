package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The attack of issue 8: a burst of distinct crafted User-Agents (each makes uap-java's regular expressions backtrack
 * for some 20 ms) from four clients, consent decisions made in the middle of it, then the server stops. Every visit
 * whose response was sent and every decision's proof must be in the log, and each proof before its decision was
 * answered.
 */
class BurstThenStopFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 4;
    private static final long BURST_NANOS = TimeUnit.SECONDS.toNanos(3);

    static String craftedUserAgent() {
        return "Mozilla/5.0 (Linux; Android 4.4; " + "\"; \"".repeat(230) + ThreadLocalRandom.current().nextLong();
    }

    @Test
    void writesEveryVisitAndEveryProofBeforeTheStopReturns() throws Exception {
        TestSite site = TestSite.start("client.trusted-proxies", "127.0.0.1");
        Set<String> answered = ConcurrentHashMap.newKeySet();
        List<String> decisions = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> burst = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                burst.add(clients.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        String path = "/plain/" + client + "/" + i;
                        HttpResponse<String> r = site.get(path, "User-Agent", craftedUserAgent(),
                                "Sec-Fetch-Dest", "document", "X-Forwarded-For", "198.51.100." + (client + 1));
                        if (r.statusCode() == 200) {
                            answered.add(path);
                        }
                    }
                    return null;
                }));
            }
            long start = System.nanoTime();
            for (String action : List.of("accept-all", "reject-all", "accept-all")) {
                HttpResponse<String> decision = site.post("/privacy/consent", "application/x-www-form-urlencoded",
                        "action=" + action + "&return=%2F", "Origin", site.origin(), "User-Agent", craftedUserAgent(),
                        "X-Forwarded-For", "203.0.113.7");
                assertThat(decision.statusCode()).isEqualTo(303);
                decisions.add(action);
                // The proof is in the file the moment the decision is answered, burst or not.
                List<String> lines = site.consentLines();
                assertThat(lines).hasSize(decisions.size());
                assertThat(JSON.readTree(lines.get(lines.size() - 1)).get("action").asText()).isEqualTo(action);
            }
            long left = BURST_NANOS - (System.nanoTime() - start);
            try {
                // The burst goes on for its whole length: this thread only waits for it (a client fails early).
                burst.get(0).get(Math.max(1, left), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException burstStillRunning) {
                // as intended
            }
            stop.set(true);
            for (Future<?> f : burst) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
            site.close();
        }

        Set<String> recorded = new HashSet<>();
        for (String line : site.visitLines()) {
            recorded.add(JSON.readTree(line).get("path").asText());
        }
        assertThat(answered).hasSizeGreaterThan(100);
        assertThat(recorded).containsAll(answered);
        List<String> proofs = new ArrayList<>();
        for (String line : site.consentLines()) {
            JsonNode proof = JSON.readTree(line);
            proofs.add(proof.get("action").asText());
        }
        assertThat(proofs).containsExactlyElementsOf(decisions);
    }
}
