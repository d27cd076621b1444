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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records as JSON lines, UTF-8, to {@code <dir>/<stream>-YYYY-MM-DD.jsonl}, choosing the file by the UTC day
 * of each record's time (a batch across midnight goes to two files), and deletes files older than their stream's
 * retention in {@link #maintain(Instant)}. Records are serialised by a {@link JsonWriter} straight into one buffer per
 * file, and each file gets one {@code write} per batch.
 *
 * <p><b>Durability.</b> {@link #write} hands a batch to the operating system: it survives the JVM being killed, not a
 * power loss; an {@code fsync} per batch would cost a disk round-trip on the recorder thread. {@link #writeDurably}
 * (proof of consent) forces the files it wrote to disk, and the directory when it created one. If a write fails, what
 * was written of that batch is truncated away, so the recorder's retry does not duplicate lines.
 *
 * <p><b>Concurrency.</b> Only the recorder's single thread writes; it is not thread-safe. A store that rewrites files
 * from another thread (erasure) excludes the writes while it does and then {@link #release releases} the file. One JVM
 * owns the directory.
 */
public final class JsonLinesSink implements RecordSink {

    /** Told of each batch appended to a file, after the whole batch is written; an index keeps itself up to date. */
    @FunctionalInterface
    public interface AppendListener {
        /**
         * @param file    the file appended to
         * @param records the records appended, in order
         * @param offsets where each record's line starts in the file
         * @param end     the file's length after the batch
         */
        void appended(Path file, List<LogRecord> records, long[] offsets, long end);
    }

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesSink.class);

    private final Path dir;
    private final DayFileRetention retention;
    private final Clock clock;
    private final AppendListener listener;
    /** At most one open file per stream: the most recent day written. */
    private final Map<String, DayFile> open = new HashMap<>();
    private final DayChunks chunks;

    /**
     * @param dir               the directory, created if missing
     * @param retentionByStream how long each stream's records are kept; streams not listed are kept forever
     * @param clock             the day for records that carry no time
     * @throws IllegalArgumentException if a retention is not positive or a stream name is not lower-case letters,
     *                                  digits and dashes
     * @throws IOException              if the directory cannot be created or is not a writable directory
     */
    public JsonLinesSink(Path dir, Map<String, Duration> retentionByStream, Clock clock) throws IOException {
        this(dir, retentionByStream, clock, (file, records, offsets, end) -> { });
    }

    /** As {@link #JsonLinesSink(Path, Map, Clock)}, telling {@code listener} of every batch appended. */
    public JsonLinesSink(Path dir, Map<String, Duration> retentionByStream, Clock clock, AppendListener listener)
            throws IOException {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.retention = new DayFileRetention(this.dir, retentionByStream);
        this.chunks = new DayChunks(this.dir, clock);
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

    /** The file a stream's records of {@code day} go to. */
    Path fileFor(String stream, LocalDate day) {
        return new DayFileName(stream, day).in(dir);
    }

    @Override
    public void write(List<LogRecord> batch) throws IOException {
        write(batch, false);
    }

    @Override
    public void writeDurably(List<LogRecord> batch) throws IOException {
        write(batch, true);
    }

    private void write(List<LogRecord> batch, boolean durably) throws IOException {
        // Serialise everything first: a record that cannot be serialised then leaves no partial batch on disk.
        List<DayChunks.Chunk> chunks = this.chunks.serialise(batch);
        List<Written> done = new ArrayList<>(chunks.size());
        List<FileChannel> transientFiles = new ArrayList<>();
        boolean created = false;
        try {
            for (DayChunks.Chunk chunk : chunks) {
                boolean exists = durably && Files.exists(chunk.path);
                FileChannel channel = channelFor(chunk.name, chunk.path, transientFiles);
                created |= durably && !exists;
                long start = channel.size();
                done.add(new Written(channel, start, chunk.path));
                ByteBuffer bytes = ByteBuffer.wrap(chunk.writer.buffer(), 0, chunk.writer.length());
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                if (durably) {
                    channel.force(false);
                }
            }
            if (created) {
                forceDirectory();
            }
        } catch (IOException | RuntimeException e) {
            rollBack(done);
            throw e;
        } finally {
            for (FileChannel channel : transientFiles) {
                closeQuietly(channel);
            }
        }
        for (int i = 0; i < chunks.size(); i++) {
            DayChunks.Chunk chunk = chunks.get(i);
            long start = done.get(i).start;
            long[] offsets = new long[chunk.records.size()];
            for (int r = 0; r < offsets.length; r++) {
                offsets[r] = start + chunk.starts[r];
            }
            listener.appended(chunk.path, chunk.records, offsets, start + chunk.writer.length());
        }
    }

    /**
     * The open file for the stream's latest day; a new day rolls it (the old file is added to the files to close
     * after the batch). A late record for an earlier day (events are not strictly ordered around midnight) gets a
     * file opened just for this batch, so the roll never goes back.
     */
    private FileChannel channelFor(DayFileName name, Path path, List<FileChannel> transientFiles) throws IOException {
        DayFile current = open.get(name.stream());
        if (current != null && current.day.equals(name.day())) {
            return current.channel;
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        if (current != null && name.day().isBefore(current.day)) {
            transientFiles.add(channel);
            return channel;
        }
        if (current != null) {
            // Closed after the batch: a failure later in this batch may still have to truncate it.
            transientFiles.add(current.channel);
        }
        open.put(name.stream(), new DayFile(name.day(), path, channel));
        return channel;
    }

    private void forceDirectory() throws IOException {
        // A new file's name is durable only once its directory is: Linux allows fsync on a directory opened to read.
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot force the directory {} to disk on this platform", dir, e);
        }
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
     * Deletes each day file whose whole day is older than its stream's retention, that is when day + 1 day is not
     * after {@code now - retention}. Other files, streams without retention, and the files currently open are left
     * alone. Also closes open files of days before today, which are no longer written.
     */
    @Override
    public void maintain(Instant now) throws IOException {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        open.values().removeIf(dayFile -> {
            if (dayFile.day.isBefore(today)) {
                closeQuietly(dayFile.channel);
                return true;
            }
            return false;
        });
        List<Path> expired = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + DayFileName.SUFFIX)) {
            for (Path file : files) {
                Optional<DayFileName> name = DayFileName.parse(file);
                if (name.isPresent() && retention.isExpired(name.get(), now) && !isOpen(file)) {
                    expired.add(file);
                }
            }
        }
        for (Path file : expired) {
            Files.deleteIfExists(file);
            LOG.info("deleted {}: older than its retention", file);
        }
    }

    private boolean isOpen(Path file) {
        return open.values().stream().anyMatch(dayFile -> dayFile.path.equals(file));
    }

    /**
     * Lets go of {@code file} if this sink holds it open: the next record for it opens it again by name. A store
     * calls this after replacing the file, while no write runs.
     */
    public void release(Path file) {
        open.values().removeIf(dayFile -> {
            if (dayFile.path.equals(file)) {
                closeQuietly(dayFile.channel);
                return true;
            }
            return false;
        });
    }

    /** The files this sink holds open, for a store that indexes what is being written. */
    public List<Path> openFiles() {
        return open.values().stream().map(DayFile::path).toList();
    }

    /** Forces the open files to disk and closes them; later writes open them again. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        for (DayFile dayFile : open.values()) {
            try (FileChannel channel = dayFile.channel) {
                channel.force(false);
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
}
