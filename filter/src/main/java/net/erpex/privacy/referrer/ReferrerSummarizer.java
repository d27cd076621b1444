package net.erpex.privacy.referrer;

import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Summarises a {@code Referer} header into what may be recorded: the referring page's address without
 * query, fragment or user information, and whether it is internal, a search engine, a social network or
 * another site.
 *
 * <p>The query and fragment are dropped because they routinely carry personal data (search terms,
 * e-mail addresses, tokens). Only http and https referrers with a valid host are summarised. A header
 * that is present but unusable ({@code javascript:}, {@code data:}, {@code android-app:}, relative
 * references, binary garbage, an invalid host) gives {@link ReferrerSummary#UNUSABLE}, kind OTHER with
 * an empty url, so that statistics can tell "something unreadable was sent" from "nothing was sent".
 *
 * <p>Immutable and safe for concurrent use. Per-request input never makes it throw.
 */
public final class ReferrerSummarizer {

    private static final Logger LOG = LoggerFactory.getLogger(ReferrerSummarizer.class);

    private final Set<String> siteHosts;

    /**
     * @param siteHosts further host names of this site whose pages count as internal referrers (the
     *                  request's own host always does), matched exactly and case-insensitively; may be empty
     * @throws IllegalArgumentException if the set is null or an entry is not a bare host name or IP literal
     */
    public ReferrerSummarizer(Set<String> siteHosts) {
        if (siteHosts == null) {
            throw new IllegalArgumentException("Site hosts must not be null: a set of host names, possibly empty, is accepted");
        }
        Set<String> hosts = new HashSet<>();
        for (String host : siteHosts) {
            Optional<String> normal = host == null ? Optional.empty() : ReferrerUrl.normalizeHost(host.strip());
            if (normal.isEmpty()) {
                throw new IllegalArgumentException("Site host '" + host
                        + "' is invalid: a host name such as www.example.com, without scheme, port or path, is accepted");
            }
            hosts.add(normal.get());
        }
        this.siteHosts = Set.copyOf(hosts);
    }

    /**
     * Summarises one request's referrer.
     *
     * @param refererHeader the {@code Referer} header, may be null or of any size and content
     * @param requestHost   the host the request was sent to, with or without port (from the Host header),
     *                      may be null
     * @return the summary; {@link ReferrerSummary#NONE} when the header is absent or blank
     */
    public ReferrerSummary summarize(String refererHeader, String requestHost) {
        if (refererHeader == null || refererHeader.isBlank()) {
            return ReferrerSummary.NONE;
        }
        Optional<ReferrerUrl> parsed = ReferrerUrl.parse(refererHeader);
        if (parsed.isEmpty()) {
            // The value itself is not logged: it may hold exactly the personal data we drop.
            LOG.debug("Unusable Referer header of {} characters", refererHeader.length());
            return ReferrerSummary.UNUSABLE;
        }
        ReferrerUrl url = parsed.get();
        return new ReferrerSummary(url.summary(), kindOf(url.host(), requestHost));
    }

    private ReferrerKind kindOf(String host, String requestHost) {
        if (host.equals(hostWithoutPort(requestHost)) || siteHosts.contains(host)) {
            return ReferrerKind.INTERNAL;
        }
        return KnownSites.kindOf(host).orElse(ReferrerKind.OTHER);
    }

    /** The lower-case host of a Host header value, without port or trailing dot; "" when absent. */
    static String hostWithoutPort(String requestHost) {
        if (requestHost == null) {
            return "";
        }
        String host = requestHost.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close < 0 ? "" : host.substring(0, close + 1);
        }
        int colon = host.indexOf(':');
        if (colon >= 0 && colon == host.lastIndexOf(':')) {
            host = host.substring(0, colon);
        }
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }
}
