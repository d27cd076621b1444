package net.erpex.privacy.reload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value loaded from a file that its owner replaces while we run (a GeoIP database that geoipupdate renews, the
 * user-agent rules that the operating system's package updates): the file is checked every interval on a daemon
 * thread of its own, and a changed file (another inode, size or modification time; tools replace files by rename)
 * is loaded and swapped in, so readers see the new value without a restart.
 *
 * <p>A replacement that cannot be loaded (half copied, damaged) keeps the value in use and is logged once at WARN;
 * it is tried again when the file changes again. Readers never wait: {@link #current()} is a volatile read.
 *
 * @param <T> what the file is loaded into
 */
public final class ReloadingFile<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadingFile.class);

    /** Loads the file; throws when it cannot be used, with a message saying why. */
    @FunctionalInterface
    public interface Loader<T> {
        T load(Path file) throws IOException;
    }

    /** Told, on the watcher's thread, when a replaced file has been loaded and swapped in. */
    @FunctionalInterface
    public interface Listener<T> {
        /**
         * @param old   the value replaced, null when there was none
         * @param fresh the value now in use
         */
        void replaced(T old, T fresh);
    }

    private record Stamp(Object key, long modified, long size) {
        static Stamp of(Path file) throws IOException {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(a.fileKey(), a.lastModifiedTime().toMillis(), a.size());
        }
    }

    private record Loaded<T>(T value, Stamp stamp) {
    }

    private final Path file;
    private final String what;
    private final Loader<T> loader;
    private final Listener<T> listener;
    private final ScheduledExecutorService watcher;
    private volatile Loaded<T> current;
    private volatile Stamp rejected;

    private ReloadingFile(Path file, String what, Loader<T> loader, Listener<T> listener, Loaded<T> initial,
            Duration interval) {
        this.file = file;
        this.what = what;
        this.loader = loader;
        this.listener = listener;
        this.current = initial;
        if (interval.isZero()) {
            this.watcher = null;
        } else {
            this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "erpex-reload-" + file.getFileName());
                t.setDaemon(true);
                return t;
            });
            long millis = interval.toMillis();
            watcher.scheduleWithFixedDelay(this::checkNow, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Loads {@code file} now and watches it.
     *
     * @param what     how logs name the file, e.g. {@code "GeoIP database"}
     * @param interval how often to look for a replacement; zero: never
     * @throws IOException when the file cannot be loaded now
     */
    public static <T> ReloadingFile<T> load(Path file, String what, Loader<T> loader, Listener<T> listener,
            Duration interval) throws IOException {
        Stamp stamp = Stamp.of(file);
        return new ReloadingFile<>(file, what, loader, listener, new Loaded<>(loader.load(file), stamp), interval);
    }

    /** Watches a file that is missing or unusable now: {@link #current()} is null until a usable one appears. */
    public static <T> ReloadingFile<T> waitFor(Path file, String what, Loader<T> loader, Listener<T> listener,
            Duration interval) {
        return new ReloadingFile<>(file, what, loader, listener, null, interval);
    }

    /** The value in use; null only for {@link #waitFor} until the file becomes usable. */
    public T current() {
        Loaded<T> loaded = current;
        return loaded == null ? null : loaded.value();
    }

    /** The file watched. */
    public Path file() {
        return file;
    }

    /**
     * Looks at the file now, as the watcher does every interval: loads and swaps in a changed, usable file. Never
     * throws.
     */
    public void checkNow() {
        try {
            if (!Files.isRegularFile(file)) {
                return;
            }
            Stamp stamp = Stamp.of(file);
            Loaded<T> old = current;
            if ((old != null && stamp.equals(old.stamp())) || stamp.equals(rejected)) {
                return;
            }
            T fresh = loader.load(file);
            current = new Loaded<>(fresh, stamp);
            LOG.info("{} {} replaced on disk: now in use", what, file);
            listener.replaced(old == null ? null : old.value(), fresh);
        } catch (IOException | RuntimeException e) {
            try {
                rejected = Stamp.of(file);
            } catch (IOException ignored) {
                rejected = null;
            }
            // Logged once per distinct file: a half-copied file is retried when it changes again.
            LOG.warn("{} {} changed on disk but cannot be used ({}); keeping the one in use", what, file,
                    Objects.toString(e.getMessage(), e.toString()));
        }
    }

    /** Stops watching; the value stays readable. */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }
}
