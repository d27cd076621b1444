package net.erpex.privacy.referrer;

import java.util.Locale;

/** Where a visit came from, by the host of its {@code Referer} header. */
public enum ReferrerKind {
    /** No {@code Referer} header, or an empty one. */
    NONE,
    /** A page of the same site: the request's own host or one of the configured site hosts. */
    INTERNAL,
    /** A known search engine. */
    SEARCH,
    /** A known social network or link shortener of one. */
    SOCIAL,
    /** Any other site, or a header that was present but unusable. */
    OTHER;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in visit records, for example {@code "search"}. */
    public String label() {
        return label;
    }
}
