package net.erpex.privacy.visit;

import static net.erpex.privacy.visit.VisitRecorderTest.PLAIN;
import static net.erpex.privacy.visit.VisitRecorderTest.ids;
import static net.erpex.privacy.visit.VisitRecorderTest.quick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The recorder's priority lane for proofs, and its barrier for readers that must see everything written. */
class RecorderProofTest {

    private final RecordingSink sink = new RecordingSink();
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    private static VisitRecorderTest.ProofEvent proof(String id) {
        return new VisitRecorderTest.ProofEvent(id, TestRecords.NOON);
    }

    /** Submits a visit and waits until the recorder thread is inside the sink's (gated) write with it. */
    private void holdTheRecorderWith(VisitRecorder recorder, String id) throws InterruptedException {
        sink.gate = new CountDownLatch(1);
        recorder.submit(TestRecords.event(id, TestRecords.NOON));
        assertThat(sink.entered.await(20, TimeUnit.SECONDS)).isTrue();
    }

    @Nested
    class Proofs {

        @Test
        void areAnsweredOnlyOnceTheSinkHasWrittenThemDurably() throws Exception {
            try (VisitRecorder recorder = quick(PLAIN, sink).flushInterval(Duration.ofMinutes(1)).build()) {
                recorder.recordProof(proof("consent-1"), Duration.ofSeconds(20));

                assertThat(sink.durable).containsExactly("consent-1");
                assertThat(recorder.stats().proofs()).isEqualTo(1);
            }
        }

        @Test
        void goAheadOfEveryVisitStillQueued() throws Exception {
            try (VisitRecorder recorder = quick(PLAIN, sink).batchSize(100).build()) {
                holdTheRecorderWith(recorder, "held");
                for (int i = 0; i < 1000; i++) {
                    recorder.submit(TestRecords.event("queued-" + i, TestRecords.NOON));
                }
                Future<?> answered = executor.submit(() -> {
                    recorder.recordProof(proof("consent"), Duration.ofSeconds(20));
                    return null;
                });
                Await.until(() -> recorder.stats().submitted() == 1002, "the proof waits in its lane");
                // Waiting: the 1,000 visits and the proof (and the wake-up the proof sent, which is not a record).
                assertThat(recorder.stats().queued()).isBetween(1001, 1002);

                sink.gate.countDown();
                answered.get(20, TimeUnit.SECONDS);

                assertThat(ids(sink.records)).startsWith("held", "consent");
            }
        }

        @Test
        void areWithdrawnWhenNotDurableInTimeAndNeverWrittenAfterwards() throws Exception {
            try (VisitRecorder recorder = quick(PLAIN, sink).build()) {
                holdTheRecorderWith(recorder, "held");

                assertThatThrownBy(() -> recorder.recordProof(proof("too-late"), Duration.ofMillis(200)))
                        .isInstanceOf(TimeoutException.class).hasMessageContaining("withdrawn");
                sink.gate.countDown();
                recorder.awaitWritten(Duration.ofSeconds(20));

                assertThat(ids(sink.records)).containsExactly("held");
                assertThat(recorder.stats().dropped()).isEqualTo(1);
            }
        }

        @Test
        void areRetriedWhileTheSinkFailsAndAnsweredWhenItTakesThem() throws Exception {
            sink.failuresLeft = 2;
            try (VisitRecorder recorder = quick(PLAIN, sink).build()) {
                recorder.recordProof(proof("consent"), Duration.ofSeconds(20));

                assertThat(sink.durable).containsExactly("consent");
                assertThat(recorder.stats().failedWrites()).isEqualTo(2);
            }
        }

        @Test
        void areRefusedAtOnceByAClosedRecorder() {
            VisitRecorder recorder = quick(PLAIN, sink).build();
            recorder.close();

            assertThatThrownBy(() -> recorder.recordProof(proof("late"), Duration.ofSeconds(20)))
                    .isInstanceOf(IOException.class).hasMessageContaining("closed");
            assertThat(recorder.submitProof(proof("late-signal"))).isCompletedExceptionally();
        }

        @Test
        void canBeHandedOverWithoutWaitingAndCompleteWhenDurable() throws Exception {
            try (VisitRecorder recorder = quick(PLAIN, sink).build()) {
                CompletableFuture<Void> written = recorder.submitProof(proof("signal"));

                written.get(20, TimeUnit.SECONDS);
                assertThat(sink.durable).containsExactly("signal");
            }
        }
    }

    @Nested
    class Barriers {

        @Test
        void passOnceEverythingSubmittedBeforeThemIsWritten() throws Exception {
            try (VisitRecorder recorder = quick(PLAIN, sink).batchSize(100).build()) {
                holdTheRecorderWith(recorder, "first");
                recorder.submit(TestRecords.event("queued-1", TestRecords.NOON));
                recorder.submit(TestRecords.event("queued-2", TestRecords.NOON));
                Future<?> passed = executor.submit(() -> {
                    recorder.awaitWritten(Duration.ofSeconds(20));
                    return ids(sink.records);
                });
                Await.until(() -> recorder.stats().queued() == 3, "the barrier is queued behind the visits");
                assertThat(passed).isNotDone();

                sink.gate.countDown();

                assertThat(passed.get(20, TimeUnit.SECONDS)).isEqualTo(java.util.List.of("first", "queued-1",
                        "queued-2"));
            }
        }

        @Test
        void passOnlyOnceTheProofsSubmittedBeforeThemAreWritten() throws Exception {
            try (VisitRecorder recorder = quick(PLAIN, sink).build()) {
                CompletableFuture<Void> proof = recorder.submitProof(proof("consent"));

                recorder.awaitWritten(Duration.ofSeconds(20));

                assertThat(proof).isCompleted();
                assertThat(sink.durable).containsExactly("consent");
            }
        }

        /**
         * While visits trickle in, the recorder sleeps ever longer between drains of a batch (up to the flush
         * interval, here a minute). A barrier and then a proof each cut that sleep short: neither waits for it.
         */
        @Test
        void andProofsDoNotWaitOutTheRecordersSleep() throws Exception {
            try (VisitRecorder recorder = quick(PLAIN, sink).flushInterval(Duration.ofMinutes(1)).build()) {
                recorder.submit(TestRecords.event("trickle-1", TestRecords.NOON));
                // Slices of 5, 10, 20 ms ... : after 6 s the recorder is in a sleep of about 5 s.
                Thread.sleep(6_000);

                recorder.awaitWritten(Duration.ofSeconds(2));
                assertThat(ids(sink.records)).containsExactly("trickle-1");

                recorder.submit(TestRecords.event("trickle-2", TestRecords.NOON));
                recorder.recordProof(proof("consent"), Duration.ofSeconds(2));
                assertThat(sink.durable).containsExactly("consent");
            }
        }

        @Test
        void giveUpAfterTheirTimeout() throws Exception {
            try (VisitRecorder recorder = quick(PLAIN, sink).build()) {
                holdTheRecorderWith(recorder, "held");

                assertThatThrownBy(() -> recorder.awaitWritten(Duration.ofMillis(100)))
                        .isInstanceOf(TimeoutException.class);
                sink.gate.countDown();
                recorder.awaitWritten(Duration.ofSeconds(20));
            }
        }

        @Test
        void areRefusedOnceTheRecorderIsClosed() {
            VisitRecorder recorder = quick(PLAIN, sink).build();
            recorder.close();

            assertThatThrownBy(() -> recorder.awaitWritten(Duration.ofSeconds(1)))
                    .isInstanceOf(IOException.class).hasMessageContaining("closed");
        }
    }
}
