package net.erpex.privacy.visit;

import static net.erpex.privacy.visit.VisitRecorderTest.awaitQuietly;
import static net.erpex.privacy.visit.VisitRecorderTest.ids;
import static net.erpex.privacy.visit.VisitRecorderTest.quick;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** How the recorder enriches: in detail within a time budget, and never at the cost of a record. */
class RecorderEnrichmentTest {

    private final RecordingSink sink = new RecordingSink();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseStuckAnalyses() {
        release.countDown();
    }

    private static String userAgent(LogRecord record) {
        return ((VisitRecord) record).userAgent();
    }

    @Nested
    class Budget {

        @Test
        void writesARecordWhoseAnalysisOverrunsWithoutDetailAndGoesOnWithTheOthers() throws Exception {
            Enricher slowOnOne = (event, detailed) -> {
                if (detailed && event.id().equals("crafted")) {
                    awaitQuietly(release);
                }
                return TestRecords.enriched(event, detailed);
            };
            try (VisitRecorder recorder = quick(slowOnOne, sink).enrichBudget(Duration.ofMillis(50)).build()) {
                recorder.submit(TestRecords.event("crafted", TestRecords.NOON));
                recorder.awaitWritten(Duration.ofSeconds(20));
                release.countDown();
                recorder.submit(TestRecords.event("ordinary", TestRecords.NOON));
                recorder.awaitWritten(Duration.ofSeconds(20));

                assertThat(ids(sink.records)).containsExactly("crafted", "ordinary");
                assertThat(userAgent(sink.records.get(0))).isEqualTo("Mozilla/5.0");
                assertThat(recorder.stats().overruns()).isEqualTo(1);
                assertThat(recorder.stats().degraded()).isEqualTo(1);
            }
            assertThat(userAgent(sink.records.get(1))).isEmpty();
        }

        @Test
        void leavesTheRestOfAnOverrunBatchUnanalysedAndAnalysesTheNextBatch() throws Exception {
            List<String> analysed = new CopyOnWriteArrayList<>();
            Enricher slowOnOne = (event, detailed) -> {
                if (detailed) {
                    analysed.add(event.id());
                    if (event.id().equals("crafted")) {
                        awaitQuietly(release);
                    }
                }
                return TestRecords.enriched(event, detailed);
            };
            try (VisitRecorder recorder = quick(slowOnOne, sink).batchSize(21).enrichBudget(Duration.ofMillis(50))
                    .flushInterval(Duration.ofMinutes(1)).build()) {
                recorder.submit(TestRecords.event("crafted", TestRecords.NOON));
                for (int i = 0; i < 20; i++) {
                    recorder.submit(TestRecords.event("same-batch-" + i, TestRecords.NOON));
                }
                recorder.awaitWritten(Duration.ofSeconds(20));
                release.countDown();
                recorder.submit(TestRecords.event("next", TestRecords.NOON));
                recorder.awaitWritten(Duration.ofSeconds(20));

                assertThat(sink.records).hasSize(22);
                assertThat(recorder.stats().overruns()).isEqualTo(1);
            }
            // The analysis of the batch it abandoned stops at the record that overran; the worker is free at once.
            assertThat(analysed).noneMatch(id -> id.startsWith("same-batch-")).contains("next");
            assertThat(userAgent(sink.records.get(21))).isEmpty();
        }

        @Test
        void boundsAWholeBatchNotOnlyEachRecord() throws Exception {
            // Each analysis stays under the 50 ms budget of a record, but 40 of them take 1.6 s, over the batch's 0.5 s.
            Enricher justUnderBudget = (event, detailed) -> {
                if (detailed) {
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(40);
                    while (System.nanoTime() < until) {
                        LockSupport.parkNanos(until - System.nanoTime());
                    }
                }
                return TestRecords.enriched(event, detailed);
            };
            try (VisitRecorder recorder = quick(justUnderBudget, sink).batchSize(40)
                    .enrichBudget(Duration.ofMillis(50)).flushInterval(Duration.ofMinutes(1)).build()) {
                for (int i = 0; i < 40; i++) {
                    recorder.submit(TestRecords.event(TestRecords.NOON));
                }
                recorder.awaitWritten(Duration.ofSeconds(20));

                assertThat(sink.records).hasSize(40);
                assertThat(recorder.stats().degraded()).isPositive();
            }
        }

        @Test
        void givesAProofItsBudgetTooAndWritesItAtOnceWithTheRawUserAgent() throws Exception {
            Enricher stuck = (event, detailed) -> {
                if (detailed) {
                    awaitQuietly(release);
                }
                return TestRecords.enriched(event, detailed);
            };
            try (VisitRecorder recorder = quick(stuck, sink).enrichBudget(Duration.ofMillis(50)).build()) {
                recorder.recordProof(new VisitRecorderTest.ProofEvent("consent", TestRecords.NOON),
                        Duration.ofSeconds(20));

                assertThat(sink.durable).containsExactly("consent");
                assertThat(userAgent(sink.records.get(0))).isEqualTo("Mozilla/5.0");
            }
        }
    }

    @Nested
    class Detail {

        @Test
        void isSkippedWhileTheQueueIsMoreThanHalfFull() throws Exception {
            List<Boolean> detailed = new CopyOnWriteArrayList<>();
            Enricher watching = (event, detail) -> {
                detailed.add(detail);
                return TestRecords.enriched(event, detail);
            };
            sink.gate = new CountDownLatch(1);
            try (VisitRecorder recorder = quick(watching, sink).capacity(10).batchSize(1).build()) {
                recorder.submit(TestRecords.event(TestRecords.NOON));
                assertThat(sink.entered.await(20, TimeUnit.SECONDS)).isTrue();
                for (int i = 0; i < 9; i++) {
                    recorder.submit(TestRecords.event(TestRecords.NOON));
                }
                sink.gate.countDown();
                Await.until(() -> recorder.stats().written() == 10, "all records are written");

                // Queue sizes seen: 0, then 8, 7, 6 (more than half of 10), then 5 and fewer.
                assertThat(detailed).containsExactly(true, false, false, false, true, true, true, true, true, true);
                assertThat(recorder.stats().degraded()).isEqualTo(3);
                assertThat(recorder.stats().overruns()).isZero();
            }
            assertThat(userAgent(sink.records.get(1))).isEqualTo("Mozilla/5.0");
            assertThat(userAgent(sink.records.get(0))).isEmpty();
        }

        @Test
        void countsAsDegradedOnlyTheRecordsItLeftWithoutTheirAnalysis() throws Exception {
            // An enricher that knows the browsers of the events named "known" even without detail, as the filter's
            // does for a User-Agent it analysed before.
            Enricher knowing = (event, detail) -> TestRecords.enriched(event, detail || event.id().startsWith("known"));
            sink.gate = new CountDownLatch(1);
            try (VisitRecorder recorder = quick(knowing, sink).capacity(10).batchSize(1).build()) {
                recorder.submit(TestRecords.event("first", TestRecords.NOON));
                assertThat(sink.entered.await(20, TimeUnit.SECONDS)).isTrue();
                String[] next = {"known-1", "new-2", "known-3", "new-4", "new-5", "new-6", "new-7", "new-8", "new-9"};
                for (String id : next) {
                    recorder.submit(TestRecords.event(id, TestRecords.NOON));
                }
                sink.gate.countDown();
                Await.until(() -> recorder.stats().written() == 10, "all records are written");

                // Without detail: known-1, new-2 and known-3 (the queue more than half full); only new-2 lacks its
                // analysis.
                assertThat(recorder.stats().degraded()).isEqualTo(1);
            }
            assertThat(sink.records).filteredOn(r -> !userAgent(r).isEmpty()).extracting(LogRecord::id)
                    .containsExactly("new-2");
        }

        @Test
        void isLeftOutWhenTheDetailedEnrichmentFails() {
            Enricher flaky = (event, detail) -> {
                if (detail && event.id().equals("flaky")) {
                    throw new IllegalStateException("user-agent parser failed");
                }
                if (event.id().equals("null-detail") && detail) {
                    return null;
                }
                return TestRecords.enriched(event, detail);
            };
            try (VisitRecorder recorder = quick(flaky, sink).build()) {
                recorder.submit(TestRecords.event("flaky", TestRecords.NOON));
                recorder.submit(TestRecords.event("null-detail", TestRecords.NOON));
                recorder.submit(TestRecords.event("fine", TestRecords.NOON));
            }

            assertThat(ids(sink.records)).containsExactlyInAnyOrder("flaky", "null-detail", "fine");
            assertThat(sink.records).filteredOn(record -> !record.id().equals("fine"))
                    .allMatch(record -> !userAgent(record).isEmpty());
        }

        @Test
        void dropsAndCountsOnlyAnEventThatCannotBeEnrichedAtAll() {
            Enricher broken = (event, detail) -> {
                if (event.id().equals("poison")) {
                    throw new IllegalArgumentException("cannot enrich");
                }
                return TestRecords.enriched(event, detail);
            };
            VisitRecorder recorder = quick(broken, sink).build();
            recorder.submit(TestRecords.event("before", TestRecords.NOON));
            recorder.submit(TestRecords.event("poison", TestRecords.NOON));
            recorder.submit(TestRecords.event("after", TestRecords.NOON));
            recorder.close();

            assertThat(ids(sink.records)).containsExactlyInAnyOrder("before", "after");
            assertThat(recorder.stats()).isEqualTo(new RecorderStats(3, 2, 1, 0, 0, 0, 0, 0));
        }
    }
}
