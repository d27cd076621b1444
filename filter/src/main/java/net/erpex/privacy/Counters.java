package net.erpex.privacy;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How often per-request input was bad, and what the filter did about it. Bad input is answered with a safe default
 * and logged at debug only (logging it louder would let any visitor flood the log), so these counts are how an
 * operator sees it.
 */
final class Counters {

    enum Event {
        /** A forwarded header from a trusted proxy had an entry that is not an address. */
        MALFORMED_FORWARDED,
        /** A session cookie failed verification and was replaced. */
        SESSION_INVALID,
        /** A session cookie was past its idle or absolute timeout and was replaced. */
        SESSION_EXPIRED,
        /** A new session was started for a request without a cookie. */
        SESSION_NEW,
        /**
         * A new session cookie was withheld from a response a shared cache may store ({@code Cache-Control: public}
         * or {@code s-maxage}): the cache would give it to every later visitor. The next private page starts it.
         */
        SESSION_WITHHELD_PUBLIC,
        /** A session cookie of a session ended by an erasure was presented and replaced. */
        SESSION_REVOKED,
        /** {@code ?lang=} or the lang cookie named no supported language. */
        LANGUAGE_CHOICE_IGNORED,
        /** The country header from a trusted proxy was not a country code. */
        COUNTRY_HEADER_IGNORED,
        /** A consent cookie failed verification and was ignored (the visitor counts as undecided). */
        CONSENT_INVALID,
        /** A cookie the application set was kept from the browser: denied or unclassified. */
        COOKIE_BLOCKED,
        /** A cookie of a category the visitor has not granted was expired in the browser. */
        COOKIE_EXPIRED,
        /**
         * Such a cookie was left for a later response: this one already carried as many expiry headers as fit (a
         * cookie bomb of hundreds of {@code _ga_*} cookies is expired over several responses).
         */
        COOKIE_EXPIRY_DEFERRED,
        /** A consent decision was stored (and recorded). */
        CONSENT_DECISION,
        /** A consent POST was refused: not same-origin, or a bad body. */
        CONSENT_REJECTED,
        /** A fault of the filter itself; the request went on without it. */
        INTERNAL_ERROR,
        /**
         * The session or consent cookie came more than once with different values (cookie tossing): the request was
         * treated as if it had none.
         */
        COOKIE_AMBIGUOUS,
        /** A my-data or erase request over its client's endpoints.data-rate, answered 429. */
        DATA_REQUEST_LIMITED,
        /** A my-data or erase request that found every scan slot taken or timed out, answered 503. */
        DATA_REQUEST_BUSY,
        /** A consent decision refused with 503 because its proof could not be made durable in time. */
        CONSENT_PROOF_FAILED
    }

    private final Map<Event, LongAdder> adders = new EnumMap<>(Event.class);

    Counters() {
        for (Event e : Event.values()) {
            adders.put(e, new LongAdder());
        }
    }

    void increment(Event event) {
        adders.get(event).increment();
    }

    long get(Event event) {
        return adders.get(event).sum();
    }

    /** Every count by a lower-case dashed name, for metrics and tests. */
    Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        adders.forEach((k, v) -> out.put(k.name().toLowerCase(Locale.ROOT).replace('_', '-'), v.sum()));
        return out;
    }
}
