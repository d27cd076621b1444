package net.erpex.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Reads consent records back as the recorder wrote them. */
final class ConsentRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConsentRecords() {
    }

    /**
     * The consent records matching {@code which}, once at least {@code count} of them are written (the recorder
     * writes in the background); then a short extra wait shows whether more than expected arrive.
     */
    static List<JsonNode> await(TestSite site, Predicate<JsonNode> which, int count) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<JsonNode> found = matching(site, which);
        while (found.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
            found = matching(site, which);
        }
        // The recorder flushes a batch within its 200 ms flush interval: anything extra would be there by now.
        Thread.sleep(400);
        return matching(site, which);
    }

    private static List<JsonNode> matching(TestSite site, Predicate<JsonNode> which) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : site.consentLines()) {
            JsonNode node = JSON.readTree(line);
            if (which.test(node)) {
                out.add(node);
            }
        }
        return out;
    }
}
