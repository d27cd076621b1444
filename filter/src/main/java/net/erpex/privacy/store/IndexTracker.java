package net.erpex.privacy.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Carries a day file's index through an erasure's rewrite: the kept lines' entries move with them, the old index file
 * goes before the new data replaces the old, and the new entries are served from memory until they are written.
 */
final class IndexTracker implements DayFileRewriter.Tracker {
    private final DayIndexes indexes;
    private final Path file;
    private final IndexRewrite rewrite;

    IndexTracker(DayIndexes indexes, Path file) throws IOException {
        this.indexes = indexes;
        this.file = file;
        this.rewrite = new IndexRewrite(indexes.keys(), indexes.view(file));
    }

    @Override
    public void kept(long oldOffset, long newOffset, byte[] bytes, int start, int end) {
        rewrite.kept(oldOffset, newOffset, bytes, start, end);
    }

    @Override
    public void catchingUp() {
        rewrite.catchUp(indexes.view(file).live());
    }

    @Override
    public void replacing() throws IOException {
        indexes.beforeReplace(file);
    }

    @Override
    public void replaced(long size) {
        indexes.replaced(file, rewrite.result(), size);
        indexes.persist(file);
    }
}
