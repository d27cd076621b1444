package net.erpex.privacy.shared;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * The file behind {@link MemorySharedState#journaled}: one JSON object per claim,
 * {@code {"kind":"challenge","key":"…","expires":1767225600000}}, appended as claims are made and read back at start.
 * Keys are restricted to URL-safe characters by the caller, so a line needs no escaping; reading goes through a JSON
 * parser all the same, and a line that is not exactly such an object (a torn last line after a crash, an edit) is
 * skipped.
 */
final class ClaimJournal implements AutoCloseable {

    /** One claim as stored. */
    record Entry(SharedState.Kind kind, String key, long expiresMillis) {
    }

    /** Receives the claims read back. */
    @FunctionalInterface
    interface Sink {
        void accept(SharedState.Kind kind, String key, long expiresMillis);
    }

    private static final JsonFactory JSON = new JsonFactory();

    private final Path file;
    private Writer out;
    private long lines;

    ClaimJournal(Path file) throws IOException {
        this.file = file;
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        this.out = open();
    }

    Path file() {
        return file;
    }

    /**
     * Reads every claim still alive at {@code nowMillis} into {@code sink}.
     *
     * @return the number of unreadable lines skipped
     */
    synchronized int load(long nowMillis, Sink sink) throws IOException {
        int skipped = 0;
        lines = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                lines++;
                Optional<Entry> entry = parse(line);
                if (entry.isEmpty()) {
                    skipped++;
                } else if (entry.get().expiresMillis() > nowMillis) {
                    sink.accept(entry.get().kind(), entry.get().key(), entry.get().expiresMillis());
                }
            }
        }
        return skipped;
    }

    /** Appends one claim and hands it to the operating system. */
    synchronized void append(SharedState.Kind kind, String key, long expiresMillis) throws IOException {
        out.write(line(kind, key, expiresMillis));
        out.flush();
        lines++;
    }

    /**
     * Rewrites the file with {@code live} only, when it holds more than {@code threshold} lines: written to a
     * temporary file, forced to disk and moved over the old one atomically, so that a crash leaves one or the other.
     */
    synchronized void compactIfLarger(List<Entry> live, long threshold) throws IOException {
        if (lines <= threshold) {
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (var channel = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            StringBuilder text = new StringBuilder();
            for (Entry e : live) {
                text.append(line(e.kind(), e.key(), e.expiresMillis()));
            }
            var bytes = java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        out.close();
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        out = open();
        lines = live.size();
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            // every line was flushed when written: nothing is lost by a failed close
        }
    }

    private Writer open() throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    private static String line(SharedState.Kind kind, String key, long expiresMillis) {
        return "{\"kind\":\"" + kind.label() + "\",\"key\":\"" + key + "\",\"expires\":" + expiresMillis + "}\n";
    }

    static Optional<Entry> parse(String line) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            String kind = null;
            String key = null;
            Long expires = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "kind" -> kind = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "key" -> key = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "expires" -> expires = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null || key == null || expires == null
                    || key.isEmpty() || key.length() > SharedState.MAX_KEY) {
                return Optional.empty();
            }
            long until = expires;
            String k = key;
            return SharedState.Kind.byLabel(kind == null ? "" : kind).map(kd -> new Entry(kd, k, until));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
