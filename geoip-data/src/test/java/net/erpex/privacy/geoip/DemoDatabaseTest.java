package net.erpex.privacy.geoip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CityResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads the database that the build packaged on the classpath through MaxMind's own GeoIP2 reader. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoDatabaseTest {

    private DatabaseReader reader;

    @BeforeAll
    void openThePackagedDatabase() throws IOException {
        try (InputStream in = DemoDatabase.open()) {
            reader = new DatabaseReader.Builder(in).locales(List.of("en")).build();
        }
    }

    @AfterAll
    void close() throws IOException {
        reader.close();
    }

    private CityResponse city(InetAddress address) throws IOException, GeoIp2Exception {
        return reader.tryCity(address).orElseThrow(() -> new AssertionError("no record for " + address));
    }

    private static InetAddress ip(String literal) throws IOException {
        return InetAddress.getByName(literal);
    }

    private static void assertRow(CityResponse city, String country, String subdivision, String subdivisionName,
            String cityName, String timeZone, double latitude, double longitude) {
        assertThat(city.country().isoCode()).isEqualTo(country);
        assertThat(city.registeredCountry().isoCode()).isEqualTo(country);
        assertThat(city.mostSpecificSubdivision().isoCode()).isEqualTo(subdivision);
        assertThat(city.mostSpecificSubdivision().name()).isEqualTo(subdivisionName);
        assertThat(city.city().name()).isEqualTo(cityName);
        assertThat(city.location().timeZone()).isEqualTo(timeZone);
        assertThat(city.location().latitude()).isCloseTo(latitude, within(1e-9));
        assertThat(city.location().longitude()).isCloseTo(longitude, within(1e-9));
        assertThat(city.location().accuracyRadius()).isPositive();
    }

    @Nested
    class PackagedResource {

        @Test
        void isOnTheClasspathAtTheDocumentedLocation() {
            assertThat(DemoDatabase.class.getClassLoader().getResource(DemoDatabase.CLASSPATH_LOCATION)).isNotNull();
            assertThat(DemoDatabase.CLASSPATH_LOCATION).isEqualTo("net/erpex/privacy/geoip/erpex-demo-city.mmdb");
        }

        @Test
        void saysInItsMetadataThatItIsNotRealGeography() {
            assertThat(reader.metadata().databaseType()).isEqualTo(DemoDatabase.DATABASE_TYPE);
            assertThat(reader.metadata().description().get("en")).contains("NOT REAL GEOGRAPHY");
            assertThat(reader.metadata().languages()).containsExactlyInAnyOrder("de", "en", "fr", "ja");
            assertThat(reader.metadata().ipVersion()).isEqualTo(6);
        }
    }

    @Nested
    class Rows {

        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource(delimiter = '|', textBlock = """
                # name                   | address                   | country | subdivision | subdivision name | city          | time zone           | latitude | longitude
                first of 192.0.2.0/24    | 192.0.2.0                 | FR      | IDF         | Île-de-France    | Paris         | Europe/Paris        | 48.8566  | 2.3522
                last of 192.0.2.0/24     | 192.0.2.255               | FR      | IDF         | Île-de-France    | Paris         | Europe/Paris        | 48.8566  | 2.3522
                198.51.100.0/24          | 198.51.100.42             | DE      | BE          | Berlin           | Berlin        | Europe/Berlin       | 52.52    | 13.405
                203.0.113.0/24           | 203.0.113.200             | US      | CA          | California       | San Francisco | America/Los_Angeles | 37.7749  | -122.4194
                2001:db8:1::/48          | 2001:db8:1::1             | JP      | 13          | Tokyo            | Tokyo         | Asia/Tokyo          | 35.6895  | 139.6917
                last of 2001:db8:1::/48  | 2001:db8:1:ffff::ffff     | JP      | 13          | Tokyo            | Tokyo         | Asia/Tokyo          | 35.6895  | 139.6917
                2001:db8:2::/48          | 2001:db8:2:42::1          | BE      | BRU         | Brussels Capital | Brussels      | Europe/Brussels     | 50.8503  | 4.3517
                IPv4-mapped text         | ::ffff:192.0.2.1          | FR      | IDF         | Île-de-France    | Paris         | Europe/Paris        | 48.8566  | 2.3522
                """)
        void resolveThroughGeoIp2(String name, String address, String country, String subdivision,
                String subdivisionName, String cityName, String timeZone, double latitude, double longitude)
                throws IOException, GeoIp2Exception {
            assertRow(city(ip(address)), country, subdivision, subdivisionName, cityName, timeZone, latitude,
                    longitude);
        }

        @ParameterizedTest(name = "::ffff:{0}")
        @CsvSource(delimiter = '|', textBlock = """
                192.0.2.1     | FR | IDF | Île-de-France | Paris         | Europe/Paris        | 48.8566 | 2.3522
                198.51.100.1  | DE | BE  | Berlin        | Berlin        | Europe/Berlin       | 52.52   | 13.405
                203.0.113.1   | US | CA  | California    | San Francisco | America/Los_Angeles | 37.7749 | -122.4194
                """)
        void resolveIpv4MappedAddressesKeptAsIpv6(String ipv4, String country, String subdivision,
                String subdivisionName, String cityName, String timeZone, double latitude, double longitude)
                throws IOException, GeoIp2Exception {
            assertRow(city(TestDatabases.ipv4Mapped(ipv4)), country, subdivision, subdivisionName,
                    cityName, timeZone, latitude, longitude);
        }

        @Test
        void carryNamesInSeveralLanguages() throws IOException, GeoIp2Exception {
            CityResponse brussels = city(ip("2001:db8:2::1"));

            assertThat(brussels.city().names())
                    .containsEntry("en", "Brussels")
                    .containsEntry("fr", "Bruxelles")
                    .containsEntry("de", "Brüssel")
                    .containsEntry("ja", "ブリュッセル");
            assertThat(brussels.continent().code()).isEqualTo("EU");
            assertThat(brussels.country().isInEuropeanUnion()).isTrue();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"2001:db8::1", "2001:db8:0:ffff:ffff:ffff:ffff:ffff", "2001:db8:3::", "::1"})
        void leaveEveryOtherAddressUnknown(String address) throws IOException, GeoIp2Exception {
            assertThat(reader.tryCity(ip(address))).isEmpty();
        }
    }
}
