package net.erpex.privacy.referrer;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Set;

/**
 * The {@code Referer} header is written by the client: whatever it holds, the summary never throws and never carries
 * more than {@code scheme://host[:port]/path} (no query, fragment, user information or control character). A
 * regression run over the committed inputs in every build; {@code JAZZER_FUZZ=1} fuzzes.
 */
class ReferrerFuzzTest {

    private static final ReferrerSummarizer SUMMARIZER = new ReferrerSummarizer(Set.of("www.example.com"));

    @FuzzTest
    void anyRefererIsSummarisedToSchemeHostAndPathOnly(FuzzedDataProvider data) {
        String host = data.consumeBoolean() ? data.consumeString(64) : "www.example.com";
        String header = data.consumeRemainingAsString();

        ReferrerSummary summary = SUMMARIZER.summarize(header, host);

        assertThat(summary.kind()).isNotNull();
        String url = summary.url();
        if (url.isEmpty()) {
            return;
        }
        assertThat(url).matches("https?://[^/?#@\\s]+(/[^?#\\s]*)?");
        assertThat(url.chars().allMatch(c -> c > 0x20 && c < 0x7f)).as("printable ASCII: %s", url).isTrue();
        assertThat(url.length()).isLessThanOrEqualTo(8 + 253 + 6 + ReferrerUrl.MAX_PATH + 2);
        // A summary is itself a referrer that summarises to itself: nothing is left to strip.
        assertThat(SUMMARIZER.summarize(url, host).url()).isEqualTo(url);
    }
}
