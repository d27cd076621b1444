package net.erpex.privacy;

import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import net.erpex.privacy.client.IpLiterals;
import net.erpex.privacy.protect.RateLimiter;
import net.erpex.privacy.security.SameOrigin;
import net.erpex.privacy.store.DataSubjectService;
import net.erpex.privacy.store.FoundRecord;
import net.erpex.privacy.store.SubjectQuery;
import net.erpex.privacy.visit.ConsentRecord;
import net.erpex.privacy.visit.JsonLines;
import net.erpex.privacy.visit.VisitRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The visitor's rights of access and erasure: {@code GET {prefix}/my-data} answers every record linked to the
 * visitor's current session (and consent id) as a JSON download; {@code POST {prefix}/my-data/erase}, from the site's
 * own pages only, deletes them, starts a new session, and answers what was deleted.
 *
 * <p><b>Trust:</b> the only key is what the filter itself verified for this request: the hash of a session cookie
 * that carries our signature. A forged or foreign cookie gets a new, empty session, so nobody can read or erase
 * another visitor's records by sending a made-up value. Nothing from the request body or query is used.
 */
final class DataSubjectEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(PrivacyFilter.class);
    private static final String BUSY = "the record store did not answer in time; try again in a minute";
    /** After a refusal for want of a free scan slot: the scans ahead take about a second each at most. */
    private static final long BUSY_RETRY_SECONDS = 5;
    private static final long FAILED_RETRY_SECONDS = 60;

    private final DataSubjectService service;
    private final ConsentEnforcer consent;
    private final Counters counters;
    private final RateLimiter rate;
    private final Clock clock;

    DataSubjectEndpoints(DataSubjectService service, ConsentEnforcer consent, Counters counters, RateLimiter rate,
            Clock clock) {
        this.service = service;
        this.consent = consent;
        this.counters = counters;
        this.rate = rate;
        this.clock = clock;
    }

    /** Registers both endpoints. */
    void register(PrivacyEndpoints endpoints) {
        endpoints.on("GET", "/my-data", this::export);
        endpoints.on("POST", "/my-data/erase", this::erase);
    }

    /**
     * The one place that says which records are the visitor's: those of the current session, and the consent records
     * of the consent id in the visitor's (verified) consent cookie.
     */
    static SubjectQuery queryFor(VisitorContext context) {
        String consentId = context.consent().consentId();
        return SubjectQuery.of(Set.of(context.sessionHash()), consentId.isEmpty() ? Set.of() : Set.of(consentId));
    }

    private void export(PrivacyEndpoints.Exchange exchange) throws IOException {
        HttpServletResponse response = exchange.response();
        if (limited(exchange)) {
            return;
        }
        List<FoundRecord> records;
        try {
            records = service.export(queryFor(exchange.context()));
        } catch (TimeoutException | IOException | InterruptedException e) {
            failed(response, "export", e);
            return;
        }
        response.setHeader("Content-Disposition", "attachment; filename=\"my-data.json\"");
        Json.send(response, HttpServletResponse.SC_OK, g -> {
            g.writeStartObject();
            g.writeStringField("generatedAt", JsonLines.formatInstant(clock.instant()));
            g.writeStringField("session", exchange.context().sessionHash());
            FoundRecord.writeByStream(g, List.of(VisitRecord.STREAM, ConsentRecord.STREAM), records);
            g.writeEndObject();
        });
    }

    private void erase(PrivacyEndpoints.Exchange exchange) throws IOException {
        VisitorRequest request = exchange.request();
        HttpServletResponse response = exchange.response();
        if (limited(exchange)) {
            return;
        }
        SameOrigin.Verdict verdict = SameOrigin.check(request.getScheme(), request.getServerName(),
                request.getServerPort(), request.getHeader("Origin"), request.getHeader("Sec-Fetch-Site"),
                request.getHeader("Referer"));
        if (!verdict.allowed()) {
            LOG.debug("refused an erasure request: {}", verdict.reason());
            Json.refuseUnread(request, response, HttpServletResponse.SC_FORBIDDEN,
                    "cross-origin request refused: " + verdict.reason());
            return;
        }
        Map<String, Integer> erased;
        try {
            erased = service.erase(queryFor(exchange.context()));
        } catch (TimeoutException | IOException | InterruptedException e) {
            failed(response, "erasure", e);
            return;
        }
        exchange.prepared().replaceSession();
        // The records that linked the visitor's cookies are gone: so go the cookies. The consent cookie too, since the
        // proof of the decision it carries was just erased; the visitor is asked again.
        Cookie[] sent = ((HttpServletRequest) request.getRequest()).getCookies();
        consent.expireOnErasure(sent == null ? new Cookie[0] : sent, exchange.context().secure(), response);
        int total = erased.values().stream().mapToInt(Integer::intValue).sum();
        LOG.info("erased {} records of a visitor at their request: {}", total, erased);
        Json.send(response, HttpServletResponse.SC_OK, g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("erased");
            writeCount(g, erased, VisitRecord.STREAM);
            writeCount(g, erased, ConsentRecord.STREAM);
            for (Map.Entry<String, Integer> e : erased.entrySet()) {
                if (!e.getKey().equals(VisitRecord.STREAM) && !e.getKey().equals(ConsentRecord.STREAM)) {
                    g.writeNumberField(e.getKey(), e.getValue());
                }
            }
            g.writeEndObject();
            g.writeNumberField("total", total);
            g.writeEndObject();
        });
    }

    private static void writeCount(JsonGenerator g, Map<String, Integer> erased, String stream) throws IOException {
        g.writeNumberField(stream, erased.getOrDefault(stream, 0));
    }

    /**
     * Answers 429 when the client has used its endpoints.data-rate: each request may start a scan of the store, so
     * one client must not be able to keep the node's scan slot busy for everybody. Keyed by address (an IPv6 client
     * by its /64, which one subscriber usually holds whole), since a new session costs nothing.
     */
    private boolean limited(PrivacyEndpoints.Exchange exchange) throws IOException {
        if (rate.tryAcquire(clientKey(exchange.context().ip()))) {
            return false;
        }
        counters.increment(Counters.Event.DATA_REQUEST_LIMITED);
        exchange.response().setHeader("Retry-After", Long.toString(rate.retryAfterSeconds()));
        Json.refuseUnread(exchange.request(), exchange.response(), 429, "too many requests for your data from"
                + " this address; try again in " + rate.retryAfterSeconds() + " s");
        return true;
    }

    static String clientKey(String ip) {
        return IpLiterals.parse(ip).map(address -> {
            byte[] bytes = address.getAddress();
            if (bytes.length == 4) {
                return address.getHostAddress();
            }
            StringBuilder prefix = new StringBuilder(24);
            for (int i = 0; i < 8; i++) {
                prefix.append(Character.forDigit(bytes[i] >> 4 & 0xF, 16)).append(Character.forDigit(bytes[i] & 0xF, 16));
            }
            return prefix.append("/64").toString();
        }).orElse(ip);
    }

    private void failed(HttpServletResponse response, String what, Exception e) throws IOException {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        if (e instanceof DataSubjectService.UnsupportedStoreException) {
            Json.error(response, HttpServletResponse.SC_NOT_IMPLEMENTED, e.getMessage());
            return;
        }
        counters.increment(Counters.Event.DATA_REQUEST_BUSY);
        if (e instanceof DataSubjectService.BusyException) {
            LOG.debug("a visitor's {} request found no free scan slot: {}", what, e.getMessage());
            response.setHeader("Retry-After", Long.toString(BUSY_RETRY_SECONDS));
        } else {
            LOG.warn("a visitor's {} request could not be answered: {}", what, e.toString());
            response.setHeader("Retry-After", Long.toString(FAILED_RETRY_SECONDS));
        }
        Json.error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, BUSY);
    }
}
