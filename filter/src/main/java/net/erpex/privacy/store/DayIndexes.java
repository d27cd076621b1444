package net.erpex.privacy.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import net.erpex.privacy.visit.DayFileName;
import net.erpex.privacy.visit.LogRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-day indexes of the JSON-lines store: for each {@code <stream>-YYYY-MM-DD.jsonl}, where the lines of each
 * session hash and consent id start, so that a visitor's records are found with a few small reads per day instead of
 * reading every line.
 *
 * <p>A day file's entries are an index file ({@code index/<stream>-YYYY-MM-DD.idx}) covering it from its start, plus,
 * while this JVM appends to it, a {@link LiveIndex} in memory; whatever neither covers (lines written before a crash,
 * or by an earlier version) is read directly until a background rebuild ({@value #THREAD_NAME}) covers it. An index
 * file holds keyed hashes of the keys ({@link IndexKeys}), never the keys; it is written whole or not at all, bound to
 * its data file's inode, deleted with its day by retention and remade by an erasure before the erased file replaces
 * the old one, so it never outlives, nor says more than, the data it describes.
 */
final class DayIndexes implements AutoCloseable {

    /** The index directory's name, inside the data directory. */
    static final String DIR = "index";
    static final String SUFFIX = ".idx";
    static final String THREAD_NAME = "erpex-visit-index";

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesStore.class);

    /** What is known of one day file. */
    static final class State {
        volatile IndexSource disk;
        volatile LiveIndex live;
    }

    private final Path dataDir;
    private final Path indexDir;
    private final IndexKeys keys;
    private final Lock writeLock;
    /** One rebuild at a time, in the background or by an erasure. */
    final ReentrantLock work = new ReentrantLock();
    private final Map<Path, State> states = new ConcurrentHashMap<>();
    private final Set<Path> scheduled = ConcurrentHashMap.newKeySet();
    /** The files with live entries: few (the files being written), looked at after every batch. */
    private final Set<Path> liveFiles = ConcurrentHashMap.newKeySet();
    private final ExecutorService background;

    DayIndexes(Path dataDir, Lock writeLock) throws IOException {
        this.dataDir = dataDir;
        this.indexDir = dataDir.resolve(DIR);
        this.writeLock = writeLock;
        Files.createDirectories(indexDir);
        this.keys = IndexKeys.open(indexDir);
        this.background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, THREAD_NAME);
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
    }

    IndexKeys keys() {
        return keys;
    }

    /** Loads the index of every day file, removes what a crash or retention left, and schedules missing coverage. */
    void open() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(indexDir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                boolean orphan = name.endsWith(SUFFIX) && !Files.exists(dataDir.resolve(
                        name.substring(0, name.length() - SUFFIX.length()) + DayFileName.SUFFIX));
                if (orphan || name.endsWith(".new")) {
                    Files.deleteIfExists(file);
                }
            }
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dataDir, "*" + DayFileName.SUFFIX)) {
            for (Path file : files) {
                if (DayFileName.parse(file).isPresent()) {
                    State state = states.computeIfAbsent(file, f -> new State());
                    state.disk = load(file).orElse(null);
                    if (state.disk == null || state.disk.covered() < Files.size(file)) {
                        schedule(file);
                    }
                }
            }
        }
    }

    private Optional<IndexSource> load(Path file) throws IOException {
        try {
            return IndexFile.open(indexOf(file), keys.keyId(), identity(file), Files.size(file)).map(f -> f);
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
    }

    Path indexOf(Path file) {
        String name = file.getFileName().toString();
        return indexDir.resolve(name.substring(0, name.length() - DayFileName.SUFFIX.length()) + SUFFIX);
    }

    static String identity(Path file) throws IOException {
        return String.valueOf(DayFileRewriter.identity(file));
    }

    /** The writer appended {@code records} at {@code offsets}; under the writers' lock. */
    void appended(Path file, List<LogRecord> records, long[] offsets, long end) {
        State state = states.computeIfAbsent(file, f -> new State());
        LiveIndex live = state.live;
        if (live == null) {
            live = new LiveIndex(records.isEmpty() ? end : offsets[0]);
            state.live = live;
            liveFiles.add(file);
        }
        LiveIndex target = live;
        for (int i = 0; i < records.size(); i++) {
            long offset = offsets[i];
            keys.forEach(records.get(i), hash -> target.add(hash, offset));
        }
        live.publish(end);
    }

    /** Seals, in the background, the live entries of every file the writer no longer holds open. */
    void sealIdle(Collection<Path> open) {
        for (Path file : liveFiles) {
            if (!open.contains(file)) {
                schedule(file);
            }
        }
    }

    IndexView view(Path file) {
        State state = states.get(file);
        if (state == null) {
            return new IndexView(null, null);
        }
        LiveIndex live = state.live;
        return new IndexView(state.disk, live == null ? null : live.snapshot());
    }

    /** Forgets the files retention deleted, and their index files. */
    void dropDeleted() throws IOException {
        for (Path file : new ArrayList<>(states.keySet())) {
            if (!Files.exists(file)) {
                states.remove(file);
                liveFiles.remove(file);
                Files.deleteIfExists(indexOf(file));
            }
        }
    }

    private void schedule(Path file) {
        if (scheduled.add(file)) {
            background.execute(() -> {
                scheduled.remove(file);
                try {
                    rebuild(file);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("could not index {}; it is read in full until the next attempt", file, e);
                }
            });
        }
    }

    /**
     * Writes an index file covering everything known of {@code file}: its index file, the lines no entry covers
     * (read and parsed), and its live entries; then drops the live entries it now covers.
     */
    void rebuild(Path file) throws IOException {
        work.lock();
        try {
            if (!Files.exists(file)) {
                return;
            }
            String identity = identity(file);
            long size = Files.size(file);
            IndexView view = view(file);
            IndexEntries entries = view.disk() == null ? new IndexEntries(1024) : view.disk().all();
            long covered = view.disk() == null ? 0 : view.disk().covered();
            long gapEnd = view.live() == null ? size : Math.min(size, view.live().start());
            if (covered < gapEnd) {
                covered = indexLines(file, covered, gapEnd, entries);
            }
            if (view.live() != null && covered >= view.live().start()) {
                entries.addAll(view.live().from(covered));
                covered = Math.max(covered, view.live().end());
            }
            entries.sortByHash();
            Path index = indexOf(file);
            entries.write(index, keys.keyId(), identity, covered);
            writeLock.lock();
            try {
                State state = states.computeIfAbsent(file, f -> new State());
                if (!Files.exists(file) || !identity.equals(identity(file))) {
                    Files.deleteIfExists(index);
                    return;
                }
                state.disk = new IndexSource.Memory(entries, covered);
                LiveIndex live = state.live;
                if (live != null && live.snapshot().end() <= covered) {
                    state.live = null;
                    liveFiles.remove(file);
                }
            } finally {
                writeLock.unlock();
            }
            // Served from memory until now; from the file from here on (the file is the same).
            IndexFile.open(index, keys.keyId(), identity, Files.size(file)).ifPresent(f -> {
                State state = states.get(file);
                if (state != null && state.disk instanceof IndexSource.Memory m && m.covered() == f.covered()) {
                    state.disk = f;
                }
            });
        } finally {
            work.unlock();
        }
    }

    /** Adds the entries of the complete lines in {@code [from, to)}; returns where the last one ends. */
    private long indexLines(Path file, long from, long to, IndexEntries entries) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            return LineScanner.scan(in, from, to, (bytes, start, end, offset) -> {
                RecordKeys k = RecordKeys.parse(new String(bytes, start, end - start, StandardCharsets.UTF_8));
                if (k != null) {
                    keys.forEach(k.session(), k.consentId(), hash -> entries.add(hash, offset));
                }
            });
        }
    }

    /** Returns once no rebuild is scheduled or running. */
    void awaitIdle() throws InterruptedException {
        while (true) {
            java.util.concurrent.Future<?> marker = background.submit(() -> { });
            try {
                marker.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e);
            }
            if (scheduled.isEmpty()) {
                return;
            }
        }
    }

    /** Before an erasure replaces {@code file}: its index file goes first, so a crash never pairs it with new data. */
    void beforeReplace(Path file) throws IOException {
        Files.deleteIfExists(indexOf(file));
    }

    /** After an erasure replaced {@code file} (under the writers' lock): its entries are {@code entries}. */
    void replaced(Path file, IndexEntries entries, long covered) {
        State state = states.computeIfAbsent(file, f -> new State());
        state.disk = new IndexSource.Memory(entries.sortByHash(), covered);
        state.live = null;
        liveFiles.remove(file);
    }

    /** Writes the entries an erasure left in memory to the index file. */
    void persist(Path file) {
        schedule(file);
    }

    /** Stops the background work and seals every live index, so that the next start finds them covered. */
    @Override
    public void close() {
        background.shutdownNow();
        try {
            background.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Map.Entry<Path, State> e : states.entrySet()) {
            if (e.getValue().live != null || e.getValue().disk instanceof IndexSource.Memory) {
                try {
                    rebuild(e.getKey());
                } catch (IOException | RuntimeException failure) {
                    LOG.warn("could not index {} at close; the next start indexes it", e.getKey(), failure);
                }
            }
        }
    }
}
