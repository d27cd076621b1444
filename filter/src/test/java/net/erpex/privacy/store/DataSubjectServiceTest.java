package net.erpex.privacy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import net.erpex.privacy.visit.LogRecord;
import net.erpex.privacy.visit.RecordSink;
import net.erpex.privacy.visit.VisitEvent;
import net.erpex.privacy.visit.VisitRecord;
import net.erpex.privacy.visit.VisitRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Access and erasure requests: off the recorder thread, one scan at a time, and including what was just recorded. */
class DataSubjectServiceTest {

    private static final SubjectQuery ALICE = SubjectQuery.of(Set.of("alice"), Set.of());

    /** A store in memory whose scans can be held, and which notes the thread each runs on. */
    static final class HeldStore implements RecordSink, DataSubjectStore {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();
        final List<String> scanThreads = new CopyOnWriteArrayList<>();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        volatile CountDownLatch gate = new CountDownLatch(0);
        final CountDownLatch entered = new CountDownLatch(1);

        @Override
        public void write(List<LogRecord> batch) {
            records.addAll(batch);
        }

        @Override
        public List<FoundRecord> find(SubjectQuery query) throws IOException {
            int now = running.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            scanThreads.add(Thread.currentThread().getName());
            entered.countDown();
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("test gate never opened");
                }
                List<FoundRecord> found = new ArrayList<>();
                for (LogRecord r : records) {
                    if (query.matches(r.session(), r.consentId(), r.ip(), r.time())) {
                        found.add(new FoundRecord(r.stream(), r.id(), r.time(), "{}"));
                    }
                }
                return found;
            } catch (InterruptedException e) {
                throw new IOException(e);
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public Map<String, Integer> erase(SubjectQuery query) {
            return Map.of();
        }

        @Override
        public void close() {
        }
    }

    private final HeldStore store = new HeldStore();
    private final VisitRecorder recorder = VisitRecorder.builder(DataSubjectServiceTest::enrich, store)
            .flushInterval(Duration.ofSeconds(30)).build();
    private final DataSubjectService service = new DataSubjectService(recorder, store, "held", Duration.ofSeconds(20));
    private final ExecutorService callers = Executors.newCachedThreadPool();

    private static LogRecord enrich(net.erpex.privacy.visit.RawEvent event, boolean detailed) {
        VisitEvent e = (VisitEvent) event;
        return new VisitRecord(e.id(), e.time(), e.ip(), "", "", "", "en", "GET", e.path(), 200, "", "", "", "", "",
                "", "none", e.sessionHash(), "");
    }

    private static VisitEvent visit(String session, String path) {
        return new VisitEvent(null, Instant.parse("2026-11-25T12:00:00Z"), null, "192.0.2.1", "GET", path, 200, "",
                "", "", "", "en", "", "example.org", session, "");
    }

    @AfterEach
    void stop() {
        store.gate.countDown();
        callers.shutdownNow();
        service.close();
        recorder.close();
    }

    @Nested
    class Answers {

        @Test
        void includeAVisitStillWaitingForTheFlushIntervalAndRunOffTheRecorderThread() throws Exception {
            recorder.submit(visit("alice", "/just-now"));

            List<FoundRecord> found = service.export(ALICE);

            assertThat(found).hasSize(1);
            assertThat(store.scanThreads).containsExactly(DataSubjectService.THREAD_NAME);
        }

        @Test
        void answerAnEmptyQueryWithoutScanning() throws Exception {
            assertThat(service.export(SubjectQuery.of(Set.of(), Set.of()))).isEmpty();
            assertThat(store.scanThreads).isEmpty();
        }

        @Test
        void sayWhenTheStoreCannotBeSearched() {
            DataSubjectService unsupported = new DataSubjectService(recorder, null, "the SLF4J log", Duration.ofSeconds(1));

            assertThatThrownBy(() -> unsupported.export(ALICE))
                    .isInstanceOf(DataSubjectService.UnsupportedStoreException.class)
                    .hasMessageContaining("the SLF4J log");
            unsupported.close();
        }
    }

    @Nested
    class Load {

        @Test
        void scansForOneVisitorAtATimeLetsAFewWaitAndRefusesTheRestAtOnce() throws Exception {
            store.gate = new CountDownLatch(1);
            Future<List<FoundRecord>> first = callers.submit(() -> service.export(ALICE));
            assertThat(store.entered.await(20, TimeUnit.SECONDS)).isTrue();
            int more = 24;
            AtomicInteger refused = new AtomicInteger();
            List<Future<?>> others = new ArrayList<>();
            for (int i = 0; i < more; i++) {
                others.add(callers.submit(() -> {
                    try {
                        return service.export(ALICE);
                    } catch (DataSubjectService.BusyException e) {
                        refused.incrementAndGet();
                        return null;
                    }
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (refused.get() < more - DataSubjectService.WAITING && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }

            assertThat(refused).hasValue(more - DataSubjectService.WAITING);
            store.gate.countDown();
            first.get(20, TimeUnit.SECONDS);
            for (Future<?> f : others) {
                f.get(20, TimeUnit.SECONDS);
            }
            assertThat(refused).hasValue(more - DataSubjectService.WAITING);
            assertThat(store.mostAtOnce).hasValue(1);
            assertThat(store.scanThreads).hasSize(1 + DataSubjectService.WAITING);
        }

        @Test
        void giveUpAfterTheirTimeoutWithoutHoldingUpTheRecorder() throws Exception {
            DataSubjectService impatient = new DataSubjectService(recorder, store, "held", Duration.ofMillis(300));
            store.gate = new CountDownLatch(1);
            try {
                assertThatThrownBy(() -> impatient.export(ALICE)).isInstanceOf(TimeoutException.class);
                recorder.submit(visit("bob", "/meanwhile"));
                recorder.awaitWritten(Duration.ofSeconds(20));
                assertThat(store.records).hasSize(1);
            } finally {
                store.gate.countDown();
                impatient.close();
            }
        }
    }
}
