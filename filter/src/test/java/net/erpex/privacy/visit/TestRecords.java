package net.erpex.privacy.visit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;

/** Builders of events and records with plausible values, so each test states only what it is about. */
final class TestRecords {

    static final Instant NOON = Instant.parse("2026-11-25T12:00:00.123Z");

    private TestRecords() {
    }

    static VisitEvent event(Instant time) {
        return event(VisitEvent.newId(), time);
    }

    static VisitEvent event(String id, Instant time) {
        return new VisitEvent(id, time, address("192.0.2.10"), "192.0.2.10", "GET", "/products", 200,
                "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "", "", "", "en",
                "https://www.example.org/search", "shop.example", "c2Vzc2lvbg", "");
    }

    static VisitRecord record(String id, Instant ts) {
        return new VisitRecord(id, ts, "192.0.2.0", "FR", "Île-de-France", "Paris", "fr", "GET", "/produits", 200,
                "Firefox", "133.0", "Linux", "", "desktop", "https://www.example.org/", "external", "c2Vzc2lvbg", "");
    }

    /** What a well-behaved enricher returns: the id and time of the event, without real enrichment. */
    static LogRecord enriched(RawEvent event, boolean detailed) {
        return new VisitRecord(event.id(), event.time(), "192.0.2.0", "", "", "", "en", "GET", "/", 200,
                detailed ? "Firefox" : "", "", "", "", "", "", "none", "", detailed ? "" : "Mozilla/5.0");
    }

    static InetAddress address(String literal) {
        try {
            // Literals only: InetAddress.getByName does no DNS lookup for them.
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
