package net.erpex.privacy.spring.boot;

import java.util.Map;

/** The actuator query of the meter a counter maps to, through the starter's own rule. */
public final class MeterQueries {

    private MeterQueries() {
    }

    /** {@code erpex.privacy.protect.blocked?tag=reason:no-proof} for {@code protect-blocked-no-proof}. */
    public static String of(String counter) {
        CounterMeters.Meter meter = CounterMeters.of(counter);
        StringBuilder q = new StringBuilder(meter.name());
        for (Map.Entry<String, String> tag : meter.tags().entrySet()) {
            q.append(q.indexOf("?") < 0 ? "?" : "&").append("tag=").append(tag.getKey()).append(':')
                    .append(tag.getValue());
        }
        return q.toString();
    }
}
