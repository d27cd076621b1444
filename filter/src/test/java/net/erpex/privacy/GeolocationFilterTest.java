package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import net.erpex.privacy.geoip.DemoDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Geolocation through the filter, with the demo database that geoip-data builds. */
class GeolocationFilterTest {

    @Nested
    class WithTheDemoDatabase {

        private static TestSite site;

        @BeforeAll
        static void start() throws Exception {
            site = TestSite.start("client.trusted-proxies", "127.0.0.1", "geo.database", TestSite.DEMO_DB,
                    "geo.country-header", "CF-IPCountry");
        }

        @AfterAll
        static void stop() throws Exception {
            site.close();
        }

        @ParameterizedTest(name = "{0} is in {3}, {1}")
        @CsvSource({
                "192.0.2.10,      FR, Île-de-France,    Paris,         Europe/Paris",
                "198.51.100.200,  DE, Berlin,           Berlin,        Europe/Berlin",
                "203.0.113.1,     US, California,       San Francisco, America/Los_Angeles",
                "2001:db8:1::1,   JP, Tokyo,            Tokyo,         Asia/Tokyo",
                "2001:db8:2:ff::, BE, Brussels Capital, Brussels,      Europe/Brussels"})
        void resolvesEachDemoNetworkToItsRow(String ip, String country, String region, String city, String zone)
                throws Exception {
            Map<String, String> seen = site.seen("/", "X-Forwarded-For", ip);
            assertThat(seen).containsEntry("country", country).containsEntry("region", region)
                    .containsEntry("city", city).containsEntry("timeZone", zone);
        }

        @Test
        void answersPrivateAndUnlistedAddressesAsUnknown() throws Exception {
            assertThat(site.seen("/", "X-Forwarded-For", "10.1.2.3")).containsEntry("country", "");
            assertThat(site.seen("/", "X-Forwarded-For", "2001:db8:9::1")).containsEntry("country", "");
        }

        @Test
        void takesTheCountryHeaderOfATrustedProxyOverTheDatabase() throws Exception {
            Map<String, String> seen = site.seen("/", "X-Forwarded-For", "192.0.2.10", "CF-IPCountry", "de");
            assertThat(seen).containsEntry("country", "DE").containsEntry("city", "");
        }

        @Test
        void treatsPseudoCountryCodesAsUnknownAndKeepsTheDatabaseAnswer() throws Exception {
            assertThat(site.seen("/", "X-Forwarded-For", "192.0.2.10", "CF-IPCountry", "T1"))
                    .containsEntry("country", "FR").containsEntry("city", "Paris");
            assertThat(site.seen("/", "X-Forwarded-For", "10.9.9.9", "CF-IPCountry", "XX"))
                    .containsEntry("country", "");
        }
    }

    @Test
    void ignoresTheCountryHeaderFromAnUntrustedPeer() throws Exception {
        try (TestSite site = TestSite.start("geo.database", TestSite.DEMO_DB, "geo.country-header", "CF-IPCountry")) {
            assertThat(site.seen("/", "CF-IPCountry", "DE")).containsEntry("country", "");
        }
    }

    @Nested
    class WithABrokenDatabase {

        @TempDir
        Path dir;

        @Test
        void failsInitNamingTheParamWhenTheFileIsMissing() {
            String missing = dir.resolve("GeoLite2-City.mmdb").toString();
            assertThatThrownBy(() -> TestSite.start("geo.database", missing))
                    .hasStackTraceContaining("geo.database='" + missing + "'")
                    .hasStackTraceContaining("geo.required=false");
        }

        @Test
        void servesNormallyWithoutGeolocationWhenNotRequired() throws Exception {
            Path corrupt = corruptCopy();
            try (TestSite site = TestSite.start("geo.database", corrupt.toString(), "geo.required", "false",
                    "client.trusted-proxies", "127.0.0.1")) {
                assertThat(site.seen("/", "X-Forwarded-For", "192.0.2.10")).containsEntry("country", "")
                        .containsEntry("remoteAddr", "192.0.2.10");
            }
        }

        @Test
        void failsInitOnACorruptFileWhenRequired() throws Exception {
            Path corrupt = corruptCopy();
            assertThatThrownBy(() -> TestSite.start("geo.database", corrupt.toString()))
                    .hasStackTraceContaining("geo.database='" + corrupt + "'");
        }

        @Test
        void picksUpAReplacedDatabaseFileWithoutARestart() throws Exception {
            Path db = dir.resolve("geo.mmdb");
            Files.write(db, "not a database yet".getBytes());
            try (TestSite site = TestSite.start("geo.database", db.toString(), "geo.required", "false",
                    "geo.reload-interval", "1s", "client.trusted-proxies", "127.0.0.1")) {
                assertThat(site.seen("/", "X-Forwarded-For", "192.0.2.10")).containsEntry("country", "");
                Path fresh = dir.resolve("geo.mmdb.tmp");
                try (var in = DemoDatabase.open()) {
                    Files.copy(in, fresh);
                }
                // As geoipupdate does: write beside, then rename over.
                Files.move(fresh, db, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                long deadline = System.nanoTime() + 20_000_000_000L;
                String country = "";
                while (country.isEmpty() && System.nanoTime() < deadline) {
                    country = site.seen("/", "X-Forwarded-For", "192.0.2.10").get("country");
                    if (country.isEmpty()) {
                        Thread.onSpinWait();
                        Thread.sleep(100); // waiting for the watcher's next look, not timing anything
                    }
                }
                assertThat(country).isEqualTo("FR");
            }
        }

        private Path corruptCopy() throws Exception {
            Path file = dir.resolve("corrupt.mmdb");
            byte[] bytes;
            try (var in = DemoDatabase.open()) {
                bytes = in.readAllBytes();
            }
            // Keep the metadata (at the end) so the reader opens it, and garble the search tree and data.
            for (int i = 0; i < bytes.length - 200; i++) {
                bytes[i] = (byte) (i * 31 + 7);
            }
            Files.write(file, bytes);
            return file;
        }
    }
}
