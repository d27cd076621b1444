package net.erpex.privacy.geoip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.maxmind.db.Reader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DemoDatabaseBuilderTest {

    // Surefire runs in the module directory.
    private static final Path SOURCE = Path.of("src/main/data/erpex-demo-city.json");
    private static final Instant SOURCE_BUILD_TIME = Instant.parse("2025-11-25T00:00:00Z");

    @TempDir
    Path dir;

    private Path build(Path source, Map<String, String> environment) throws IOException {
        Path output = dir.resolve("out/demo.mmdb");
        DemoDatabaseBuilder.build(source, output, environment);
        return output;
    }

    private Path source(String json) throws IOException {
        Path source = dir.resolve("source.json");
        Files.writeString(source, json, StandardCharsets.UTF_8);
        return source;
    }

    private static Instant buildTime(Path database) throws IOException {
        try (Reader reader = new Reader(database.toFile())) {
            return reader.getMetadata().buildTime();
        }
    }

    @Nested
    class FromTheDemoSource {

        @Test
        void producesTheSameBytesOnEveryBuild() throws IOException {
            byte[] first = Files.readAllBytes(build(SOURCE, Map.of()));
            byte[] second = Files.readAllBytes(build(SOURCE, Map.of()));

            assertThat(second).isEqualTo(first);
        }

        @Test
        void matchesThePackagedDatabaseWhenBuiltWithTheSameEpoch() throws IOException {
            byte[] packaged;
            try (InputStream in = DemoDatabase.open()) {
                packaged = in.readAllBytes();
            }
            Path packagedCopy = Files.write(dir.resolve("packaged.mmdb"), packaged);
            String epoch = Long.toString(buildTime(packagedCopy).getEpochSecond());

            byte[] rebuilt = Files.readAllBytes(build(SOURCE, Map.of(DemoDatabaseBuilder.SOURCE_DATE_EPOCH, epoch)));

            assertThat(rebuilt).isEqualTo(packaged);
        }

        @Test
        void takesTheBuildEpochFromTheSourceFile() throws IOException {
            assertThat(buildTime(build(SOURCE, Map.of()))).isEqualTo(SOURCE_BUILD_TIME);
        }

        @Test
        void letsSourceDateEpochOverrideTheBuildEpoch() throws IOException {
            Path database = build(SOURCE, Map.of(DemoDatabaseBuilder.SOURCE_DATE_EPOCH, "1700000000"));

            assertThat(buildTime(database)).isEqualTo(Instant.ofEpochSecond(1_700_000_000));
        }

        @Test
        void rejectsAMalformedSourceDateEpoch() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> build(SOURCE, Map.of(DemoDatabaseBuilder.SOURCE_DATE_EPOCH, "yesterday")))
                    .withMessageContaining("SOURCE_DATE_EPOCH 'yesterday' is not accepted");
        }
    }

    @Nested
    class InvalidSources {

        private static final String VALID_HEAD = """
                "database_type": "Test-City", "build_epoch": 0, "languages": ["en"],
                "description": {"en": "test"}""";

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                unknown key           | {VALID, "extra": 1, "networks": []}                               | unknown key 'extra'
                missing networks      | {VALID}                                                           | required key 'networks' is missing
                entry with two keys   | {VALID, "networks": [{"192.0.2.0/24": {}, "198.51.100.0/24": {}}]} | must be an object with one key
                record not an object  | {VALID, "networks": [{"192.0.2.0/24": "Paris"}]}                  | record of 192.0.2.0/24 must be a JSON object
                null field value      | {VALID, "networks": [{"192.0.2.0/24": {"city": null}}]}           | at 'city': null
                bad network           | {VALID, "networks": [{"192.0.2.0/33": {}}]}                       | invalid network '192.0.2.0/33'
                fractional epoch      | {"database_type": "T-City", "build_epoch": 1.5, "languages": [], "description": {}, "networks": []} | build_epoch 1.5 is not accepted
                not an object         | []                                                                | must be a JSON object
                """)
        void areRejectedNamingTheFileAndTheProblem(String name, String json, String message) throws IOException {
            Path source = source(json.replace("VALID", VALID_HEAD));

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> build(source, Map.of()))
                    .withMessageStartingWith(source + ": ")
                    .withMessageContaining(message);
        }

        @Test
        void mainRejectsAnythingButTwoArguments() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> DemoDatabaseBuilder.main(new String[] {"only-one.json"}))
                    .withMessage("arguments [only-one.json] are not accepted; expected <source.json> <output.mmdb>");
        }
    }
}
