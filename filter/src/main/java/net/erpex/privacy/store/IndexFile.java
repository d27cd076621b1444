package net.erpex.privacy.store;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * An index file on disk (see {@link IndexEntries} for the format), valid only for the data file it was made for: the
 * same inode (a rewrite by erasure makes a new one), the same key, and a data file at least as long as what it covers.
 * Looked up by binary search with positional reads: a few dozen small reads per look-up, whatever the day's size.
 */
final class IndexFile implements IndexSource {

    private static final int ENTRY = 16;
    private static final int MAX_HEADER = 4096;

    final Path path;
    final long covered;
    final int count;
    private final long entriesStart;

    private IndexFile(Path path, long covered, int count, long entriesStart) {
        this.path = path;
        this.covered = covered;
        this.count = count;
        this.entriesStart = entriesStart;
    }

    /** The index if it exists and describes {@code identity} under {@code keyId}, covering at most {@code dataSize}. */
    static Optional<IndexFile> open(Path path, long keyId, String identity, long dataSize) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(MAX_HEADER, channel.size()));
            while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
                // read the header
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(head.array(), 0, head.position()));
            if (in.readLong() != IndexEntries.MAGIC || in.readLong() != keyId || !in.readUTF().equals(identity)) {
                return Optional.empty();
            }
            long covered = in.readLong();
            int count = in.readInt();
            long start = head.position() - in.available();
            if (covered < 0 || covered > dataSize || count < 0 || channel.size() != start + (long) count * ENTRY) {
                return Optional.empty();
            }
            return Optional.of(new IndexFile(path, covered, count, start));
        } catch (NoSuchFileException missing) {
            return Optional.empty();
        } catch (IOException | RuntimeException unreadable) {
            // Truncated, or not an index at all: made again from the data.
            return Optional.empty();
        }
    }

    @Override
    public long covered() {
        return covered;
    }

    @Override
    public void lookup(long[] hashes, LongConsumer found) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer entry = ByteBuffer.allocate(ENTRY);
            for (long hash : hashes) {
                int lo = 0;
                int hi = count;
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (read(channel, entry, mid).getLong(0) < hash) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                for (int i = lo; i < count && read(channel, entry, i).getLong(0) == hash; i++) {
                    found.accept(entry.getLong(8));
                }
            }
        }
    }

    @Override
    public IndexEntries all() throws IOException {
        IndexEntries all = new IndexEntries(count);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer block = ByteBuffer.allocate(ENTRY * 4096);
            long position = entriesStart;
            long end = entriesStart + (long) count * ENTRY;
            while (position < end) {
                block.clear().limit((int) Math.min(block.capacity(), end - position));
                while (block.hasRemaining()) {
                    if (channel.read(block, position + block.position()) < 0) {
                        throw new IOException("index " + path + " ends early");
                    }
                }
                block.flip();
                while (block.remaining() >= ENTRY) {
                    all.add(block.getLong(), block.getLong());
                }
                position += block.limit();
            }
        }
        return all;
    }

    private ByteBuffer read(FileChannel channel, ByteBuffer entry, int i) throws IOException {
        entry.clear();
        long at = entriesStart + (long) i * ENTRY;
        while (entry.hasRemaining()) {
            if (channel.read(entry, at + entry.position()) < 0) {
                throw new IOException("index " + path + " ends early");
            }
        }
        return entry;
    }
}
