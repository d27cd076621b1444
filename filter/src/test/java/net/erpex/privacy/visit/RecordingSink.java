package net.erpex.privacy.visit;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A sink that keeps what it is given, and can be told to fail or to hold the recorder thread. */
final class RecordingSink implements RecordSink {

    final List<LogRecord> records = new CopyOnWriteArrayList<>();
    /** Ids of the records written with {@link #writeDurably}. */
    final List<String> durable = new CopyOnWriteArrayList<>();
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    final List<Instant> maintained = new CopyOnWriteArrayList<>();
    final AtomicInteger writeCalls = new AtomicInteger();
    final CountDownLatch entered = new CountDownLatch(1);
    volatile CountDownLatch gate = new CountDownLatch(0);
    volatile int failuresLeft;
    volatile boolean alwaysFail;
    volatile boolean failMaintenance;
    final AtomicInteger closeCalls = new AtomicInteger();

    @Override
    public void write(List<LogRecord> batch) throws IOException {
        writeCalls.incrementAndGet();
        entered.countDown();
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IOException("test gate was never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (alwaysFail || failuresLeft-- > 0) {
            throw new IOException("disk full (simulated)");
        }
        batchSizes.add(batch.size());
        records.addAll(new ArrayList<>(batch));
    }

    @Override
    public void writeDurably(List<LogRecord> batch) throws IOException {
        write(batch);
        batch.forEach(record -> durable.add(record.id()));
    }

    @Override
    public void maintain(Instant now) {
        maintained.add(now);
        if (failMaintenance) {
            throw new IllegalStateException("cannot list the directory (simulated)");
        }
    }

    @Override
    public void close() {
        closeCalls.incrementAndGet();
    }
}
