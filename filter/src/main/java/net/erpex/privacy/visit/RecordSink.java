package net.erpex.privacy.visit;

import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Where the {@link VisitRecorder} puts records. Only the recorder's single thread calls these methods; a sink that
 * also answers a visitor's access and erasure requests from other threads (see
 * {@code net.erpex.privacy.store.DataSubjectStore}) guards what those share with the writes.
 */
public interface RecordSink extends Closeable {

    /**
     * Stores a batch. When this returns, the batch must survive the JVM (at least handed to the operating system or
     * committed). When it throws, the recorder retries the same batch later, so a sink should leave nothing of a
     * failed batch behind (or tolerate duplicates by id).
     */
    void write(List<LogRecord> batch) throws IOException;

    /**
     * Stores a batch of proof (consent records) so that it survives a power loss or kernel crash, not only the JVM:
     * forced to disk, or committed. The recorder answers the proof's submitter only after this returns. The default
     * is {@link #write}, for sinks whose durability is someone else's (a log pipeline).
     */
    default void writeDurably(List<LogRecord> batch) throws IOException {
        write(batch);
    }

    /** Housekeeping such as deleting records older than their retention; called at start and periodically. */
    default void maintain(Instant now) throws IOException {
    }

    /**
     * Background work of the sink's own, such as replaying a spool to a database that answers again. Called on the
     * recorder thread when it has had no record to write for a moment (about once a second while idle), never while
     * closing.
     */
    default void idle(Instant now) throws IOException {
    }
}
