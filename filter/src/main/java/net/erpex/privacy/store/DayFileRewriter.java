package net.erpex.privacy.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.concurrent.locks.Lock;

/**
 * Removes a data subject's lines from one day file while the recorder keeps appending to it, losing nothing.
 *
 * <p>The bulk of the file is copied, without its matching lines, to {@code <file>.erasing} and forced to disk
 * without holding anything up. Then, under the writers' lock, the lines appended meanwhile are copied too (filtered
 * the same way), the copy is forced again and moved over the file in one atomic rename, and the writer is told to
 * reopen the file. The writer waits only for that last step, whose work is proportional to what it appended during
 * the copy. A crash leaves either the old file or the new one (and at worst a stale {@code .erasing} file, removed at
 * the next start); a file replaced or deleted meanwhile (retention) is left alone.
 */
final class DayFileRewriter {

    /** The suffix of a copy in progress. */
    static final String TEMP_SUFFIX = ".erasing";

    /** What a rewrite did. */
    record Result(int removed, Path file) {
    }

    /** Follows a rewrite, for the file's index. */
    interface Tracker {
        /** A line kept, {@code bytes[start, end)}, moved from {@code oldOffset} to {@code newOffset}. */
        void kept(long oldOffset, long newOffset, byte[] bytes, int start, int end);

        /** Under the writers' lock, before the lines appended during the copy are copied. */
        void catchingUp();

        /** Under the lock, just before the copy replaces the file. */
        void replacing() throws IOException;

        /** Under the lock, just after: the new file is {@code size} bytes long. */
        void replaced(long size);
    }

    private final Lock writeLock;
    private final Consumer<Path> reopen;

    /**
     * @param writeLock held by the writer while it appends
     * @param reopen    tells the writer that the file was replaced (called under the lock)
     */
    DayFileRewriter(Lock writeLock, Consumer<Path> reopen) {
        this.writeLock = Objects.requireNonNull(writeLock, "writeLock");
        this.reopen = Objects.requireNonNull(reopen, "reopen");
    }

    /**
     * Rewrites {@code file} without the lines {@code matcher} matches.
     *
     * @param removed told of each line removed
     * @return how many lines were removed (0: the file is unchanged)
     */
    Result rewrite(Path file, LineMatcher matcher, Consumer<LineMatcher.Match> removed,
            Tracker tracker) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + TEMP_SUFFIX);
        Object identity;
        int[] count = new int[1];
        long[] written = new long[1];
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
             FileChannel outChannel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING);
             OutputStream out = new BufferedOutputStream(Channels.newOutputStream(outChannel), 1 << 16)) {
            identity = identity(file);
            LineScanner.LineVisitor filter = (bytes, start, end, offset) -> {
                LineMatcher.Match match = matcher.match(bytes, start, end);
                if (match != null) {
                    count[0]++;
                    removed.accept(match);
                } else {
                    tracker.kept(offset, written[0], bytes, start, end);
                    out.write(bytes, start, end - start + 1);
                    written[0] += end - start + 1;
                }
            };
            long copied = LineScanner.scan(in, 0, in.size(), filter);
            if (count[0] == 0) {
                // What was appended after this snapshot came after the request: not the subject's to erase here.
                Files.deleteIfExists(temp);
                return new Result(0, file);
            }
            out.flush();
            outChannel.force(false);
            writeLock.lock();
            try {
                if (!Objects.equals(identity, identity(file))) {
                    Files.deleteIfExists(temp);
                    return new Result(0, file);
                }
                tracker.catchingUp();
                LineScanner.scan(in, copied, in.size(), filter);
                out.flush();
                outChannel.force(false);
                tracker.replacing();
                move(temp, file);
                tracker.replaced(written[0]);
                reopen.accept(file);
            } finally {
                writeLock.unlock();
            }
        } catch (NoSuchFileException gone) {
            Files.deleteIfExists(temp);
            return new Result(0, file);
        }
        return new Result(count[0], file);
    }

    private static void move(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** What tells one file from its replacement under the same name: the inode where the platform has one. */
    static Object identity(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        Object key = attributes.fileKey();
        return key != null ? key : attributes.creationTime();
    }
}
