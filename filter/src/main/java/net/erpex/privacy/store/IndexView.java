package net.erpex.privacy.store;

import java.util.ArrayList;
import java.util.List;

/** What a reader needs: the sealed entries and a snapshot of the live ones (either may be null). */
record IndexView(IndexSource disk, LiveIndex.Snapshot live) {

    /** The byte ranges {@code [from, to)} of a file of {@code size} bytes that no entry covers. */
    List<long[]> gaps(long size) {
        List<long[]> gaps = new ArrayList<>(2);
        long c = disk == null ? 0 : disk.covered();
        if (live == null) {
            add(gaps, c, size);
        } else {
            add(gaps, c, live.start());
            add(gaps, Math.max(c, live.end()), size);
        }
        return gaps;
    }

    private static void add(List<long[]> gaps, long from, long to) {
        if (from < to) {
            gaps.add(new long[] {from, to});
        }
    }
}
