package net.erpex.privacy.visit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Serialises a batch for the JSON-lines sink: one buffer of lines per day file the batch touches (a batch across
 * midnight, or with visits and consents, touches two), with where each record's line starts. The buffers are kept
 * and reused from batch to batch.
 */
final class DayChunks {

    private static final long SECONDS_PER_DAY = 86_400;

    private final Path dir;
    private final Clock clock;
    private final Set<String> checkedStreams = new HashSet<>();
    /** Serialisation buffers, reused from batch to batch (one per file a batch touches). */
    private final List<JsonWriter> writers = new ArrayList<>();

    DayChunks(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /** The batch as one buffer of lines per file, in the order the files first appear. */
    List<Chunk> serialise(List<LogRecord> batch) throws IOException {
        List<Chunk> chunks = new ArrayList<>(2);
        for (LogRecord record : batch) {
            Instant time = record.time() == null ? clock.instant() : record.time();
            // The UTC day as a number: a LocalDate per record was a tenth of the serialising.
            long day = Math.floorDiv(time.getEpochSecond(), SECONDS_PER_DAY);
            String stream = record.stream();
            if (!checkedStreams.contains(stream)) {
                checkedStreams.add(DayFileName.checkStream(stream));
            }
            Chunk chunk = null;
            for (int i = 0; i < chunks.size(); i++) {
                Chunk c = chunks.get(i);
                if (c.epochDay == day && c.name.stream().equals(stream)) {
                    chunk = c;
                    break;
                }
            }
            if (chunk == null) {
                if (writers.size() == chunks.size()) {
                    writers.add(new JsonWriter(64 * 1024));
                }
                DayFileName name = new DayFileName(stream, LocalDate.ofEpochDay(day));
                chunk = new Chunk(name, name.in(dir), writers.get(chunks.size()), batch.size());
                chunks.add(chunk);
            }
            chunk.add(record);
        }
        return chunks;
    }

    /** A batch's lines for one file: the bytes, and where each record's line starts in them. */
    static final class Chunk {
        final DayFileName name;
        /** The file's UTC day, as days since the epoch. */
        final long epochDay;
        final Path path;
        final JsonWriter writer;
        final List<LogRecord> records;
        int[] starts;

        Chunk(DayFileName name, Path path, JsonWriter writer, int capacity) {
            this.name = name;
            this.epochDay = name.day().toEpochDay();
            this.path = path;
            this.writer = writer;
            this.records = new ArrayList<>(capacity);
            this.starts = new int[Math.min(capacity, 1024)];
            writer.reset();
        }

        void add(LogRecord record) throws IOException {
            if (records.size() == starts.length) {
                starts = Arrays.copyOf(starts, starts.length * 2);
            }
            starts[records.size()] = writer.length();
            JsonLines.append(record, writer);
            writer.newline();
            records.add(record);
        }
    }
}
