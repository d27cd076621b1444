package net.erpex.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the application sees of the forwarding headers once the filter has resolved the client: the hops of
 * {@code X-Forwarded-For} that resolution did not consume, and nothing of {@code Forwarded} or
 * {@code X-Forwarded-Proto}. Both families are treated alike whichever one {@code client.forwarded-header} names:
 * the family not chosen was passed through from the client by the proxies, so it is the client's claim and nothing
 * else.
 */
final class ForwardingView {

    /** How a header name is shown. */
    enum Kind {
        /** Not a forwarding header: passed through. */
        OTHER,
        /** {@code X-Forwarded-For}: only its unconsumed hops. */
        FORWARDED_FOR,
        /** {@code Forwarded} and {@code X-Forwarded-Proto}: never shown. */
        HIDDEN
    }

    private ForwardingView() {
    }

    static Kind kind(String name) {
        if (name == null || name.length() < 9 || name.length() > 17) {
            return Kind.OTHER; // the usual case, decided without lower-casing
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "x-forwarded-for" -> Kind.FORWARDED_FOR;
            case "forwarded", "x-forwarded-proto" -> Kind.HIDDEN;
            default -> Kind.OTHER;
        };
    }

    /**
     * The {@code X-Forwarded-For} lines without the {@code consumed} hops at their right end. Lines that keep every
     * hop are returned as they came; a line cut short is rewritten as its remaining hops joined by {@code ", "}.
     */
    static List<String> unconsumed(List<String> lines, int consumed) {
        if (consumed == 0) {
            return lines;
        }
        List<String> kept = new ArrayList<>(lines);
        int left = consumed;
        for (int i = kept.size() - 1; i >= 0 && left > 0; i--) {
            String line = kept.get(i);
            List<String> hops = new ArrayList<>();
            for (String hop : line == null ? new String[0] : line.split(",", -1)) {
                if (!hop.isBlank()) {
                    hops.add(hop.strip());
                }
            }
            int drop = Math.min(left, hops.size());
            left -= drop;
            if (drop == hops.size()) {
                kept.remove(i);
            } else if (drop > 0) {
                kept.set(i, String.join(", ", hops.subList(0, hops.size() - drop)));
            }
        }
        return kept;
    }
}
