package net.erpex.privacy.page;

import java.util.Objects;

/**
 * Which requests make a visit record ({@code visits.record}, {@code visits.exclude}).
 *
 * <p>A visit, as the privacy policy and analytics tools count it, is a page view, not every file a page loads: with
 * {@link Mode#PAGES} a page and its thirty stylesheets, scripts, images and fonts make one record. A page view is a
 * navigation ({@code Sec-Fetch-Dest} {@code document}, {@code iframe} or {@code frame}; for a client that sends no
 * Fetch Metadata, a response whose {@code Content-Type} is HTML), a form post, a post the form protection rejected,
 * or a decision made at the filter's privacy endpoints. {@link Mode#ALL} records every request. A path matching
 * {@code visits.exclude} is never recorded.
 *
 * <p><b>Trust:</b> Fetch Metadata is written by the client. A client can keep its own non-HTML requests out of a
 * {@code pages} log by claiming they are images; it cannot keep an HTML page it fetched without Fetch Metadata out of
 * it. A site that wants a security log of every request uses {@link Mode#ALL}.
 */
public final class VisitSelection {

    /** {@code visits.record}. */
    public enum Mode {
        /** Page views, form posts, rejected posts and privacy decisions. */
        PAGES,
        /** Every request. */
        ALL
    }

    /** The default: page views, nothing excluded. */
    public static final VisitSelection DEFAULT = new VisitSelection(Mode.PAGES, PathPatterns.NONE);

    private final Mode mode;
    private final PathPatterns exclude;

    public VisitSelection(Mode mode, PathPatterns exclude) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.exclude = Objects.requireNonNull(exclude, "exclude");
    }

    public Mode mode() {
        return mode;
    }

    public PathPatterns exclude() {
        return exclude;
    }

    /** Whether a path within the application is never recorded. */
    public boolean excluded(String appPath) {
        return exclude.matches(appPath);
    }

    /**
     * Whether a request of a path that is not excluded makes a record.
     *
     * @param destination what the request's {@code Sec-Fetch-Dest} said
     * @param contentType the response's {@code Content-Type} as sent, or {@code null}
     * @param formPost    whether the request is a {@code POST} of a form ({@link #isFormPost})
     * @param decisive    whether the filter decided something about the request that the log must show: the form
     *                    protection rejected it, or it made a decision at a privacy endpoint
     */
    public boolean records(Destination destination, String contentType, boolean formPost, boolean decisive) {
        if (mode == Mode.ALL || formPost || decisive) {
            return true;
        }
        return switch (destination) {
            case NAVIGATION -> true;
            case UNKNOWN -> MediaTypes.isHtml(contentType);
            case EMBEDDED, WORKER, SUBRESOURCE -> false;
        };
    }

    /**
     * Whether a request is a form post: {@code POST} with an {@code application/x-www-form-urlencoded} or
     * {@code multipart/form-data} body.
     */
    public static boolean isFormPost(String method, String contentType) {
        return "POST".equals(method) && (MediaTypes.is(contentType, "application/x-www-form-urlencoded")
                || MediaTypes.is(contentType, "multipart/form-data"));
    }

    @Override
    public String toString() {
        return mode.name().toLowerCase(java.util.Locale.ROOT) + (exclude.isEmpty() ? "" : " except " + exclude);
    }
}
