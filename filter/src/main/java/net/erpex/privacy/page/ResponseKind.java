package net.erpex.privacy.page;

/**
 * What a response is, decided when it is about to be sent: by the request's {@link Destination} when the browser
 * said it, else by the response's {@code Content-Type}. Only a document gets a Content-Security-Policy and may start
 * a session; a worker's script gets the policy too, since a worker runs under the policy of its own response.
 */
public enum ResponseKind {

    /** A page: HTML for a browsing context. */
    DOCUMENT,
    /** A worker's script. */
    WORKER,
    /** Everything else: stylesheets, scripts, images, JSON, redirects without a body, errors for subresources. */
    OTHER;

    /**
     * @param destination what the request's {@code Sec-Fetch-Dest} said
     * @param contentType the response's {@code Content-Type} when it is sent, or {@code null}
     */
    public static ResponseKind of(Destination destination, String contentType) {
        return switch (destination) {
            case NAVIGATION, EMBEDDED -> DOCUMENT;
            case WORKER -> WORKER;
            case SUBRESOURCE -> OTHER;
            case UNKNOWN -> MediaTypes.isHtml(contentType) ? DOCUMENT : OTHER;
        };
    }

    /** Whether the response carries the Content-Security-Policy. */
    public boolean carriesPolicy() {
        return this != OTHER;
    }

    /** Whether the response may start a new session (set a new session cookie). */
    public boolean mayStartSession() {
        return this == DOCUMENT;
    }
}
