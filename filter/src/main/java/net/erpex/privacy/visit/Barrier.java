package net.erpex.privacy.visit;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * A marker in the recorder's visit queue: it completes once every event queued before it, and every proof submitted
 * before it, has been handed to the sink. It carries no work, so whoever waits on it (a visitor's access or erasure
 * request) costs the recorder nothing; the scan itself runs elsewhere.
 */
final class Barrier implements RawEvent {

    final CompletableFuture<Void> passed = new CompletableFuture<>();

    @Override
    public String id() {
        return "barrier";
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
