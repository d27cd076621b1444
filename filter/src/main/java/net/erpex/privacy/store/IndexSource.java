package net.erpex.privacy.store;

import java.io.IOException;
import java.util.function.LongConsumer;

/** Sealed entries of a day file, covering it from its start: an {@link IndexFile}, or the same in memory. */
interface IndexSource {

    /** The length of the data file the entries cover, from offset 0. */
    long covered();

    /** The offsets of each of {@code hashes}. */
    void lookup(long[] hashes, LongConsumer found) throws IOException;

    /** Every entry, sorted by hash; a copy the caller may change. */
    IndexEntries all() throws IOException;

    /** Entries held in memory, until they are written to their index file. */
    record Memory(IndexEntries sorted, long covered) implements IndexSource {

        @Override
        public void lookup(long[] hashes, LongConsumer found) {
            for (long hash : hashes) {
                sorted.lookup(hash, found);
            }
        }

        @Override
        public IndexEntries all() {
            IndexEntries copy = new IndexEntries(sorted.size);
            copy.addAll(sorted);
            return copy;
        }
    }
}
