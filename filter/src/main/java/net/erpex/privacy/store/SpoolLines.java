package net.erpex.privacy.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import net.erpex.privacy.visit.JsonLines;
import net.erpex.privacy.visit.JsonWriter;
import net.erpex.privacy.visit.LogRecord;

/**
 * The spool's line format: an envelope with the record's key values ({@code stream}, {@code id}, {@code ts},
 * {@code session}, {@code ip}, {@code consentId}), a tab, and the record's JSON exactly as it was serialised, which is
 * written to the database unchanged when the line is replayed. JSON escapes every line break and tab, so a line is one
 * record.
 */
final class SpoolLines {

    private SpoolLines() {
    }

    /** A line of a segment that is still waiting for the database, with its keys (null when unreadable). */
    @FunctionalInterface
    interface WaitingLine {
        void accept(String line, RecordKeys keys) throws IOException;
    }

    static byte[] line(LogRecord record) throws IOException {
        JsonWriter w = new JsonWriter(1024);
        w.startObject()
                .field("stream", record.stream())
                .field("id", record.id())
                .field("ts", record.time())
                .field("session", record.session())
                .field("ip", record.ip())
                .field("consentId", record.consentId())
                .endObject();
        w.separator('\t');
        JsonLines.append(record, w);
        w.newline();
        return Arrays.copyOf(w.buffer(), w.length());
    }

    static String envelope(String line) {
        int tab = line.indexOf('\t');
        return tab < 0 ? line : line.substring(0, tab);
    }

    /** The record a line holds. @throws IOException naming the spool when the line is not a spooled record */
    static StoredRecord parse(String line, Path dir) throws IOException {
        int tab = line.indexOf('\t');
        RecordKeys keys = tab < 0 ? null : RecordKeys.parse(line.substring(0, tab));
        if (keys == null || keys.ts() == null || keys.stream().isEmpty()) {
            throw new IOException("the spool " + dir + " holds a line that is not a spooled record: "
                    + line.substring(0, Math.min(80, line.length())));
        }
        return new StoredRecord(keys.stream(), keys.id(), keys.ts(), keys.session(), keys.ip(), keys.consentId(),
                line.substring(tab + 1));
    }

    /** Counts complete lines; cuts off a last line without its newline (the JVM died while writing it). */
    static int countLinesRepairingTail(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        int lines = 0;
        int lastNewline = -1;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                lines++;
                lastNewline = i;
            }
        }
        if (lastNewline + 1 < bytes.length) {
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                channel.truncate(lastNewline + 1L);
            }
        }
        return lines;
    }

    /** Reads a segment, passing over its first {@code skip} lines (already in the database). */
    static void forEachWaiting(Path segment, int skip, WaitingLine visit) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(segment, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                if (n++ >= skip) {
                    visit.accept(line, RecordKeys.parse(envelope(line)));
                }
            }
        }
    }
}
