package net.erpex.privacy.referrer;

/**
 * The part of a referring page's address that may be recorded, and what kind of site it is.
 *
 * @param url  {@code scheme://host[:port]/path} without query, fragment or user information, the host
 *             lower-cased and a default port dropped; {@code ""} when there was no usable referrer
 * @param kind the kind of referrer, never null
 */
public record ReferrerSummary(String url, ReferrerKind kind) {

    /** No referrer. */
    public static final ReferrerSummary NONE = new ReferrerSummary("", ReferrerKind.NONE);

    /** A {@code Referer} header that was sent but could not be read as an http(s) address. */
    public static final ReferrerSummary UNUSABLE = new ReferrerSummary("", ReferrerKind.OTHER);

    /** Turns a null url into {@code ""} and a null kind into {@link ReferrerKind#NONE}. */
    public ReferrerSummary {
        url = url == null ? "" : url;
        kind = kind == null ? ReferrerKind.NONE : kind;
    }
}
