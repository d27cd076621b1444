package net.erpex.privacy.spring.boot;

import java.util.LinkedHashMap;
import java.util.Map;
import net.erpex.privacy.PrivacyHealth;

/**
 * The details of the {@code privacy} health component, the same on every Boot version. Status: UP while the store
 * takes records, DOWN while it does not (the database is unreachable: records then wait in the spool, whose size
 * and limit say how long that can last), UNKNOWN before the filter has started.
 */
final class HealthDetails {

    private HealthDetails() {
    }

    static Map<String, Object> of(PrivacyHealth health) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (health == null) {
            details.put("started", false);
            return details;
        }
        details.put("store", health.store());
        details.put("storeReachable", health.storeUp());
        details.put("queued", health.queued());
        details.put("queueCapacity", health.queueCapacity());
        details.put("spooled", health.spooled());
        details.put("spoolLimit", health.spoolLimit());
        return details;
    }
}
