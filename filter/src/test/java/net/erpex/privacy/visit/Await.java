package net.erpex.privacy.visit;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Bounded polling for results of the recorder thread; fails the test instead of hanging. */
final class Await {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    private Await() {
    }

    static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + LIMIT + " waiting until " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
