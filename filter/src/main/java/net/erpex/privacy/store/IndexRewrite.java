package net.erpex.privacy.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries a day file's index through an erasure: told of every line kept, at its old and its new offset, it moves that
 * line's entries to the new offset (from the old entries, sorted by offset, walked along with the lines), or parses
 * the line for its keys where no entry covered it. The result covers the whole new file.
 */
final class IndexRewrite {

    private final IndexKeys keys;
    private final IndexEntries byOffset;
    /** Old byte ranges the old entries cover; lines elsewhere are parsed. */
    private final List<long[]> covered = new ArrayList<>();
    private final IndexEntries out;
    private int cursor;
    /** Where the live entries taken at the start end: the catch-up adds what comes after. */
    private final long liveEnd;

    IndexRewrite(IndexKeys keys, IndexView view) throws IOException {
        this.keys = keys;
        this.byOffset = view.disk() == null ? new IndexEntries(1024) : view.disk().all();
        if (view.disk() != null) {
            covered.add(new long[] {0, view.disk().covered()});
        }
        if (view.live() != null) {
            byOffset.addAll(view.live().from(view.live().start()));
            covered.add(new long[] {view.live().start(), view.live().end()});
        }
        byOffset.sortByOffset();
        this.liveEnd = view.live() == null ? -1 : view.live().end();
        this.out = new IndexEntries(byOffset.size + 16);
    }

    /**
     * Adds the live entries written since this rewrite began (under the writers' lock, before the catch-up copies the
     * lines they describe).
     */
    void catchUp(LiveIndex.Snapshot live) {
        if (live == null) {
            return;
        }
        long from = Math.max(live.start(), liveEnd);
        IndexEntries later = live.from(from);
        later.sortByOffset();
        // All beyond the entries taken at the start, so the list stays in offset order.
        byOffset.addAll(later);
        covered.add(new long[] {from, live.end()});
    }

    /** A line kept: {@code bytes[start, end)} was at {@code oldOffset} and is now at {@code newOffset}. */
    void kept(long oldOffset, long newOffset, byte[] bytes, int start, int end) {
        while (cursor < byOffset.size && byOffset.offsets[cursor] < oldOffset) {
            cursor++;
        }
        if (isCovered(oldOffset)) {
            while (cursor < byOffset.size && byOffset.offsets[cursor] == oldOffset) {
                out.add(byOffset.hashes[cursor++], newOffset);
            }
            return;
        }
        RecordKeys k = RecordKeys.parse(new String(bytes, start, end - start, StandardCharsets.UTF_8));
        if (k != null) {
            keys.forEach(k.session(), k.consentId(), hash -> out.add(hash, newOffset));
        }
    }

    private boolean isCovered(long offset) {
        for (long[] range : covered) {
            if (offset >= range[0] && offset < range[1]) {
                return true;
            }
        }
        return false;
    }

    /** The new file's entries, in no particular order. */
    IndexEntries result() {
        return out;
    }
}
