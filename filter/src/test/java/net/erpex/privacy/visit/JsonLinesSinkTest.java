package net.erpex.privacy.visit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonLinesSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(TestRecords.NOON, ZoneOffset.UTC);
    private static final Map<String, Duration> RETENTION = Map.of("visits", Duration.ofDays(30),
            "consents", Duration.ofDays(400));

    @TempDir
    Path dir;

    private final List<JsonLinesSink> opened = new ArrayList<>();

    @AfterEach
    void closeSinks() throws IOException {
        for (JsonLinesSink sink : opened) {
            sink.close();
        }
    }

    private JsonLinesSink sink() throws IOException {
        JsonLinesSink sink = new JsonLinesSink(dir, RETENTION, CLOCK);
        opened.add(sink);
        return sink;
    }

    private List<String> ids(String fileName) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(fileName), StandardCharsets.UTF_8)) {
            ids.add(JSON.readTree(line).get("id").asText());
        }
        return ids;
    }

    private static LogRecord consent(String id, Instant time) {
        return new SimpleRecord("consents", id, time);
    }

    @Nested
    class FilesByDay {

        @Test
        void writesEachRecordToTheFileOfItsUtcDayEvenWithinOneBatch() throws IOException {
            sink().write(List.of(
                    TestRecords.record("before", Instant.parse("2026-11-25T23:59:59.999Z")),
                    TestRecords.record("after", Instant.parse("2026-11-26T00:00:00Z")),
                    TestRecords.record("later", Instant.parse("2026-11-26T00:00:01Z"))));

            assertThat(ids("visits-2026-11-25.jsonl")).containsExactly("before");
            assertThat(ids("visits-2026-11-26.jsonl")).containsExactly("after", "later");
        }

        @Test
        void appendsToAFileThatAlreadyExists() throws IOException {
            try (JsonLinesSink first = new JsonLinesSink(dir, RETENTION, CLOCK)) {
                first.write(List.of(TestRecords.record("one", TestRecords.NOON)));
            }
            sink().write(List.of(TestRecords.record("two", TestRecords.NOON)));

            assertThat(ids("visits-2026-11-25.jsonl")).containsExactly("one", "two");
        }

        @Test
        void writesALateRecordOfAnEarlierDayToThatDaysFile() throws IOException {
            JsonLinesSink sink = sink();
            sink.write(List.of(TestRecords.record("new-day", Instant.parse("2026-11-26T00:00:00.100Z"))));
            sink.write(List.of(TestRecords.record("late", Instant.parse("2026-11-25T23:59:59.900Z")),
                    TestRecords.record("new-day-2", Instant.parse("2026-11-26T00:00:00.200Z"))));

            assertThat(ids("visits-2026-11-25.jsonl")).containsExactly("late");
            assertThat(ids("visits-2026-11-26.jsonl")).containsExactly("new-day", "new-day-2");
        }

        @Test
        void keepsStreamsInTheirOwnFiles() throws IOException {
            sink().write(List.of(TestRecords.record("visit", TestRecords.NOON), consent("proof", TestRecords.NOON)));

            assertThat(ids("visits-2026-11-25.jsonl")).containsExactly("visit");
            assertThat(ids("consents-2026-11-25.jsonl")).containsExactly("proof");
        }

        @Test
        void filesARecordWithoutTimeUnderTheClocksDay() throws IOException {
            sink().write(List.of(new SimpleRecord("visits", "timeless", null)));

            assertThat(ids("visits-2026-11-25.jsonl")).containsExactly("timeless");
        }

        @Test
        void rejectsAStreamNameThatIsNotSafeInAFileName() throws IOException {
            JsonLinesSink sink = sink();

            assertThatThrownBy(() -> sink.write(List.of(TestRecords.record("ok", TestRecords.NOON),
                    new SimpleRecord("../etc", "bad", TestRecords.NOON))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'../etc'");
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files).isEmpty();
            }
        }
    }

    @Nested
    class FailedBatches {

        @Test
        void leaveNothingBehindSoARetryWritesEachLineOnce() throws IOException {
            JsonLinesSink sink = sink();
            sink.write(List.of(TestRecords.record("earlier", Instant.parse("2026-11-25T23:00:00Z"))));
            Path blocker = Files.createDirectory(dir.resolve("visits-2026-11-26.jsonl"));
            List<LogRecord> batch = List.of(
                    TestRecords.record("before-midnight", Instant.parse("2026-11-25T23:59:59Z")),
                    TestRecords.record("after-midnight", Instant.parse("2026-11-26T00:00:01Z")));

            assertThatThrownBy(() -> sink.write(batch)).isInstanceOf(IOException.class);
            assertThat(ids("visits-2026-11-25.jsonl")).containsExactly("earlier");

            Files.delete(blocker);
            sink.write(batch);

            assertThat(ids("visits-2026-11-25.jsonl")).containsExactly("earlier", "before-midnight");
            assertThat(ids("visits-2026-11-26.jsonl")).containsExactly("after-midnight");
        }

        @Test
        void writeNothingWhenARecordCannotBeSerialised() throws IOException {
            LogRecord unfinished = new SimpleRecord("visits", "unfinished", TestRecords.NOON) {
                @Override
                public void writeJson(JsonWriter w) {
                    w.startObject();
                }
            };
            JsonLinesSink sink = sink();

            assertThatThrownBy(() -> sink.write(List.of(TestRecords.record("ok", TestRecords.NOON), unfinished)))
                    .isInstanceOf(IOException.class).hasMessageContaining("unfinished");
            assertThat(dir.resolve("visits-2026-11-25.jsonl")).doesNotExist();
        }
    }

    @Nested
    class Retention {

        private void touch(String... names) throws IOException {
            for (String name : names) {
                Files.writeString(dir.resolve(name), "{}\n");
            }
        }

        private List<String> remaining() throws IOException {
            try (Stream<Path> files = Files.list(dir)) {
                return files.map(path -> path.getFileName().toString()).sorted().toList();
            }
        }

        @Test
        void deletesExactlyTheFilesWhoseWholeDayIsOlderThanTheRetention() throws IOException {
            touch("visits-2026-10-24.jsonl", "visits-2026-10-25.jsonl", "visits-2026-10-26.jsonl",
                    "visits-2026-11-25.jsonl", "consents-2026-10-24.jsonl", "consents-2025-10-20.jsonl",
                    "other-2020-01-01.jsonl", "visits-2026-13-45.jsonl", "visits-latest.jsonl",
                    "visits-2020-01-01.jsonl.gz", "notes.txt");

            sink().maintain(Instant.parse("2026-11-25T12:00:00Z"));

            assertThat(remaining()).containsExactly("consents-2026-10-24.jsonl", "notes.txt",
                    "other-2020-01-01.jsonl", "visits-2020-01-01.jsonl.gz", "visits-2026-10-26.jsonl",
                    "visits-2026-11-25.jsonl", "visits-2026-13-45.jsonl", "visits-latest.jsonl");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                day ended exactly one retention ago  | 2026-11-25T00:00:00Z     | true
                day ended a millisecond too recently | 2026-11-24T23:59:59.999Z | false
                day still running a retention ago    | 2026-11-24T12:00:00Z     | false
                """)
        void deletesADayOnceItsLastInstantIsOlderThanTheRetention(String name, Instant now, boolean deleted)
                throws IOException {
            touch("visits-2026-10-25.jsonl");

            sink().maintain(now);

            assertThat(Files.exists(dir.resolve("visits-2026-10-25.jsonl"))).isEqualTo(!deleted);
        }

        @Test
        void closesAFileOfAPastDayBeforeDeletingItAndRecreatesItForALateRecord() throws IOException {
            JsonLinesSink sink = new JsonLinesSink(dir, Map.of("visits", Duration.ofHours(1)), CLOCK);
            opened.add(sink);
            sink.write(List.of(TestRecords.record("first", Instant.parse("2026-11-25T22:00:00Z"))));

            sink.maintain(Instant.parse("2026-11-25T23:30:00Z"));
            assertThat(ids("visits-2026-11-25.jsonl")).containsExactly("first");

            sink.maintain(Instant.parse("2026-11-26T01:00:00Z"));
            assertThat(dir.resolve("visits-2026-11-25.jsonl")).doesNotExist();

            sink.write(List.of(TestRecords.record("late", Instant.parse("2026-11-25T23:59:00Z"))));
            assertThat(ids("visits-2026-11-25.jsonl")).containsExactly("late");
        }
    }

    @Nested
    class Construction {

        @Test
        void createsAMissingDirectory() throws IOException {
            Path nested = dir.resolve("a/b/visits");

            try (JsonLinesSink sink = new JsonLinesSink(nested, Map.of(), CLOCK)) {
                sink.write(List.of(TestRecords.record("x", TestRecords.NOON)));
            }

            assertThat(nested.resolve("visits-2026-11-25.jsonl")).exists();
        }

        @Test
        void rejectsAPathThatIsAFile() throws IOException {
            Path file = Files.writeString(dir.resolve("plain.txt"), "x");

            assertThatThrownBy(() -> new JsonLinesSink(file, Map.of(), CLOCK)).isInstanceOf(IOException.class)
                    .hasMessage("visit log directory " + file + " exists but is not a directory");
        }

        @Test
        void rejectsADirectoryThatCannotBeCreated() throws IOException {
            Path file = Files.writeString(dir.resolve("plain.txt"), "x");

            assertThatThrownBy(() -> new JsonLinesSink(file.resolve("sub"), Map.of(), CLOCK))
                    .isInstanceOf(IOException.class).hasMessageStartingWith("cannot create visit log directory");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                zero retention     | visits  | PT0S  | retention of stream visits must be a positive duration, got PT0S
                negative retention | visits  | -P1D  | retention of stream visits must be a positive duration, got PT-24H
                upper-case stream  | Visits  | P1D   | stream name 'Visits' is not accepted: use lower-case letters, digits and single dashes, e.g. visits
                path in stream     | a/b     | P1D   | stream name 'a/b' is not accepted: use lower-case letters, digits and single dashes, e.g. visits
                """)
        void rejectsBadRetentionSettings(String name, String stream, Duration keep, String message) {
            assertThatThrownBy(() -> new JsonLinesSink(dir, Map.of(stream, keep), CLOCK))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
        }
    }

    /** A record of any stream with just an id, like the consent records that will share this sink. */
    private static class SimpleRecord implements LogRecord {
        private final String stream;
        private final String id;
        private final Instant time;

        SimpleRecord(String stream, String id, Instant time) {
            this.stream = stream;
            this.id = id;
            this.time = time;
        }

        @Override
        public String stream() {
            return stream;
        }

        @Override
        public Instant time() {
            return time;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void writeJson(JsonWriter w) {
            w.startObject().field("id", id).endObject();
        }
    }
}
