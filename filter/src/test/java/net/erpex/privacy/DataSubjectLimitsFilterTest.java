package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The visitor's rights are not a lever against the site: each client address gets endpoints.data-rate requests. */
class DataSubjectLimitsFilterTest {

    private TestSite site;

    @BeforeEach
    void start() throws Exception {
        site = TestSite.start("client.trusted-proxies", "127.0.0.1", "endpoints.data-rate", "2/1m");
    }

    @AfterEach
    void stop() throws Exception {
        site.close();
    }

    private HttpResponse<String> myData(String ip) throws Exception {
        return site.get("/privacy/my-data", "X-Forwarded-For", ip);
    }

    private HttpResponse<String> erase(String ip) throws Exception {
        return site.postEmpty("/privacy/my-data/erase", "X-Forwarded-For", ip, "Origin", site.origin());
    }

    @Nested
    class RateLimit {

        @Test
        void answers429WithRetryAfterOnceAnAddressHasUsedItsRate() throws Exception {
            assertThat(myData("192.0.2.10").statusCode()).isEqualTo(200);
            assertThat(erase("192.0.2.10").statusCode()).isEqualTo(200);

            HttpResponse<String> limited = myData("192.0.2.10");

            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("30");
            assertThat(DataSubjectFilterTest.JSON.readTree(limited.body()).get("error").asText())
                    .contains("too many requests");
            assertThat(erase("192.0.2.10").statusCode()).isEqualTo(429);
            assertThat(site.filter().counters()).containsEntry("data-request-limited", 2L);
        }

        @Test
        void countsEachAddressOnItsOwn() throws Exception {
            myData("192.0.2.10");
            myData("192.0.2.10");

            assertThat(myData("198.51.100.20").statusCode()).isEqualTo(200);
            assertThat(myData("192.0.2.10").statusCode()).isEqualTo(429);
        }

        @Test
        void countsTheAddressesOfOneIpv6SlashSixtyFourTogether() throws Exception {
            assertThat(myData("2001:db8:1:2::1").statusCode()).isEqualTo(200);
            assertThat(myData("2001:db8:1:2:ffff::9").statusCode()).isEqualTo(200);

            assertThat(myData("2001:db8:1:2::abcd").statusCode()).isEqualTo(429);
            assertThat(myData("2001:db8:1:3::1").statusCode()).isEqualTo(200);
        }
    }
}
