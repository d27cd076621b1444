package net.erpex.privacy.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Reads the complete lines of a byte range of a JSON-lines file, in chunks, handing each to a visitor with its offset.
 * A last line without its newline is not complete (the writer may be in the middle of it) and is not visited.
 */
final class LineScanner {

    private static final int CHUNK = 1 << 20;

    /** Receives a line: {@code bytes[start, end)} without its newline, found at {@code offset} of the file. */
    @FunctionalInterface
    interface LineVisitor {
        void line(byte[] bytes, int start, int end, long offset) throws IOException;
    }

    private LineScanner() {
    }

    /**
     * Visits the complete lines that start in {@code [from, to)}; {@code from} must be the start of a line.
     *
     * @return the offset after the last complete line visited ({@code from} when there is none)
     */
    static long scan(FileChannel channel, long from, long to, LineVisitor visitor) throws IOException {
        byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(64, to - from))];
        int held = 0;
        long bufStart = from;
        long position = from;
        long end = from;
        while (position < to) {
            if (held == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int room = (int) Math.min(buf.length - held, to - position);
            int n = channel.read(ByteBuffer.wrap(buf, held, room), position);
            if (n < 0) {
                break;
            }
            position += n;
            int limit = held + n;
            int lineStart = 0;
            for (int i = held; i < limit; i++) {
                if (buf[i] == '\n') {
                    visitor.line(buf, lineStart, i, bufStart + lineStart);
                    lineStart = i + 1;
                    end = bufStart + lineStart;
                }
            }
            held = limit - lineStart;
            System.arraycopy(buf, lineStart, buf, 0, held);
            bufStart += lineStart;
        }
        return end;
    }

    /**
     * Visits the complete line that starts at {@code offset}, if there is one before {@code limit}.
     *
     * @return whether there was one
     */
    static boolean lineAt(FileChannel channel, long offset, long limit, LineVisitor visitor) throws IOException {
        byte[] buf = new byte[2048];
        int held = 0;
        while (offset + held < limit) {
            if (held == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int room = (int) Math.min(buf.length - held, limit - offset - held);
            int n = channel.read(ByteBuffer.wrap(buf, held, room), offset + held);
            if (n < 0) {
                return false;
            }
            for (int i = held; i < held + n; i++) {
                if (buf[i] == '\n') {
                    visitor.line(buf, 0, i, offset);
                    return true;
                }
            }
            held += n;
        }
        return false;
    }

    /** Whether {@code bytes[start, end)} contains {@code needle}. */
    static boolean contains(byte[] bytes, int start, int end, byte[] needle) {
        int last = end - needle.length;
        byte first = needle[0];
        outer:
        for (int i = start; i <= last; i++) {
            if (bytes[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
