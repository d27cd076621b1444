package net.erpex.privacy.store;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * The entries of the lines this JVM appends to a day file, from {@code start} on, kept in memory as they are written:
 * the writer appends (under the writers' lock), readers take a {@link Snapshot} at any time without locking. A day's
 * live entries are a few megabytes at most; they go to an index file when the writer is done with the file.
 */
final class LiveIndex {

    /** An immutable view: the first {@code size} entries of the arrays, covering the file from start to end. */
    record Snapshot(long[] hashes, long[] offsets, int size, long start, long end) {

        void lookup(long[] wanted, LongConsumer found) {
            for (int i = 0; i < size; i++) {
                long h = hashes[i];
                for (long w : wanted) {
                    if (h == w) {
                        found.accept(offsets[i]);
                        break;
                    }
                }
            }
        }

        /** The entries at or after {@code from}. */
        IndexEntries from(long from) {
            IndexEntries out = new IndexEntries(size);
            for (int i = 0; i < size; i++) {
                if (offsets[i] >= from) {
                    out.add(hashes[i], offsets[i]);
                }
            }
            return out;
        }
    }

    private long[] hashes = new long[1024];
    private long[] offsets = new long[1024];
    private int size;
    private volatile Snapshot snapshot;

    LiveIndex(long start) {
        this.snapshot = new Snapshot(hashes, offsets, 0, start, start);
    }

    /** Adds an entry; visible to readers after {@link #publish}. Writer only. */
    void add(long hash, long offset) {
        if (size == hashes.length) {
            // New arrays: a reader holding the old ones still sees its snapshot's entries unchanged.
            hashes = Arrays.copyOf(hashes, size * 2);
            offsets = Arrays.copyOf(offsets, size * 2);
        }
        hashes[size] = hash;
        offsets[size] = offset;
        size++;
    }

    /** Makes what was added visible, covering the file up to {@code end}. Writer only. */
    void publish(long end) {
        snapshot = new Snapshot(hashes, offsets, size, snapshot.start(), end);
    }

    Snapshot snapshot() {
        return snapshot;
    }
}
