package net.erpex.privacy.visit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A proof's state decides between the recorder writing it and its submitter giving up: whatever the order of the two,
 * a proof answered as failed is never written, and a proof written is never answered as failed.
 */
class ProofTicketTest {

    private static ProofTicket ticket() {
        return new ProofTicket(new VisitEvent("proof-1", Instant.EPOCH, null, "", "POST", "/privacy/consent", 303, "",
                "", "", "", "", "", "", "", "", ""));
    }

    @Test
    void aPendingProofCanBeWithdrawnAndIsThenNeverClaimed() {
        ProofTicket ticket = ticket();
        assertThat(ticket.withdrawn()).isFalse();

        assertThat(ticket.withdraw()).isTrue();
        assertThat(ticket.withdrawn()).isTrue();
        assertThat(ticket.claim()).isFalse();
        assertThat(ticket.withdraw()).isFalse();
    }

    @Test
    void aClaimedProofCannotBeWithdrawnUntilItsAttemptFails() {
        ProofTicket ticket = ticket();
        assertThat(ticket.claim()).isTrue();
        assertThat(ticket.claim()).isFalse();

        assertThat(ticket.withdraw()).isFalse();
        assertThat(ticket.withdrawn()).isFalse();

        ticket.release();
        assertThat(ticket.withdraw()).isTrue();
        assertThat(ticket.claim()).isFalse();
    }

    @Test
    void aWrittenProofStaysWrittenWhateverComesAfter() {
        ProofTicket ticket = ticket();
        assertThat(ticket.claim()).isTrue();
        ticket.written();

        assertThat(ticket.durable).isCompleted().isNotCompletedExceptionally();
        ticket.release(); // a late release (it cannot happen in order, but must change nothing)
        assertThat(ticket.withdraw()).isFalse();
        assertThat(ticket.withdrawn()).isFalse();
        assertThat(ticket.claim()).isFalse();

        ticket.failed(new IOException("stopped"));
        assertThat(ticket.durable).isNotCompletedExceptionally();
    }

    @Test
    void aProofTheRecorderCanNoLongerWriteFailsAtOnce() {
        ProofTicket ticket = ticket();
        ticket.failed(new IOException("the visit recorder stopped before writing it"));

        assertThat(ticket.durable).isCompletedExceptionally();
        assertThat(ticket.withdrawn()).isTrue();
        assertThat(ticket.claim()).isFalse();
    }
}
