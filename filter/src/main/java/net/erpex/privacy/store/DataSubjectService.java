package net.erpex.privacy.store;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import net.erpex.privacy.visit.RecordSink;
import net.erpex.privacy.visit.VisitRecorder;

/**
 * A visitor's access and erasure requests, answered consistently with the records still in flight: each request runs
 * on the recorder thread after everything queued before it has been written (to the store, or to its spool, which is
 * searched and erased too). The caller waits at most the configured timeout.
 */
public final class DataSubjectService {

    /** The store cannot search or delete (the SLF4J sink hands records to the log pipeline). */
    public static final class UnsupportedStoreException extends IOException {
        private static final long serialVersionUID = 1L;

        UnsupportedStoreException(String message) {
            super(message);
        }
    }

    private final VisitRecorder recorder;
    private final Duration timeout;

    /**
     * @param recorder the recorder whose sink is the store
     * @param timeout  the longest a request thread waits for an answer
     */
    public DataSubjectService(VisitRecorder recorder, Duration timeout) {
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Every record of the subject, oldest first.
     *
     * @throws TimeoutException          when the recorder did not answer in time
     * @throws UnsupportedStoreException when the store cannot search
     * @throws IOException               when the store failed (a database that does not answer)
     */
    public List<FoundRecord> export(SubjectQuery query) throws IOException, TimeoutException, InterruptedException {
        if (query.isEmpty()) {
            return List.of();
        }
        return recorder.call(sink -> store(sink).find(query), timeout);
    }

    /**
     * Deletes every record of the subject.
     *
     * @return how many records were deleted, by stream
     */
    public Map<String, Integer> erase(SubjectQuery query) throws IOException, TimeoutException, InterruptedException {
        if (query.isEmpty()) {
            return Map.of();
        }
        return recorder.call(sink -> store(sink).erase(query), timeout);
    }

    private static DataSubjectStore store(RecordSink sink) throws UnsupportedStoreException {
        if (sink instanceof DataSubjectStore store) {
            return store;
        }
        throw new UnsupportedStoreException("records go to " + sink + ", which cannot be searched here; ask the"
                + " site's operator");
    }
}
