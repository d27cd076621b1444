package net.erpex.privacy.visit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records as JSON lines, UTF-8, to {@code <dir>/<stream>-YYYY-MM-DD.jsonl}, choosing the file by the UTC day
 * of each record's time (a batch across midnight goes to two files), and deletes files older than their stream's
 * retention in {@link #maintain(Instant)}.
 *
 * <p><b>Durability.</b> A batch is written with plain {@code write} calls and is in the operating system's hands
 * when {@link #write} returns: it survives the JVM being killed, not a power loss or kernel crash. There is no
 * {@code fsync}, which would cost a disk round-trip per batch (around a millisecond on SSD, ten on spinning disks)
 * on the recorder thread; installations that need more use a database sink. If a write fails, what was written of
 * that batch is truncated away, so the recorder's retry does not duplicate lines.
 *
 * <p><b>Concurrency.</b> Only the recorder's single thread calls this sink; it is not thread-safe. One JVM owns the
 * directory: several JVMs appending to the same files, or deleting them, are not coordinated (clusters use the JDBC
 * sink or one directory per node).
 */
public final class JsonLinesSink implements RecordSink {

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesSink.class);
    private static final Pattern STREAM_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern FILE_NAME = Pattern.compile("([a-z0-9-]+)-(\\d{4}-\\d{2}-\\d{2})\\.jsonl");

    private final Path dir;
    private final Map<String, Duration> retention;
    private final Clock clock;
    /** At most one open file per stream: the most recent day written. */
    private final Map<String, DayFile> open = new HashMap<>();

    /**
     * @param dir                the directory, created if missing
     * @param retentionByStream  how long each stream's records are kept; streams not listed are kept forever
     * @param clock              the day for records that carry no time
     * @throws IllegalArgumentException if a retention is not positive or a stream name is not lower-case letters,
     *                                  digits and dashes
     * @throws IOException              if the directory cannot be created or is not a writable directory
     */
    public JsonLinesSink(Path dir, Map<String, Duration> retentionByStream, Clock clock) throws IOException {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = Map.copyOf(validated(retentionByStream));
        if (Files.exists(this.dir) && !Files.isDirectory(this.dir)) {
            throw new IOException("visit log directory " + this.dir + " exists but is not a directory");
        }
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new IOException("cannot create visit log directory " + this.dir + ": " + e, e);
        }
        if (!Files.isWritable(this.dir)) {
            throw new IOException("visit log directory " + this.dir + " is not writable by this process");
        }
    }

    private static Map<String, Duration> validated(Map<String, Duration> retentionByStream) {
        Objects.requireNonNull(retentionByStream, "retentionByStream");
        retentionByStream.forEach((stream, keep) -> {
            checkStream(stream);
            if (keep == null || keep.isZero() || keep.isNegative()) {
                throw new IllegalArgumentException("retention of stream " + stream + " must be a positive duration,"
                        + " got " + keep);
            }
        });
        return retentionByStream;
    }

    private static String checkStream(String stream) {
        if (stream == null || !STREAM_NAME.matcher(stream).matches()) {
            throw new IllegalArgumentException("stream name '" + stream + "' is not accepted: use lower-case letters,"
                    + " digits and single dashes, e.g. visits");
        }
        return stream;
    }

    /** The file a stream's records of {@code day} go to. */
    Path fileFor(String stream, LocalDate day) {
        return dir.resolve(checkStream(stream) + "-" + day + ".jsonl");
    }

    @Override
    public void write(List<LogRecord> batch) throws IOException {
        // Serialise everything first: a record that cannot be serialised then leaves no partial batch on disk.
        Map<Path, ByteChunks> byFile = new LinkedHashMap<>();
        for (LogRecord record : batch) {
            Instant time = record.time() == null ? clock.instant() : record.time();
            LocalDate day = LocalDate.ofInstant(time, ZoneOffset.UTC);
            String stream = checkStream(record.stream());
            byFile.computeIfAbsent(fileFor(stream, day), path -> new ByteChunks(stream, day))
                    .add(JsonLines.toLine(record));
        }
        List<Written> done = new ArrayList<>();
        List<FileChannel> transientFiles = new ArrayList<>();
        try {
            for (Map.Entry<Path, ByteChunks> entry : byFile.entrySet()) {
                ByteChunks chunks = entry.getValue();
                FileChannel channel = channelFor(chunks.stream, chunks.day, entry.getKey(), transientFiles);
                long start = channel.size();
                done.add(new Written(channel, start, entry.getKey()));
                for (byte[] line : chunks.lines) {
                    ByteBuffer buffer = ByteBuffer.wrap(line);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            rollBack(done);
            throw e;
        } finally {
            for (FileChannel channel : transientFiles) {
                closeQuietly(channel);
            }
        }
    }

    /**
     * The open file for the stream's latest day; a new day rolls it (the old file is added to the files to close
     * after the batch). A late record for an earlier day (events are
     * not strictly ordered around midnight) gets a file opened just for this batch, so the roll never goes back.
     */
    private FileChannel channelFor(String stream, LocalDate day, Path path, List<FileChannel> transientFiles)
            throws IOException {
        DayFile current = open.get(stream);
        if (current != null && current.day.equals(day)) {
            return current.channel;
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        if (current != null && day.isBefore(current.day)) {
            transientFiles.add(channel);
            return channel;
        }
        if (current != null) {
            // Closed after the batch: a failure later in this batch may still have to truncate it.
            transientFiles.add(current.channel);
        }
        open.put(stream, new DayFile(day, path, channel));
        return channel;
    }

    private static void rollBack(List<Written> done) {
        for (Written written : done) {
            try {
                written.channel.truncate(written.start);
            } catch (IOException | RuntimeException e) {
                LOG.error("could not remove a partly written batch from {}; a retry may duplicate lines", written.path,
                        e);
            }
        }
    }

    /**
     * Deletes each {@code <stream>-YYYY-MM-DD.jsonl} whose whole day is older than the stream's retention, that is
     * when day + 1 day is not after {@code now - retention}. Other files, streams without retention, and the files
     * currently open are left alone. Also closes open files of days before today, which are no longer written.
     */
    @Override
    public void maintain(Instant now) throws IOException {
        closeFilesBefore(LocalDate.ofInstant(now, ZoneOffset.UTC));
        List<Path> expired = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jsonl")) {
            for (Path file : files) {
                if (isExpired(file, now)) {
                    expired.add(file);
                }
            }
        }
        for (Path file : expired) {
            Files.deleteIfExists(file);
            LOG.info("deleted {}: older than its retention", file);
        }
    }

    private boolean isExpired(Path file, Instant now) {
        Matcher name = FILE_NAME.matcher(file.getFileName().toString());
        if (!name.matches()) {
            return false;
        }
        Duration keep = retention.get(name.group(1));
        if (keep == null || isOpen(file)) {
            return false;
        }
        LocalDate day;
        try {
            day = LocalDate.parse(name.group(2));
        } catch (DateTimeParseException notADate) {
            return false;
        }
        Instant endOfDay = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return !endOfDay.isAfter(now.minus(keep));
    }

    private boolean isOpen(Path file) {
        return open.values().stream().anyMatch(dayFile -> dayFile.path.equals(file));
    }

    private void closeFilesBefore(LocalDate today) {
        open.values().removeIf(dayFile -> {
            if (dayFile.day.isBefore(today)) {
                closeQuietly(dayFile.channel);
                return true;
            }
            return false;
        });
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (DayFile dayFile : open.values()) {
            try {
                dayFile.channel.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("could not close a visit log file", e);
        }
    }

    @Override
    public String toString() {
        return "JsonLinesSink[" + dir + "]";
    }

    private record DayFile(LocalDate day, Path path, FileChannel channel) {
    }

    private record Written(FileChannel channel, long start, Path path) {
    }

    private static final class ByteChunks {
        final String stream;
        final LocalDate day;
        final List<byte[]> lines = new ArrayList<>();

        ByteChunks(String stream, LocalDate day) {
            this.stream = stream;
            this.day = day;
        }

        void add(byte[] line) {
            lines.add(line);
        }
    }
}
