package net.erpex.privacy.visit;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A proof travelling through the recorder's priority lane, with the promise its submitter waits on. Its state decides,
 * atomically, between the recorder writing it and the submitter giving up on it: a proof withdrawn before a write
 * attempt claims it is never written, so an answer of "failed" is never contradicted by a record written later.
 */
final class ProofTicket {

    private static final int PENDING = 0;
    private static final int WRITING = 1;
    private static final int DONE = 2;
    private static final int WITHDRAWN = 3;

    final RawEvent event;
    /** Completes when the record is durable in the sink, or exceptionally when it can no longer be. */
    final CompletableFuture<Void> durable = new CompletableFuture<>();
    private final AtomicInteger state = new AtomicInteger(PENDING);

    ProofTicket(RawEvent event) {
        this.event = event;
    }

    /** The recorder takes the proof for one write attempt; false when the submitter has withdrawn it. */
    boolean claim() {
        return state.compareAndSet(PENDING, WRITING);
    }

    /** The attempt failed: the proof waits for the next one (or for its submitter to withdraw it). */
    void release() {
        state.compareAndSet(WRITING, PENDING);
    }

    /** The attempt succeeded and the sink made it durable. */
    void written() {
        state.set(DONE);
        durable.complete(null);
    }

    /** The recorder cannot write it any more (it stopped); the submitter learns it at once. */
    void failed(Throwable cause) {
        if (state.getAndSet(WITHDRAWN) != DONE) {
            durable.completeExceptionally(cause);
        }
    }

    /**
     * The submitter gives up: succeeds only while no write attempt holds the proof.
     *
     * @return true when the proof will never be written
     */
    boolean withdraw() {
        return state.compareAndSet(PENDING, WITHDRAWN);
    }

    boolean withdrawn() {
        return state.get() == WITHDRAWN;
    }

    /**
     * The submitter waits for durability, {@code nanos} at most; when that runs out before an attempt holds the proof,
     * withdraws it, and when an attempt holds it, waits up to {@code timeout} more for that attempt.
     *
     * @throws TimeoutException when not durable in time (withdrawn, unless a sink hung with it)
     */
    void awaitDurable(long nanos, Duration timeout) throws IOException, TimeoutException, InterruptedException {
        try {
            await(durable, nanos);
        } catch (TimeoutException first) {
            if (withdraw()) {
                throw new TimeoutException("the proof was not durable within " + timeout + "; it is withdrawn");
            }
            try {
                await(durable, timeout.toNanos());
            } catch (TimeoutException second) {
                withdraw();
                throw new TimeoutException("the sink did not finish writing the proof within twice " + timeout);
            }
        }
    }

    /** Waits for {@code future}, unwrapping its failure as an {@link IOException}. */
    static void await(CompletableFuture<Void> future, long nanos)
            throws IOException, TimeoutException, InterruptedException {
        try {
            future.get(nanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause);
        }
    }
}
