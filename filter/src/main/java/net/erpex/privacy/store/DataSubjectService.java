package net.erpex.privacy.store;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.erpex.privacy.visit.VisitRecorder;

/**
 * A visitor's access and erasure requests, answered consistently with the records still in flight, without ever
 * running on the recorder thread or delaying a record.
 *
 * <p>Each request first waits (on its own thread, doing nothing) until the recorder has written everything submitted
 * before it ({@link VisitRecorder#awaitWritten}): a visit made a moment ago is part of the answer. The search or
 * erasure then runs on this service's single thread ({@value #THREAD_NAME}), so that a node scans for at most one
 * visitor at a time whatever the number of callers; at most {@value #WAITING} more wait their turn, and a request
 * that finds no room is refused at once ({@link BusyException}) rather than piling up. The store runs the scan
 * concurrently with the recorder's writes (see {@link DataSubjectStore}). The caller waits at most the configured
 * timeout in total.
 */
public final class DataSubjectService implements AutoCloseable {

    /** Name of the thread that runs the scans. */
    public static final String THREAD_NAME = "erpex-data-subject";
    /** Requests that may wait while another is scanned. */
    public static final int WAITING = 4;

    /** The store cannot search or delete (the SLF4J sink hands records to the log pipeline). */
    public static final class UnsupportedStoreException extends IOException {
        private static final long serialVersionUID = 1L;

        UnsupportedStoreException(String message) {
            super(message);
        }
    }

    /** Every scan slot of this node is taken: the caller should try again in a little while. */
    public static final class BusyException extends IOException {
        private static final long serialVersionUID = 1L;

        BusyException(String message) {
            super(message);
        }
    }

    private final VisitRecorder recorder;
    private final DataSubjectStore store;
    private final String storeName;
    private final Duration timeout;
    private final ThreadPoolExecutor scans;

    /**
     * @param recorder the recorder whose writes the answers must include
     * @param store    the store to search, or {@code null} when the records go where they cannot be searched
     * @param storeName where the records go, for the message of an unsupported store
     * @param timeout  the longest a request thread waits for an answer
     */
    public DataSubjectService(VisitRecorder recorder, DataSubjectStore store, String storeName, Duration timeout) {
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.store = store;
        this.storeName = Objects.requireNonNull(storeName, "storeName");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.scans = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(WAITING), r -> {
            Thread t = new Thread(r, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Every record of the subject, oldest first.
     *
     * @throws TimeoutException          when the answer did not come in time
     * @throws BusyException             when every scan slot is taken
     * @throws UnsupportedStoreException when the store cannot search
     * @throws IOException               when the store failed (a database that does not answer)
     */
    public List<FoundRecord> export(SubjectQuery query) throws IOException, TimeoutException, InterruptedException {
        if (query.isEmpty()) {
            return List.of();
        }
        return run(() -> store.find(query));
    }

    /**
     * Deletes every record of the subject. An erasure that outlives the caller's timeout still completes (it is
     * never cut off half-way); asking again erases what is left, if anything.
     *
     * @return how many records were deleted, by stream
     */
    public Map<String, Integer> erase(SubjectQuery query) throws IOException, TimeoutException, InterruptedException {
        if (query.isEmpty()) {
            return Map.of();
        }
        return run(() -> store.erase(query));
    }

    private <T> T run(Callable<T> scan) throws IOException, TimeoutException, InterruptedException {
        if (store == null) {
            throw new UnsupportedStoreException("records go to " + storeName + ", which cannot be searched here; ask"
                    + " the site's operator");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        recorder.awaitWritten(timeout);
        Future<T> result;
        try {
            result = scans.submit(scan);
        } catch (RejectedExecutionException e) {
            throw new BusyException("this node is answering " + (WAITING + 1) + " other access or erasure requests");
        }
        try {
            return result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // A search not yet started is dropped; one under way finishes and its answer is discarded.
            result.cancel(false);
            throw new TimeoutException("the store did not answer within " + timeout);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(cause);
        }
    }

    /** Stops taking requests; a scan under way finishes on its daemon thread. */
    @Override
    public void close() {
        scans.shutdown();
    }
}
