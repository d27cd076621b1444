package net.erpex.privacy.store;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.erpex.privacy.visit.LogRecord;

/**
 * Records waiting for the database, in order, in segment files {@code spool-NNN.jsonl} of one directory. Each line is
 * an envelope with the record's key values, a tab, and the record's JSON as it was serialised. Appends go to the
 * newest segment and are forced to disk (the spool is only written while the database is away, so the cost is paid
 * rarely); replay reads from the oldest and deletes a segment once all of it is in the database. A line replayed twice
 * (a crash between insert and delete) is harmless: the database ignores a record id it already has.
 *
 * <p>The recorder thread appends and replays; a visitor's access and erasure requests search and erase from their own
 * thread. Every method holds the spool's lock, and a replay holds it from peek to remove. One JVM owns the directory.
 */
final class Spool implements Closeable {

    /** The spool has reached {@code visits.spool-max}: the batch was not taken. */
    static final class FullException extends IOException {
        private static final long serialVersionUID = 1L;

        FullException(String message) {
            super(message);
        }
    }

    private static final String PREFIX = "spool-";
    private static final String SUFFIX = ".jsonl";

    private final Path dir;
    private final int max;
    private final int segmentRecords;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private FileChannel writing;
    private long nextNumber;
    /** Lines of the oldest segment already in the database, and the byte where the next one starts. */
    private int consumedLines;
    private long consumedBytes;
    private int size;
    private int peak;
    /** Bytes of each line the last {@link #peek} returned, for {@link #remove}. */
    private final List<Integer> peekedBytes = new ArrayList<>();

    /**
     * Opens the spool, counting what an earlier run left in it; a line cut short by a crash is removed.
     *
     * @param max            most records held
     * @param segmentRecords records per segment file before a new one is started
     */
    Spool(Path dir, int max, int segmentRecords) throws IOException {
        this.dir = dir.toAbsolutePath();
        this.max = max;
        this.segmentRecords = segmentRecords;
        Files.createDirectories(this.dir);
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(this.dir, PREFIX + "*" + SUFFIX)) {
            files.forEach(found::add);
        }
        found.sort(null);
        for (Path path : found) {
            int lines = SpoolLines.countLinesRepairingTail(path);
            if (lines == 0) {
                Files.delete(path);
                continue;
            }
            segments.add(new Segment(path, lines));
            size += lines;
            nextNumber = Math.max(nextNumber, number(path) + 1);
        }
        peak = size;
    }

    /** Records waiting. */
    synchronized int size() {
        return size;
    }

    /** The most records that waited at once since this spool was opened. */
    synchronized int peak() {
        return peak;
    }

    int max() {
        return max;
    }

    synchronized boolean isEmpty() {
        return size == 0;
    }

    /**
     * Appends a batch after the records already waiting, all or nothing.
     *
     * @throws FullException when the batch does not fit under {@code max}
     */
    synchronized void append(List<LogRecord> batch) throws IOException {
        if (size + batch.size() > max) {
            throw new FullException("the spool " + dir + " holds " + size + " records and takes at most " + max);
        }
        List<byte[]> lines = new ArrayList<>(batch.size());
        for (LogRecord record : batch) {
            lines.add(SpoolLines.line(record));
        }
        int written = 0;
        while (written < lines.size()) {
            Segment last = segments.peekLast();
            if (last == null || last.lines >= segmentRecords) {
                last = startSegment();
            } else if (writing == null) {
                writing = FileChannel.open(last.path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            }
            int take = Math.min(lines.size() - written, segmentRecords - last.lines);
            long start = writing.size();
            try {
                for (byte[] line : lines.subList(written, written + take)) {
                    ByteBuffer buffer = ByteBuffer.wrap(line);
                    while (buffer.hasRemaining()) {
                        writing.write(buffer);
                    }
                }
                writing.force(false);
            } catch (IOException e) {
                writing.truncate(start);
                throw e;
            }
            last.lines += take;
            size += take;
            written += take;
        }
        peak = Math.max(peak, size);
    }

    private Segment startSegment() throws IOException {
        closeWriting();
        Path path = dir.resolve(String.format("%s%019d%s", PREFIX, nextNumber++, SUFFIX));
        writing = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        Segment segment = new Segment(path, 0);
        segments.add(segment);
        return segment;
    }

    /** Up to {@code limit} of the oldest waiting records, without taking them out. */
    synchronized List<StoredRecord> peek(int limit) throws IOException {
        List<StoredRecord> records = new ArrayList<>();
        peekedBytes.clear();
        Segment oldest = segments.peekFirst();
        if (oldest == null) {
            return records;
        }
        try (FileChannel channel = FileChannel.open(oldest.path, StandardOpenOption.READ)) {
            channel.position(consumedBytes);
            BufferedReader in = new BufferedReader(java.nio.channels.Channels.newReader(channel,
                    StandardCharsets.UTF_8));
            String line;
            while (records.size() < limit && (line = in.readLine()) != null) {
                records.add(SpoolLines.parse(line, dir));
                // Lines hold no raw CR or LF (JSON escapes them), so this is the line's length on disk.
                peekedBytes.add(line.getBytes(StandardCharsets.UTF_8).length + 1);
            }
        }
        return records;
    }

    /** Takes out the oldest {@code records}, which {@link #peek} returned and the database now has. */
    synchronized void remove(List<StoredRecord> records) throws IOException {
        Segment oldest = segments.peekFirst();
        if (records.size() > peekedBytes.size()) {
            throw new IllegalStateException("removing " + records.size() + " records, but only "
                    + peekedBytes.size() + " were peeked");
        }
        for (int i = 0; i < records.size(); i++) {
            consumedBytes += peekedBytes.get(i);
        }
        peekedBytes.clear();
        consumedLines += records.size();
        size -= records.size();
        if (oldest != null && consumedLines >= oldest.lines) {
            if (oldest == segments.peekLast()) {
                closeWriting();
            }
            Files.deleteIfExists(oldest.path);
            segments.removeFirst();
            consumedLines = 0;
            consumedBytes = 0;
        }
    }

    /** The waiting records that match. */
    synchronized List<FoundRecord> find(SubjectQuery query) throws IOException {
        List<FoundRecord> found = new ArrayList<>();
        boolean first = true;
        for (Segment segment : segments) {
            int skip = first ? consumedLines : 0;
            first = false;
            SpoolLines.forEachWaiting(segment.path, skip, (line, keys) -> {
                if (keys != null && keys.matches(query)) {
                    found.add(SpoolLines.parse(line, dir).found());
                }
            });
        }
        return found;
    }

    /**
     * Deletes the waiting records that match, rewriting each segment that holds one (the part of the oldest already
     * in the database is dropped with it).
     *
     * @return the ids deleted, by stream
     */
    synchronized Map<String, Set<String>> erase(SubjectQuery query) throws IOException {
        Map<String, Set<String>> erased = new HashMap<>();
        closeWriting();
        peekedBytes.clear();
        boolean first = true;
        for (Segment segment : new ArrayList<>(segments)) {
            int skip = first ? consumedLines : 0;
            first = false;
            Path temp = segment.path.resolveSibling(segment.path.getFileName() + ".erasing");
            int[] keptRemoved = new int[2];
            try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                SpoolLines.forEachWaiting(segment.path, skip, (line, keys) -> {
                    if (keys != null && keys.matches(query)) {
                        erased.computeIfAbsent(keys.stream(), s -> new HashSet<>()).add(keys.id());
                        keptRemoved[1]++;
                    } else {
                        out.write(line);
                        out.write('\n');
                        keptRemoved[0]++;
                    }
                });
            }
            int kept = keptRemoved[0];
            int removed = keptRemoved[1];
            if (removed == 0 && skip == 0) {
                Files.delete(temp);
                continue;
            }
            Files.move(temp, segment.path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            size -= removed;
            segment.lines = kept;
            if (skip > 0) {
                consumedLines = 0;
                consumedBytes = 0;
            }
        }
        segments.removeIf(segment -> {
            if (segment.lines == 0) {
                try {
                    Files.deleteIfExists(segment.path);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return true;
            }
            return false;
        });
        return erased;
    }

    @Override
    public synchronized void close() throws IOException {
        closeWriting();
    }

    private void closeWriting() throws IOException {
        if (writing != null) {
            writing.close();
            writing = null;
        }
    }

    @Override
    public String toString() {
        return "Spool[" + dir + ", " + size + " records]";
    }

    private static long number(Path path) {
        String name = path.getFileName().toString();
        try {
            return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static final class Segment {
        final Path path;
        int lines;

        Segment(Path path, int lines) {
            this.path = path;
            this.lines = lines;
        }
    }
}
