package net.erpex.privacy.store;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.erpex.privacy.visit.JsonLinesSink;
import net.erpex.privacy.visit.LogRecord;
import net.erpex.privacy.visit.RecordSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON-lines files as a store: writes through {@link JsonLinesSink}, and finds or erases a data subject's lines in
 * every {@code <stream>-YYYY-MM-DD.jsonl} file of the directory. An erasure rewrites each file that holds a match to a
 * temporary file and moves it over the original, after the sink has let go of its open files (it reopens them on the
 * next write); a crash in between leaves either the old or the new file, never half of one.
 */
public final class JsonLinesStore implements RecordSink, DataSubjectStore {

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesStore.class);
    private static final Pattern FILE_NAME = Pattern.compile("([a-z0-9-]+)-(\\d{4}-\\d{2}-\\d{2})\\.jsonl");

    private final JsonLinesSink sink;
    private final Path dir;

    public JsonLinesStore(JsonLinesSink sink, Path dir) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath();
    }

    @Override
    public void write(List<LogRecord> batch) throws IOException {
        sink.write(batch);
    }

    @Override
    public void maintain(Instant now) throws IOException {
        sink.maintain(now);
    }

    @Override
    public List<FoundRecord> find(SubjectQuery query) throws IOException {
        List<FoundRecord> found = new ArrayList<>();
        if (query.isEmpty()) {
            return found;
        }
        for (DayFile file : files(query)) {
            try (BufferedReader in = Files.newBufferedReader(file.path, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    RecordKeys keys = RecordKeys.parse(line);
                    if (keys != null && keys.matches(query)) {
                        found.add(new FoundRecord(file.stream, keys.id(), keys.ts() == null ? Instant.EPOCH
                                : keys.ts(), line));
                    }
                }
            }
        }
        found.sort(Comparator.comparing(FoundRecord::time));
        return found;
    }

    @Override
    public Map<String, Integer> erase(SubjectQuery query) throws IOException {
        Map<String, Integer> erased = new TreeMap<>();
        if (query.isEmpty()) {
            return erased;
        }
        // The sink appends through open channels; a file replaced under them would swallow the next lines.
        sink.close();
        for (DayFile file : files(query)) {
            int removed = rewriteWithout(file.path, query);
            if (removed > 0) {
                erased.merge(file.stream, removed, Integer::sum);
                LOG.info("erased {} records of a data subject from {}", removed, file.path);
            }
        }
        return erased;
    }

    private static int rewriteWithout(Path file, SubjectQuery query) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".erasing");
        int removed = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                RecordKeys keys = RecordKeys.parse(line);
                if (keys != null && keys.matches(query)) {
                    removed++;
                } else {
                    out.write(line);
                    out.write('\n');
                }
            }
        }
        if (removed == 0) {
            Files.delete(temp);
            return 0;
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return removed;
    }

    /** The daily files that can hold matches: all of them, or for an address only those of its days. */
    private List<DayFile> files(SubjectQuery query) throws IOException {
        boolean byDayOnly = query.sessions().isEmpty() && query.consentIds().isEmpty();
        List<DayFile> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir, "*.jsonl")) {
            for (Path path : all) {
                Matcher m = FILE_NAME.matcher(path.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                LocalDate day = LocalDate.parse(m.group(2));
                if (byDayOnly && !overlaps(day, query)) {
                    continue;
                }
                files.add(new DayFile(m.group(1), day, path));
            }
        }
        files.sort(Comparator.comparing(DayFile::day));
        return files;
    }

    private static boolean overlaps(LocalDate day, SubjectQuery query) {
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return start.isBefore(query.to()) && end.isAfter(query.from());
    }

    @Override
    public void close() throws IOException {
        sink.close();
    }

    @Override
    public String toString() {
        return "JsonLinesStore[" + dir + "]";
    }

    private record DayFile(String stream, LocalDate day, Path path) {
    }
}
