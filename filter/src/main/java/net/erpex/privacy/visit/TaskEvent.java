package net.erpex.privacy.visit;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** A {@link SinkTask} travelling through the recorder's queue; never enriched, never dropped, never written. */
final class TaskEvent<T> implements RawEvent {

    private final SinkTask<T> task;
    final CompletableFuture<T> result = new CompletableFuture<>();

    TaskEvent(SinkTask<T> task) {
        this.task = task;
    }

    /** Runs the task unless the caller gave up waiting for it. */
    void run(RecordSink sink) {
        if (result.isDone()) {
            return;
        }
        try {
            result.complete(task.run(sink));
        } catch (Exception | Error e) {
            result.completeExceptionally(e);
        }
    }

    @Override
    public String id() {
        return "task";
    }

    @Override
    public Instant time() {
        return Instant.EPOCH;
    }

    @Override
    public boolean droppable() {
        return false;
    }
}
