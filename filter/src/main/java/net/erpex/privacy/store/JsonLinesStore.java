package net.erpex.privacy.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import net.erpex.privacy.visit.DayFileName;
import net.erpex.privacy.visit.JsonLinesSink;
import net.erpex.privacy.visit.LogRecord;
import net.erpex.privacy.visit.RecordSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON-lines files as a store: writes through {@link JsonLinesSink} on the recorder thread, and finds or erases a
 * data subject's lines from another thread while the writes go on.
 *
 * <p>A search reads only complete lines, so it never sees half a batch. An erasure rewrites each file that holds a
 * match with a {@link DayFileRewriter}: the writes wait only for its final catch-up and rename, and nothing appended
 * during the rewrite is lost. The writes, retention and that final step share one lock.
 */
public final class JsonLinesStore implements RecordSink, DataSubjectStore {

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesStore.class);

    private final Path dir;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final JsonLinesSink sink;
    private final DayFileRewriter rewriter;

    /**
     * Opens the store in {@code dir} (created if missing).
     *
     * @param retentionByStream how long each stream's files are kept; streams not listed are kept forever
     * @param clock             the day of records without a time
     * @throws IOException when the directory cannot be created or written
     */
    public JsonLinesStore(Path dir, Map<String, Duration> retentionByStream, Clock clock) throws IOException {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath();
        this.sink = new JsonLinesSink(this.dir, retentionByStream, clock);
        this.rewriter = new DayFileRewriter(writeLock, sink::release);
        removeStaleCopies();
    }

    @Override
    public void write(List<LogRecord> batch) throws IOException {
        writeLock.lock();
        try {
            sink.write(batch);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void writeDurably(List<LogRecord> batch) throws IOException {
        writeLock.lock();
        try {
            sink.writeDurably(batch);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void maintain(Instant now) throws IOException {
        writeLock.lock();
        try {
            sink.maintain(now);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public List<FoundRecord> find(SubjectQuery query) throws IOException {
        List<FoundRecord> found = new ArrayList<>();
        if (query.isEmpty()) {
            return found;
        }
        LineMatcher matcher = new LineMatcher(query);
        for (DayFile file : files(query)) {
            try (FileChannel in = FileChannel.open(file.path, StandardOpenOption.READ)) {
                LineScanner.scan(in, 0, in.size(), (bytes, start, end, offset) -> {
                    LineMatcher.Match match = matcher.match(bytes, start, end);
                    if (match != null) {
                        found.add(found(file.name.stream(), match));
                    }
                });
            } catch (NoSuchFileException expired) {
                // Deleted by retention since it was listed: nothing of it to answer.
            }
        }
        found.sort(Comparator.comparing(FoundRecord::time));
        return found;
    }

    private static FoundRecord found(String stream, LineMatcher.Match match) {
        RecordKeys keys = match.keys();
        return new FoundRecord(stream, keys.id(), keys.ts() == null ? Instant.EPOCH : keys.ts(), match.line());
    }

    @Override
    public Map<String, Integer> erase(SubjectQuery query) throws IOException {
        Map<String, Integer> erased = new TreeMap<>();
        if (query.isEmpty()) {
            return erased;
        }
        LineMatcher matcher = new LineMatcher(query);
        for (DayFile file : files(query)) {
            DayFileRewriter.Result result = rewriter.rewrite(file.path, matcher, match -> { });
            if (result.removed() > 0) {
                erased.merge(file.name.stream(), result.removed(), Integer::sum);
                LOG.info("erased {} records of a data subject from {}", result.removed(), file.path);
            }
        }
        return erased;
    }

    /** The daily files that can hold matches: all of them, or for an address only those of its days. */
    private List<DayFile> files(SubjectQuery query) throws IOException {
        boolean byDayOnly = query.sessions().isEmpty() && query.consentIds().isEmpty();
        List<DayFile> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir, "*" + DayFileName.SUFFIX)) {
            for (Path path : all) {
                Optional<DayFileName> name = DayFileName.parse(path);
                if (name.isPresent() && (!byDayOnly || overlaps(name.get().day(), query))) {
                    files.add(new DayFile(name.get(), path));
                }
            }
        }
        files.sort(Comparator.comparing((DayFile f) -> f.name.day()).thenComparing(f -> f.name.stream()));
        return files;
    }

    private static boolean overlaps(LocalDate day, SubjectQuery query) {
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return start.isBefore(query.to()) && end.isAfter(query.from());
    }

    /** A rewrite cut short by a crash leaves its copy behind; the original is intact. */
    private void removeStaleCopies() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(dir, "*" + DayFileRewriter.TEMP_SUFFIX)) {
            for (Path copy : copies) {
                Files.deleteIfExists(copy);
                LOG.info("removed {}, left by an erasure that did not finish; the original file is intact", copy);
            }
        }
    }

    @Override
    public void close() throws IOException {
        writeLock.lock();
        try {
            sink.close();
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "JsonLinesStore[" + dir + "]";
    }

    private record DayFile(DayFileName name, Path path) {
    }
}
