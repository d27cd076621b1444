package net.erpex.privacy.visit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import net.erpex.privacy.testing.MutableClock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VisitRecorderTest {

    static final Clock CLOCK = Clock.fixed(TestRecords.NOON, ZoneOffset.UTC);
    static final Enricher PLAIN = TestRecords::enriched;

    private final RecordingSink sink = new RecordingSink();

    /** No flush wait, and an enrichment budget no test overruns unless it means to (the machine may be busy). */
    static VisitRecorder.Builder quick(Enricher enricher, RecordSink sink) {
        return VisitRecorder.builder(enricher, sink).clock(CLOCK).flushInterval(Duration.ZERO)
                .enrichBudget(Duration.ofSeconds(5));
    }

    static List<String> ids(List<LogRecord> records) {
        return records.stream().map(LogRecord::id).toList();
    }

    /** Proof of something, such as a consent choice: never dropped. */
    record ProofEvent(String id, Instant time) implements RawEvent {
        @Override
        public boolean droppable() {
            return false;
        }
    }

    /** Runs a submit on another thread and waits until it is parked because the queue is full. */
    private static Future<?> submitAndWaitUntilBlocked(ExecutorService executor, VisitRecorder recorder,
                                                       RawEvent event) {
        List<Thread> runner = new CopyOnWriteArrayList<>();
        Future<?> done = executor.submit(() -> {
            runner.add(Thread.currentThread());
            recorder.submit(event);
        });
        Await.until(() -> done.isDone() || !runner.isEmpty()
                && runner.get(0).getState() == Thread.State.TIMED_WAITING, "the submitter waits for room");
        return done;
    }

    @Nested
    class Delivery {

        @TempDir
        Path dir;

        @Test
        void writesEveryEventFromManyThreadsExactlyOnce() throws Exception {
            int threads = 8;
            int perThread = 1250;
            JsonLinesSink files = new JsonLinesSink(dir, Map.of(), CLOCK);
            VisitRecorder recorder = VisitRecorder.builder(PLAIN, files).clock(CLOCK).build();
            ExecutorService executor = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> submitters = new ArrayList<>();
            Instant midnight = Instant.parse("2026-11-26T00:00:00Z");
            for (int t = 0; t < threads; t++) {
                submitters.add(executor.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        recorder.submit(TestRecords.event(midnight.plusMillis(i % 2 == 0 ? -i : i)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> submitter : submitters) {
                submitter.get(30, TimeUnit.SECONDS);
            }
            executor.shutdown();

            recorder.close();

            List<String> lines = new ArrayList<>();
            lines.addAll(Files.readAllLines(dir.resolve("visits-2026-11-25.jsonl"), StandardCharsets.UTF_8));
            lines.addAll(Files.readAllLines(dir.resolve("visits-2026-11-26.jsonl"), StandardCharsets.UTF_8));
            ObjectMapper json = new ObjectMapper();
            Set<String> distinct = new HashSet<>();
            for (String line : lines) {
                distinct.add(json.readTree(line).get("id").asText());
            }
            assertThat(lines).hasSize(threads * perThread);
            assertThat(distinct).hasSize(threads * perThread);
            RecorderStats stats = recorder.stats();
            assertThat(stats.submitted()).isEqualTo(10_000);
            assertThat(stats.written()).isEqualTo(10_000);
            assertThat(stats.dropped()).isZero();
            assertThat(stats.queued()).isZero();
        }

        @Test
        void writesBatchesOfAtMostTheBatchSize() throws Exception {
            sink.gate = new CountDownLatch(1);
            try (VisitRecorder recorder = quick(PLAIN, sink).batchSize(3).build()) {
                for (int i = 0; i < 10; i++) {
                    recorder.submit(TestRecords.event(TestRecords.NOON));
                }
                sink.gate.countDown();
            }

            assertThat(sink.batchSizes).allMatch(size -> size <= 3);
            assertThat(sink.records).hasSize(10);
        }

        @Test
        void retriesAFailingSinkWithoutLosingOrDuplicatingRecords() {
            sink.failuresLeft = 2;
            List<String> submitted = new ArrayList<>();
            try (VisitRecorder recorder = quick(PLAIN, sink).build()) {
                for (int i = 0; i < 5; i++) {
                    VisitEvent event = TestRecords.event(TestRecords.NOON);
                    submitted.add(event.id());
                    recorder.submit(event);
                }
                Await.until(() -> recorder.stats().written() == 5, "all records are written");
                assertThat(recorder.stats().failedWrites()).isEqualTo(2);
            }

            assertThat(ids(sink.records)).containsExactlyInAnyOrderElementsOf(submitted);
        }
    }

    @Nested
    class Overflow {

        private final ExecutorService executor = Executors.newSingleThreadExecutor();

        @Test
        void dropPolicyDropsAndCountsDroppableEventsButNeverProof() throws Exception {
            sink.gate = new CountDownLatch(1);
            VisitRecorder recorder = quick(PLAIN, sink).capacity(2).batchSize(1).overflow(OverflowPolicy.DROP)
                    .build();
            recorder.submit(TestRecords.event("held", TestRecords.NOON));
            assertThat(sink.entered.await(20, TimeUnit.SECONDS)).isTrue();
            recorder.submit(TestRecords.event("queued-1", TestRecords.NOON));
            recorder.submit(TestRecords.event("queued-2", TestRecords.NOON));
            recorder.submit(TestRecords.event("dropped-1", TestRecords.NOON));
            recorder.submit(TestRecords.event("dropped-2", TestRecords.NOON));

            Future<?> proof = submitAndWaitUntilBlocked(executor, recorder,
                    new ProofEvent("consent-proof", TestRecords.NOON));

            assertThat(proof).isNotDone();
            assertThat(recorder.stats().dropped()).isEqualTo(2);
            sink.gate.countDown();
            proof.get(20, TimeUnit.SECONDS);
            recorder.close();
            executor.shutdown();

            assertThat(ids(sink.records)).containsExactly("held", "queued-1", "queued-2", "consent-proof");
            assertThat(recorder.stats().submitted()).isEqualTo(4);
            assertThat(recorder.stats().written()).isEqualTo(4);
            assertThat(recorder.stats().dropped()).isEqualTo(2);
        }

        @Test
        void blockPolicyMakesTheSubmitterWaitAndLosesNothing() throws Exception {
            sink.gate = new CountDownLatch(1);
            VisitRecorder recorder = quick(PLAIN, sink).capacity(2).batchSize(1).build();
            recorder.submit(TestRecords.event("held", TestRecords.NOON));
            assertThat(sink.entered.await(20, TimeUnit.SECONDS)).isTrue();
            recorder.submit(TestRecords.event("queued-1", TestRecords.NOON));
            recorder.submit(TestRecords.event("queued-2", TestRecords.NOON));

            Future<?> waiting = submitAndWaitUntilBlocked(executor, recorder,
                    TestRecords.event("waited", TestRecords.NOON));

            assertThat(waiting).isNotDone();
            assertThat(recorder.stats().queued()).isEqualTo(2);
            sink.gate.countDown();
            waiting.get(20, TimeUnit.SECONDS);
            recorder.close();
            executor.shutdown();

            assertThat(ids(sink.records)).containsExactly("held", "queued-1", "queued-2", "waited");
            assertThat(recorder.stats().submitted()).isEqualTo(4);
            assertThat(recorder.stats().written()).isEqualTo(4);
            assertThat(recorder.stats().dropped()).isZero();
        }
    }

    @Nested
    class Maintenance {

        @Test
        void runsAtStartAndThenEveryIntervalOfTheClock() {
            Instant start = Instant.parse("2026-11-25T03:00:00Z");
            MutableClock clock = new MutableClock(start);
            try (VisitRecorder recorder = quick(PLAIN, sink).clock(clock).maintenanceInterval(Duration.ofHours(1))
                    .build()) {
                Await.until(() -> sink.maintained.size() == 1, "maintenance ran at start");
                clock.advance(Duration.ofHours(1));
                Await.until(() -> sink.maintained.size() == 2, "maintenance ran after an hour");
                assertThat(recorder.stats().written()).isZero();
            }

            assertThat(sink.maintained).containsExactly(start, start.plus(Duration.ofHours(1)));
        }

        @Test
        void keepsRecordingWhenMaintenanceFails() {
            RecordingSink failing = new RecordingSink();
            failing.failMaintenance = true;
            try (VisitRecorder recorder = quick(PLAIN, failing).build()) {
                Await.until(() -> failing.maintained.size() == 1, "maintenance ran");
                recorder.submit(TestRecords.event("after-failure", TestRecords.NOON));
            }

            assertThat(ids(failing.records)).containsExactly("after-failure");
        }
    }

    @Nested
    class Closing {

        @Test
        void drainsEverythingQueuedWithoutWaitingForTheFlushIntervalAndClosesTheSink() {
            VisitRecorder recorder = quick(PLAIN, sink).flushInterval(Duration.ofMinutes(1)).build();
            for (int i = 0; i < 7; i++) {
                recorder.submit(TestRecords.event(TestRecords.NOON));
            }

            recorder.close(Duration.ofSeconds(20));

            assertThat(recorder.stats()).isEqualTo(new RecorderStats(7, 7, 0, 0, 0, 0, 0, 0));
            assertThat(sink.closeCalls).hasValue(1);
        }

        @Test
        void dropsAndCountsEventsSubmittedAfterClose() {
            VisitRecorder recorder = quick(PLAIN, sink).build();
            recorder.close();

            recorder.submit(TestRecords.event(TestRecords.NOON));
            recorder.submit(new ProofEvent("late-proof", TestRecords.NOON));

            assertThat(recorder.stats()).isEqualTo(new RecorderStats(0, 0, 2, 0, 0, 0, 0, 0));
            assertThat(sink.records).isEmpty();
        }

        @Test
        void isIdempotent() {
            VisitRecorder recorder = quick(PLAIN, sink).build();
            recorder.submit(TestRecords.event(TestRecords.NOON));

            recorder.close();
            recorder.close();

            assertThat(sink.closeCalls).hasValue(1);
            assertThat(recorder.stats().written()).isEqualTo(1);
        }

        @Test
        void givesUpAfterItsTimeoutAndCountsWhatWasNotWritten() {
            sink.alwaysFail = true;
            VisitRecorder recorder = quick(PLAIN, sink).build();
            for (int i = 0; i < 3; i++) {
                recorder.submit(TestRecords.event(TestRecords.NOON));
            }
            Await.until(() -> recorder.stats().failedWrites() > 0, "the sink failed");

            recorder.close(Duration.ofMillis(200));

            Await.until(() -> sink.closeCalls.get() == 1, "the recorder thread closed the sink");
            assertThat(recorder.stats().dropped()).isEqualTo(3);
            assertThat(recorder.stats().written()).isZero();
            assertThat(recorder.stats().queued()).isZero();
        }

        @Test
        void writesWhatIsLeftWithoutDetailOnceHalfItsTimeoutIsUsedAndLosesNothing() {
            CountDownLatch never = new CountDownLatch(1);
            Enricher stuck = (event, detailed) -> {
                if (detailed) {
                    awaitQuietly(never);
                }
                return TestRecords.enriched(event, detailed);
            };
            // Each batch of 10 would wait a whole second for the stuck analysis: 100 s for the queue, far past the
            // close timeout, if the drain kept trying to enrich in detail.
            VisitRecorder recorder = quick(stuck, sink).batchSize(10).enrichBudget(Duration.ofSeconds(1)).build();
            for (int i = 0; i < 1000; i++) {
                recorder.submit(TestRecords.event(TestRecords.NOON));
            }

            recorder.close(Duration.ofSeconds(6));
            never.countDown();

            assertThat(recorder.stats().written()).isEqualTo(1000);
            assertThat(recorder.stats().dropped()).isZero();
            assertThat(recorder.stats().degraded()).isEqualTo(1000);
        }

        @Test
        void runsOnOneNamedDaemonThread() {
            try (VisitRecorder recorder = quick(PLAIN, sink).build()) {
                assertThat(Thread.getAllStackTraces().keySet())
                        .filteredOn(thread -> thread.getName().equals(VisitRecorder.THREAD_NAME))
                        .isNotEmpty()
                        .allMatch(Thread::isDaemon);
                assertThat(recorder.stats().queued()).isZero();
            }
        }
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Nested
    class Configuration {

        static Stream<Arguments> invalid() {
            return Stream.of(
                    Arguments.of("capacity zero", (Consumer<VisitRecorder.Builder>) b -> b.capacity(0),
                            "capacity must be between 1 and 1000000, got 0"),
                    Arguments.of("capacity too large", (Consumer<VisitRecorder.Builder>) b -> b.capacity(1_000_001),
                            "capacity must be between 1 and 1000000, got 1000001"),
                    Arguments.of("batch size zero", (Consumer<VisitRecorder.Builder>) b -> b.batchSize(0),
                            "batchSize must be between 1 and 100000, got 0"),
                    Arguments.of("negative flush interval",
                            (Consumer<VisitRecorder.Builder>) b -> b.flushInterval(Duration.ofMillis(-1)),
                            "flushInterval must be between PT0S and PT1M, got PT-0.001S"),
                    Arguments.of("flush interval too long",
                            (Consumer<VisitRecorder.Builder>) b -> b.flushInterval(Duration.ofMinutes(2)),
                            "flushInterval must be between PT0S and PT1M, got PT2M"),
                    Arguments.of("zero maintenance interval",
                            (Consumer<VisitRecorder.Builder>) b -> b.maintenanceInterval(Duration.ZERO),
                            "maintenanceInterval must be a positive duration, got PT0S"),
                    Arguments.of("missing overflow policy", (Consumer<VisitRecorder.Builder>) b -> b.overflow(null),
                            "overflow (BLOCK or DROP) is required, got null"),
                    Arguments.of("missing clock", (Consumer<VisitRecorder.Builder>) b -> b.clock(null),
                            "clock is required, got null"),
                    Arguments.of("enrichment budget under a millisecond",
                            (Consumer<VisitRecorder.Builder>) b -> b.enrichBudget(Duration.ofNanos(999_999)),
                            "enrichBudget must be between PT0.001S and PT10S, got PT0.000999999S"),
                    Arguments.of("enrichment budget over ten seconds",
                            (Consumer<VisitRecorder.Builder>) b -> b.enrichBudget(Duration.ofSeconds(11)),
                            "enrichBudget must be between PT0.001S and PT10S, got PT11S"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("invalid")
        void rejectsABadSettingNamingItAndTheAcceptedRange(String name, Consumer<VisitRecorder.Builder> setting,
                                                            String message) {
            VisitRecorder.Builder builder = VisitRecorder.builder(PLAIN, new RecordingSink());

            assertThatThrownBy(() -> setting.accept(builder)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(message);
        }

        @Test
        void requiresAnEnricherAndASink() {
            assertThatThrownBy(() -> VisitRecorder.builder(null, new RecordingSink()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("enricher is required, got null");
            assertThatThrownBy(() -> VisitRecorder.builder(PLAIN, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("sink is required, got null");
        }
    }
}
