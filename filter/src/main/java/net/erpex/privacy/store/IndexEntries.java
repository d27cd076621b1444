package net.erpex.privacy.store;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * A growable list of index entries, (key hash, line offset) pairs: collected in any order, then sorted by hash for
 * look-ups by binary search, or by offset to follow lines through a rewrite; and written as an index file.
 *
 * <p>An index file is: {@value #MAGIC_TEXT} (8 bytes), the key id, the identity of the data file it describes (its
 * inode), the length of the data file it covers, the number of entries, then the entries sorted by hash, 16 bytes
 * each. It is written to a temporary file, forced to disk and renamed: it exists whole or not at all.
 */
final class IndexEntries {

    static final String MAGIC_TEXT = "ERPXIDX1";
    static final long MAGIC = 0x4552505849445831L;

    long[] hashes;
    long[] offsets;
    int size;

    IndexEntries(int capacity) {
        hashes = new long[Math.max(16, capacity)];
        offsets = new long[hashes.length];
    }

    void add(long hash, long offset) {
        if (size == hashes.length) {
            hashes = Arrays.copyOf(hashes, size * 2);
            offsets = Arrays.copyOf(offsets, size * 2);
        }
        hashes[size] = hash;
        offsets[size] = offset;
        size++;
    }

    void addAll(IndexEntries other) {
        for (int i = 0; i < other.size; i++) {
            add(other.hashes[i], other.offsets[i]);
        }
    }

    /** Sorts by hash, then offset. */
    IndexEntries sortByHash() {
        sort(hashes, offsets);
        return this;
    }

    /** Sorts by offset, then hash. */
    IndexEntries sortByOffset() {
        sort(offsets, hashes);
        return this;
    }

    /** Sorts the pairs by {@code primary} then {@code secondary}, in place. */
    private void sort(long[] primary, long[] secondary) {
        quickSort(primary, secondary, 0, size - 1);
    }

    private static void quickSort(long[] p, long[] s, int lo, int hi) {
        while (hi - lo > 16) {
            int mid = (lo + hi) >>> 1;
            long pivotP = p[mid];
            long pivotS = s[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (less(p[i], s[i], pivotP, pivotS)) {
                    i++;
                }
                while (less(pivotP, pivotS, p[j], s[j])) {
                    j--;
                }
                if (i <= j) {
                    swap(p, s, i++, j--);
                }
            }
            // Recurse into the smaller part, loop on the larger: the stack stays logarithmic.
            if (j - lo < hi - i) {
                quickSort(p, s, lo, j);
                lo = i;
            } else {
                quickSort(p, s, i, hi);
                hi = j;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            for (int j = i; j > lo && less(p[j], s[j], p[j - 1], s[j - 1]); j--) {
                swap(p, s, j, j - 1);
            }
        }
    }

    private static boolean less(long p1, long s1, long p2, long s2) {
        return p1 < p2 || p1 == p2 && s1 < s2;
    }

    private static void swap(long[] p, long[] s, int i, int j) {
        long t = p[i];
        p[i] = p[j];
        p[j] = t;
        t = s[i];
        s[i] = s[j];
        s[j] = t;
    }

    /** The offsets of {@code hash}; the entries must be sorted by hash. */
    void lookup(long hash, LongConsumer found) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (hashes[mid] < hash) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int i = lo; i < size && hashes[i] == hash; i++) {
            found.accept(offsets[i]);
        }
    }

    /**
     * Writes the entries, which must be sorted by hash, as the index file {@code target}.
     *
     * @param identity the data file's identity ({@link DayFileRewriter#identity})
     * @param covered  the length of the data file the entries cover
     */
    void write(Path target, long keyId, String identity, long covered) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".new");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel),
                     1 << 16))) {
            out.writeLong(MAGIC);
            out.writeLong(keyId);
            out.writeUTF(identity);
            out.writeLong(covered);
            out.writeInt(size);
            for (int i = 0; i < size; i++) {
                out.writeLong(hashes[i]);
                out.writeLong(offsets[i]);
            }
            out.flush();
            channel.force(false);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
