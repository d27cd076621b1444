package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.erpex.privacy.agent.UserAgentAnalyzer;
import net.erpex.privacy.geo.GeoLocator;
import net.erpex.privacy.referrer.ReferrerSummarizer;
import net.erpex.privacy.visit.ConsentRecord;
import net.erpex.privacy.visit.IpAnonymizer;
import net.erpex.privacy.visit.IpStorage;
import net.erpex.privacy.visit.VisitEvent;
import net.erpex.privacy.visit.VisitRecord;
import org.junit.jupiter.api.Test;

/** A record without detail (the recorder is behind) keeps what is already known and is degraded only otherwise. */
class VisitEnricherTest {

    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like"
            + " Gecko) Chrome/131.0.0.0 Safari/537.36";

    private final UserAgentAnalyzer agents = new UserAgentAnalyzer(100, 512);
    private final VisitEnricher enricher = new VisitEnricher(GeoLocator.off("test"), agents,
            new ReferrerSummarizer(Set.of()), new IpAnonymizer(IpStorage.FULL, null), 512);

    private static VisitEvent visit(String userAgent) throws Exception {
        return new VisitEvent("", Instant.parse("2026-12-06T12:00:00Z"), InetAddress.getByName("192.0.2.10"),
                "192.0.2.10", "GET", "/", 200, userAgent, "", "", "", "en", "", "shop.example", "c2Vzc2lvbg", "");
    }

    @Test
    void keepsTheAnalysisOfABrowserSeenBeforeAndTheRawUserAgentOfANewOne() throws Exception {
        VisitRecord detailed = (VisitRecord) enricher.enrich(visit(FIREFOX), true);
        assertThat(detailed.browserFamily()).isEqualTo("Firefox");

        VisitRecord known = (VisitRecord) enricher.enrich(visit(FIREFOX), false);
        assertThat(known).usingRecursiveComparison().ignoringFields("id").isEqualTo(detailed);
        assertThat(known.degraded()).isFalse();

        VisitRecord unknown = (VisitRecord) enricher.enrich(visit(CHROME), false);
        assertThat(unknown.browserFamily()).isEmpty();
        assertThat(unknown.device()).isEmpty();
        assertThat(unknown.userAgent()).isEqualTo(CHROME);
        assertThat(unknown.degraded()).isTrue();
        // Skipping the analysis did not make it known.
        assertThat(agents.known(CHROME, "", "", "")).isNull();
    }

    @Test
    void recordsAVisitWithoutAnyUserAgentInFullEvenWithoutDetail() throws Exception {
        VisitRecord none = (VisitRecord) enricher.enrich(visit(""), false);
        assertThat(none.degraded()).isFalse();
        assertThat(none.userAgent()).isEmpty();
    }

    @Test
    void aConsentRecordIsDegradedExactlyWhenItCarriesTheRawUserAgent() {
        Instant ts = Instant.parse("2026-12-06T12:00:00Z");
        ConsentRecord analysed = new ConsentRecord("a", ts, "cid", "1", "h", "en", "accept-all", "first", Map.of(),
                List.of(), "opt-in", "FR", false, false, "form", "Firefox", "133.0", "Linux", "", "192.0.2.10", "s", "");
        ConsentRecord raw = new ConsentRecord("b", ts, "cid", "1", "h", "en", "accept-all", "first", Map.of(),
                List.of(), "opt-in", "FR", false, false, "form", "", "", "", "", "192.0.2.10", "s", FIREFOX);
        assertThat(analysed.degraded()).isFalse();
        assertThat(raw.degraded()).isTrue();
    }
}
