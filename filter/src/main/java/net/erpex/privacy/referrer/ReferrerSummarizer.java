package net.erpex.privacy.referrer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 * <p>Visits come from the same few pages over and over, with queries that differ: what the address before the
 * query parses to (its summary, and whether its host is a search engine or a social network) is kept in a bounded
 * cache, so a known referrer costs a lookup. Whether it is internal is decided for each request, from its host.
 *
 * <p>Safe for concurrent use. Per-request input never makes it throw.
 */
public final class ReferrerSummarizer {

    private static final Logger LOG = LoggerFactory.getLogger(ReferrerSummarizer.class);

    /** Default number of referring addresses whose parse is kept. */
    public static final int DEFAULT_CACHE_SIZE = 4096;
    /** Longer addresses, which no real page has, are parsed each time: the cache's memory stays bounded. */
    private static final int MAX_CACHED_ADDRESS = 512;

    /** What an address parsed to: its summary, its host, and the host's kind if it is a known site. */
    private record Parsed(String summary, String host, ReferrerKind known) {
    }

    private static final Optional<Parsed> UNUSABLE = Optional.empty();

    private final Set<String> siteHosts;
    private final Cache<String, Optional<Parsed>> parsed;

    /**
     * @param siteHosts further host names of this site whose pages count as internal referrers (the
     *                  request's own host always does), matched exactly and case-insensitively; may be empty
     * @throws IllegalArgumentException if the set is null or an entry is not a bare host name or IP literal
     */
    public ReferrerSummarizer(Set<String> siteHosts) {
        this(siteHosts, DEFAULT_CACHE_SIZE);
    }

    /**
     * @param cacheSize how many referring addresses (before their query) have their parse kept
     * @see #ReferrerSummarizer(Set)
     */
    public ReferrerSummarizer(Set<String> siteHosts, int cacheSize) {
        // Maintenance on the calling thread: a cache must not wake a pool thread.
        this.parsed = Caffeine.newBuilder().executor(Runnable::run).maximumSize(cacheSize).build();
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
        String address = ReferrerUrl.address(refererHeader);
        Optional<Parsed> url = parsed.getIfPresent(address);
        if (url == null) {
            url = ReferrerUrl.parseAddress(address).map(u -> new Parsed(u.summary(), u.host(),
                    KnownSites.kindOf(u.host()).orElse(ReferrerKind.OTHER)));
            if (address.length() <= MAX_CACHED_ADDRESS) {
                parsed.put(address, url.isEmpty() ? UNUSABLE : url);
            }
        }
        if (url.isEmpty()) {
            // The value itself is not logged: it may hold exactly the personal data we drop.
            LOG.debug("Unusable Referer header of {} characters", refererHeader.length());
            return ReferrerSummary.UNUSABLE;
        }
        Parsed p = url.get();
        return new ReferrerSummary(p.summary(), isInternal(p.host(), requestHost) ? ReferrerKind.INTERNAL : p.known());
    }

    private boolean isInternal(String host, String requestHost) {
        return host.equals(hostWithoutPort(requestHost)) || siteHosts.contains(host);
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
