package net.erpex.privacy.visit;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands batches to the sink on the recorder thread, retrying with backoff until the sink takes them. Visits are
 * written as they are; proofs with {@link RecordSink#writeDurably}, and each proof is claimed for every attempt, so a
 * proof its submitter has withdrawn (it stopped waiting and answered an error) is never written after that answer.
 */
final class SinkWriter {

    private static final Logger LOG = LoggerFactory.getLogger(VisitRecorder.class);
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final RecordSink sink;
    private final RecorderState state;
    private final LogThrottle failures;

    SinkWriter(RecordSink sink, RecorderState state, Clock clock) {
        this.sink = sink;
        this.state = state;
        this.failures = new LogThrottle(clock, Duration.ofMinutes(1));
    }

    /** Retries until the sink takes the batch; meanwhile the visit queue fills and its policy applies. */
    void writeUntilDone(List<LogRecord> records) throws InterruptedException {
        if (records.isEmpty()) {
            return;
        }
        List<LogRecord> batch = List.copyOf(records);
        long backoff = FIRST_BACKOFF_MILLIS;
        while (true) {
            try {
                sink.write(batch);
                state.written.add(batch.size());
                return;
            } catch (IOException | RuntimeException e) {
                failed(batch.size(), backoff, e);
            }
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
    }

    /**
     * Writes the proofs durably, retrying until each is written or withdrawn by its submitter.
     *
     * @param records one per ticket; {@code null} where the proof could not be enriched (that ticket has failed)
     */
    void writeProofsUntilDone(List<ProofTicket> tickets, List<LogRecord> records) throws InterruptedException {
        long backoff = FIRST_BACKOFF_MILLIS;
        while (true) {
            List<ProofTicket> claimed = new ArrayList<>(tickets.size());
            List<LogRecord> batch = new ArrayList<>(tickets.size());
            for (int i = 0; i < tickets.size(); i++) {
                ProofTicket ticket = tickets.get(i);
                if (records.get(i) != null && ticket.claim()) {
                    claimed.add(ticket);
                    batch.add(records.get(i));
                } else if (ticket.withdrawn() && records.get(i) != null) {
                    // Its request has already answered an error: it is no longer anybody's decision to record.
                    state.dropped.increment();
                    records.set(i, null);
                }
            }
            if (claimed.isEmpty()) {
                return;
            }
            try {
                sink.writeDurably(List.copyOf(batch));
                state.written.add(batch.size());
                state.proofs.add(batch.size());
                claimed.forEach(ProofTicket::written);
                return;
            } catch (IOException | RuntimeException e) {
                claimed.forEach(ProofTicket::release);
                failed(batch.size(), backoff, e);
            }
            if (state.abandoned) {
                throw new InterruptedException("closing gave up");
            }
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
    }

    private void failed(int size, long backoff, Exception e) {
        state.failedWrites.increment();
        long count = failures.occurred();
        if (count > 0) {
            LOG.error("writing {} records to {} failed ({} failures in the last minute); retrying in {} ms,"
                    + " nothing is lost while the queue has room", size, sink, count, backoff, e);
        }
    }
}
