package net.erpex.privacy.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import net.erpex.privacy.visit.ConsentRecord;
import net.erpex.privacy.visit.LogRecord;
import net.erpex.privacy.visit.VisitEvent;
import net.erpex.privacy.visit.VisitRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON-lines store: a visitor's records found by the per-day index, and erased while records keep arriving. */
class JsonLinesStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant DAY1 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant DAY2 = Instant.parse("2026-11-25T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(DAY2, ZoneOffset.UTC);
    private static final Map<String, Duration> RETENTION = Map.of("visits", Duration.ofDays(90), "consents",
            Duration.ofDays(1826));

    @TempDir
    Path dir;
    private final List<JsonLinesStore> opened = new ArrayList<>();

    @AfterEach
    void closeStores() throws IOException {
        for (JsonLinesStore store : opened) {
            store.close();
        }
    }

    private JsonLinesStore open() throws IOException {
        JsonLinesStore store = new JsonLinesStore(dir, RETENTION, CLOCK);
        opened.add(store);
        return store;
    }

    private static VisitRecord visit(String session, Instant ts, String path) {
        return new VisitRecord(VisitEvent.newId(), ts, "192.0.2.10", "FR", "", "", "fr", "GET", path, 200, "Firefox",
                "133.0", "Linux", "", "desktop", "", "none", session, "");
    }

    private static ConsentRecord consent(String consentId, String session, Instant ts) {
        return new ConsentRecord(VisitEvent.newId(), ts, consentId, "1", "h", "en", "accept-all", "first",
                Map.of("analytics", true), List.of(), "opt-in", "FR", false, false, "form", "Firefox", "133.0",
                "Linux", "", "192.0.2.10", session);
    }

    /** Many other visitors' visits on two days, and the subject's few among them. */
    private static List<LogRecord> crowd(int others, String subject) {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < others; i++) {
            records.add(visit("other-" + i, i % 2 == 0 ? DAY1 : DAY2, "/crowd/" + i));
            if (i % 1000 == 0) {
                records.add(visit(subject, i % 2 == 0 ? DAY1 : DAY2, "/mine/" + i));
            }
        }
        return records;
    }

    private static List<String> paths(List<FoundRecord> found) throws IOException {
        List<String> paths = new ArrayList<>();
        for (FoundRecord r : found) {
            if (r.stream().equals("visits")) {
                paths.add(JSON.readTree(r.json()).get("path").asText());
            }
        }
        return paths;
    }

    private List<String> allLines() throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    @Nested
    class Finding {

        @Test
        void findsTheSubjectsRecordsOnEveryDayByTheIndexWithoutReadingOtherLines() throws Exception {
            JsonLinesStore store = open();
            store.write(crowd(5000, "alice"));
            store.write(List.of(consent("consent-a", "", DAY1)));

            List<FoundRecord> found = store.find(SubjectQuery.of(Set.of("alice"), Set.of("consent-a")));

            assertThat(paths(found)).containsExactlyInAnyOrder("/mine/0", "/mine/1000", "/mine/2000", "/mine/3000",
                    "/mine/4000");
            assertThat(found).filteredOn(r -> r.stream().equals("consents")).hasSize(1);
            assertThat(store.bytesScanned()).isZero();
        }

        @Test
        void findsWhatAnEarlierRunWroteOnceItsIndexIsSealedAtClose() throws Exception {
            JsonLinesStore first = open();
            first.write(crowd(3000, "alice"));
            first.close();
            opened.remove(first);

            JsonLinesStore second = open();
            second.write(List.of(visit("alice", DAY2, "/after-restart")));

            assertThat(paths(second.find(SubjectQuery.of(Set.of("alice"), Set.of()))))
                    .containsExactlyInAnyOrder("/mine/0", "/mine/1000", "/mine/2000", "/after-restart");
            assertThat(second.bytesScanned()).isZero();
        }

        @Test
        void readsFilesWithoutAnIndexInFullAndIndexesThemInTheBackground() throws Exception {
            JsonLinesStore first = open();
            first.write(crowd(2000, "alice"));
            first.close();
            opened.remove(first);
            deleteRecursively(dir.resolve(DayIndexes.DIR));

            JsonLinesStore second = open();
            List<String> before = paths(second.find(SubjectQuery.of(Set.of("alice"), Set.of())));
            second.awaitIndexed();
            long scannedBefore = second.bytesScanned();
            List<String> after = paths(second.find(SubjectQuery.of(Set.of("alice"), Set.of())));

            assertThat(before).containsExactlyInAnyOrder("/mine/0", "/mine/1000");
            assertThat(after).containsExactlyInAnyOrderElementsOf(before);
            assertThat(scannedBefore).isPositive();
            assertThat(second.bytesScanned()).isEqualTo(scannedBefore);
        }

        @Test
        void ignoresAnIndexThatDescribesAnotherFileUnderTheSameName() throws Exception {
            JsonLinesStore first = open();
            first.write(crowd(2000, "alice"));
            first.close();
            opened.remove(first);
            // Replaced behind the store's back (a restore from backup, an edit): a new inode with other offsets.
            Path day1 = dir.resolve("visits-2026-11-24.jsonl");
            List<String> lines = new ArrayList<>(Files.readAllLines(day1, StandardCharsets.UTF_8));
            lines.add(0, JSON.writeValueAsString(Map.of("id", "x", "ts", "2026-11-24T01:00:00.000Z", "session", "bob")));
            Path copy = dir.resolve("restored.tmp");
            Files.write(copy, lines, StandardCharsets.UTF_8);
            Files.move(copy, day1, StandardCopyOption.REPLACE_EXISTING);

            JsonLinesStore second = open();

            assertThat(paths(second.find(SubjectQuery.of(Set.of("alice"), Set.of()))))
                    .containsExactlyInAnyOrder("/mine/0", "/mine/1000");
        }

        @Test
        void keepsNoSessionHashOrConsentIdInTheIndexFiles() throws Exception {
            JsonLinesStore store = open();
            store.write(List.of(visit("SeSsIoNhAsH-of-alice", DAY1, "/a"), consent("CoNsEnT-iD-of-alice", "", DAY1)));
            store.close();
            opened.remove(store);

            try (Stream<Path> files = Files.list(dir.resolve(DayIndexes.DIR))) {
                List<Path> indexFiles = files.filter(p -> p.toString().endsWith(DayIndexes.SUFFIX)).toList();
                assertThat(indexFiles).hasSize(2);
                for (Path f : indexFiles) {
                    String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    assertThat(bytes).doesNotContain("SeSsIoNhAsH", "CoNsEnT-iD", "192.0.2.10");
                }
            }
        }
    }

    @Nested
    class Erasing {

        @Test
        void removesExactlyTheSubjectsLinesAndKeepsTheIndexRight() throws Exception {
            JsonLinesStore store = open();
            store.write(crowd(5000, "alice"));
            store.write(List.of(visit("bob", DAY2, "/bob")));

            Map<String, Integer> erased = store.erase(SubjectQuery.of(Set.of("alice"), Set.of()));

            assertThat(erased).containsEntry("visits", 5);
            assertThat(allLines()).hasSize(5001).noneMatch(l -> l.contains("\"alice\""));
            assertThat(store.find(SubjectQuery.of(Set.of("alice"), Set.of()))).isEmpty();
            assertThat(paths(store.find(SubjectQuery.of(Set.of("bob"), Set.of())))).containsExactly("/bob");
            assertThat(paths(store.find(SubjectQuery.of(Set.of("other-4999"), Set.of())))).containsExactly("/crowd/4999");
            assertThat(store.bytesScanned()).isZero();
        }

        @Test
        void losesNothingAppendedWhileItRewritesTheFile() throws Exception {
            JsonLinesStore store = open();
            store.write(crowd(20_000, "alice"));
            AtomicBoolean stop = new AtomicBoolean();
            Set<String> appended = new HashSet<>();
            ExecutorService writer = Executors.newSingleThreadExecutor();
            Future<?> writing = writer.submit(() -> {
                int n = 0;
                while ((!stop.get() || n < 50) && n < 40_000) {
                    List<LogRecord> batch = new ArrayList<>();
                    for (int i = 0; i < 20; i++, n++) {
                        // Some of the subject's own visits arrive during the erasure too.
                        batch.add(visit(n % 7 == 0 ? "alice" : "late-" + n, DAY2, "/late/" + n));
                    }
                    store.write(batch);
                    batch.forEach(r -> appended.add(((VisitRecord) r).path()));
                }
                return null;
            });

            store.erase(SubjectQuery.of(Set.of("alice"), Set.of()));
            stop.set(true);
            writing.get(60, TimeUnit.SECONDS);
            writer.shutdown();
            store.erase(SubjectQuery.of(Set.of("alice"), Set.of()));

            List<String> lines = allLines();
            Set<String> present = new HashSet<>();
            for (String line : lines) {
                present.add(JSON.readTree(line).get("path").asText());
            }
            assertThat(lines).noneMatch(l -> l.contains("\"alice\""));
            for (String path : appended) {
                boolean alices = Integer.parseInt(path.substring("/late/".length())) % 7 == 0;
                assertThat(present.contains(path)).as(path).isEqualTo(!alices);
            }
            assertThat(present).contains("/crowd/0", "/crowd/19999");
            assertThat(paths(store.find(SubjectQuery.of(Set.of("late-1"), Set.of())))).containsExactly("/late/1");
        }
    }

    @Nested
    class Retention {

        @Test
        void deletesADaysIndexWithItsFile() throws Exception {
            JsonLinesStore store = open();
            store.write(List.of(visit("alice", DAY1, "/old")));
            store.maintain(DAY1.plus(Duration.ofDays(2)));
            store.awaitIndexed();
            assertThat(dir.resolve(DayIndexes.DIR).resolve("visits-2026-11-24.idx")).exists();

            store.maintain(DAY1.plus(Duration.ofDays(92)));

            assertThat(dir.resolve("visits-2026-11-24.jsonl")).doesNotExist();
            assertThat(dir.resolve(DayIndexes.DIR).resolve("visits-2026-11-24.idx")).doesNotExist();
            assertThat(store.find(SubjectQuery.of(Set.of("alice"), Set.of()))).isEmpty();
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(p);
            }
        }
    }
}
