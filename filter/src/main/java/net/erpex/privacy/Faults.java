package net.erpex.privacy;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fault of the filter itself: counted ({@code internal-error}), logged with its stack trace the first time and at
 * debug afterwards, and never passed on to the request, which goes on without the filter's part.
 */
final class Faults {

    private static final Logger LOG = LoggerFactory.getLogger(PrivacyFilter.class);

    private final Counters counters;
    private final AtomicBoolean logged = new AtomicBoolean();

    Faults(Counters counters) {
        this.counters = counters;
    }

    void internalError(RuntimeException e) {
        counters.increment(Counters.Event.INTERNAL_ERROR);
        if (logged.compareAndSet(false, true)) {
            LOG.error("PrivacyFilter failed on a request, which went on without it; further failures are counted"
                    + " (counter internal-error) and logged at debug", e);
        } else {
            LOG.debug("PrivacyFilter failed on a request", e);
        }
    }
}
