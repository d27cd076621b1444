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
import java.util.TreeSet;
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
 * <p>A search looks the subject's session hashes and consent ids up in each day's index ({@link DayIndexes}) and reads
 * only the lines found there, plus any part of a file no index covers yet; it reads complete lines only, so it never
 * sees half a batch. An address within dates (an operator's request) is searched by reading the days it spans. An
 * erasure rewrites each file that holds a match with a {@link DayFileRewriter}, carrying the file's index along: the
 * writes wait only for its final catch-up and rename, and nothing appended during the rewrite is lost. The writes,
 * retention and that final step share one lock.
 */
public final class JsonLinesStore implements RecordSink, DataSubjectStore {

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesStore.class);

    private final Path dir;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final JsonLinesSink sink;
    private final DayIndexes indexes;
    private final DayFileRewriter rewriter;
    /** Bytes read line by line by searches because no index covered them; the index keeps this near zero. */
    private final java.util.concurrent.atomic.LongAdder scanned = new java.util.concurrent.atomic.LongAdder();

    /**
     * Opens the store in {@code dir} (created if missing).
     *
     * @param retentionByStream how long each stream's files are kept; streams not listed are kept forever
     * @param clock             the day of records without a time
     * @throws IOException when the directory cannot be created or written
     */
    public JsonLinesStore(Path dir, Map<String, Duration> retentionByStream, Clock clock) throws IOException {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath();
        this.sink = new JsonLinesSink(this.dir, retentionByStream, clock, this::appended);
        this.indexes = new DayIndexes(this.dir, writeLock);
        this.rewriter = new DayFileRewriter(writeLock, sink::release);
        removeStaleCopies();
        indexes.open();
    }

    private void appended(Path file, List<LogRecord> records, long[] offsets, long end) {
        indexes.appended(file, records, offsets, end);
    }

    @Override
    public void write(List<LogRecord> batch) throws IOException {
        writeLock.lock();
        try {
            sink.write(batch);
            indexes.sealIdle(sink.openFiles());
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void writeDurably(List<LogRecord> batch) throws IOException {
        writeLock.lock();
        try {
            sink.writeDurably(batch);
            indexes.sealIdle(sink.openFiles());
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void maintain(Instant now) throws IOException {
        writeLock.lock();
        try {
            sink.maintain(now);
            indexes.dropDeleted();
            indexes.sealIdle(sink.openFiles());
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
        long[] hashes = hashes(query);
        for (DayFile file : files(query)) {
            search(file, query, matcher, hashes, (line, match) -> found.add(found(file.name.stream(), match)));
        }
        found.sort(Comparator.comparing(FoundRecord::time));
        return found;
    }

    /** A matching line and where it starts. */
    @FunctionalInterface
    private interface Hit {
        void accept(long offset, LineMatcher.Match match) throws IOException;
    }

    /**
     * Finds the subject's lines in one file: those its index points at (each read and checked, a hash may collide),
     * and any line in a part the index does not cover; every line of it for an address whose dates it spans.
     */
    private void search(DayFile file, SubjectQuery query, LineMatcher matcher, long[] hashes, Hit hit)
            throws IOException {
        try (FileChannel in = FileChannel.open(file.path, StandardOpenOption.READ)) {
            long size = in.size();
            LineScanner.LineVisitor check = (bytes, start, end, offset) -> {
                LineMatcher.Match match = matcher.match(bytes, start, end);
                if (match != null) {
                    hit.accept(offset, match);
                }
            };
            if (!query.ip().isEmpty() && overlaps(file.name.day(), query)) {
                scanned.add(size);
                LineScanner.scan(in, 0, size, check);
                return;
            }
            IndexView view = indexes.view(file.path);
            TreeSet<Long> offsets = new TreeSet<>();
            if (view.disk() != null) {
                view.disk().lookup(hashes, offsets::add);
            }
            if (view.live() != null) {
                view.live().lookup(hashes, offsets::add);
            }
            for (long offset : offsets) {
                LineScanner.lineAt(in, offset, size, check);
            }
            for (long[] gap : view.gaps(size)) {
                scanned.add(gap[1] - gap[0]);
                LineScanner.scan(in, gap[0], gap[1], check);
            }
        } catch (NoSuchFileException expired) {
            // Deleted by retention since it was listed: nothing of it to answer.
        }
    }

    private long[] hashes(SubjectQuery query) {
        IndexKeys keys = indexes.keys();
        return java.util.stream.Stream.concat(query.sessions().stream().map(keys::session),
                query.consentIds().stream().map(keys::consent)).mapToLong(Long::longValue).toArray();
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
        long[] hashes = hashes(query);
        indexes.work.lock();
        try {
            for (DayFile file : files(query)) {
                boolean[] any = new boolean[1];
                search(file, query, matcher, hashes, (offset, match) -> any[0] = true);
                if (!any[0]) {
                    continue;
                }
                DayFileRewriter.Result result = rewriter.rewrite(file.path, matcher, match -> { },
                        new IndexTracker(indexes, file.path));
                if (result.removed() > 0) {
                    erased.merge(file.name.stream(), result.removed(), Integer::sum);
                    LOG.info("erased {} records of a data subject from {}", result.removed(), file.path);
                }
            }
        } finally {
            indexes.work.unlock();
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

    /** Bytes that searches had to read line by line, no index covering them; for tests and operators. */
    long bytesScanned() {
        return scanned.sum();
    }

    /** Waits until the background indexing has nothing left to do; for tests and benchmarks. */
    public void awaitIndexed() throws InterruptedException {
        indexes.awaitIdle();
    }

    /** Closes the files, then writes the index of what this run appended. */
    @Override
    public void close() throws IOException {
        writeLock.lock();
        try {
            sink.close();
        } finally {
            writeLock.unlock();
        }
        indexes.close();
    }

    @Override
    public String toString() {
        return "JsonLinesStore[" + dir + "]";
    }

    private record DayFile(DayFileName name, Path path) {
    }
}
