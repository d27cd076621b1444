package net.erpex.privacy.store;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which records belong to a data subject: a record matches when its session hash is one of {@link #sessions()}, or
 * its consent id is one of {@link #consentIds()}, or its stored address equals {@link #ip()} and its time is in
 * {@code [from, to)}. Blank values never match anything: records without a session must not all belong to whoever
 * asks without one.
 *
 * @param sessions   session hashes (what records carry in {@code session})
 * @param consentIds consent ids (what consent records carry in {@code consentId})
 * @param ip         the address in its stored form (full, truncated or hashed as {@code visits.ip} says), or
 *                   {@code ""} for none
 * @param from       start of the address criterion, inclusive
 * @param to         end of the address criterion, exclusive
 */
public record SubjectQuery(Set<String> sessions, Set<String> consentIds, String ip, Instant from, Instant to) {

    public SubjectQuery {
        sessions = nonBlank(sessions);
        consentIds = nonBlank(consentIds);
        ip = ip == null ? "" : ip.trim();
        from = from == null ? Instant.MIN : from;
        to = to == null ? Instant.MAX : to;
        if (!ip.isEmpty() && !from.isBefore(to)) {
            throw new IllegalArgumentException("the address criterion needs from (" + from + ") before to (" + to + ")");
        }
    }

    /** The records of a visitor: their sessions and their consent ids. */
    public static SubjectQuery of(Set<String> sessions, Set<String> consentIds) {
        return new SubjectQuery(sessions, consentIds, "", null, null);
    }

    /** The records of an address (in its stored form) in {@code [from, to)}. */
    public static SubjectQuery byAddress(String storedIp, Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return new SubjectQuery(Set.of(), Set.of(), storedIp, from, to);
    }

    /** Whether nothing can match: such a query is answered without looking. */
    public boolean isEmpty() {
        return sessions.isEmpty() && consentIds.isEmpty() && ip.isEmpty();
    }

    /** Whether a record with these key values matches. */
    public boolean matches(String session, String consentId, String recordIp, Instant time) {
        if (session != null && !session.isEmpty() && sessions.contains(session)) {
            return true;
        }
        if (consentId != null && !consentId.isEmpty() && consentIds.contains(consentId)) {
            return true;
        }
        return !ip.isEmpty() && ip.equals(recordIp) && time != null && !time.isBefore(from) && time.isBefore(to);
    }

    private static Set<String> nonBlank(Set<String> values) {
        Set<String> kept = new LinkedHashSet<>();
        if (values != null) {
            for (String v : values) {
                if (v != null && !v.isBlank()) {
                    kept.add(v.trim());
                }
            }
        }
        return Set.copyOf(kept);
    }
}
