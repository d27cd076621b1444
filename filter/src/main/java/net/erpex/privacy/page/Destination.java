package net.erpex.privacy.page;

/**
 * What the browser will do with a response, as its {@code Sec-Fetch-Dest} request header says (Fetch Metadata,
 * sent by every current browser). A client may send any value: the header only ever decides about the response to
 * that client itself (whether it carries a policy or a new session, whether its request is a page view), never
 * anything that protects the site or other visitors.
 */
public enum Destination {

    /** A navigation into a top-level or nested browsing context: {@code document}, {@code iframe}, {@code frame}. */
    NAVIGATION,
    /** Content of {@code <embed>} or {@code <object>}, which may be a document of its own. */
    EMBEDDED,
    /**
     * The script of a dedicated, shared or service worker: a worker runs under the policy of its own response, not
     * the page's.
     */
    WORKER,
    /**
     * Anything a page loads into itself: stylesheets, scripts, images, fonts, media, {@code fetch()} and XHR
     * ({@code empty}), manifests, worklets (which run under their page's policy), reports.
     */
    SUBRESOURCE,
    /** No {@code Sec-Fetch-Dest}, or a value this version does not know: the response's Content-Type decides. */
    UNKNOWN;

    /**
     * The destination a {@code Sec-Fetch-Dest} value names; {@link #UNKNOWN} for {@code null} and for anything that is
     * not one of the Fetch standard's destinations.
     */
    public static Destination of(String secFetchDest) {
        if (secFetchDest == null) {
            return UNKNOWN;
        }
        return switch (secFetchDest) {
            case "document", "iframe", "frame", "fencedframe" -> NAVIGATION;
            case "embed", "object" -> EMBEDDED;
            case "worker", "sharedworker", "serviceworker" -> WORKER;
            case "empty", "audio", "audioworklet", "font", "image", "json", "manifest", "paintworklet", "report",
                    "script", "style", "track", "video", "xslt", "sharedstorageworklet", "webidentity",
                    "speculationrules" -> SUBRESOURCE;
            default -> UNKNOWN;
        };
    }
}
