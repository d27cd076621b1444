package net.erpex.privacy;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import net.erpex.privacy.page.VisitSelection;
import net.erpex.privacy.referrer.PathParameters;
import net.erpex.privacy.visit.VisitEvent;
import net.erpex.privacy.visit.VisitRecorder;

/**
 * Which requests are visits ({@link VisitSelection}) and the raw event each hands to the recorder: only what the
 * request said, capped; enrichment (GeoIP, user agent, referrer) happens on the recorder's thread.
 */
final class VisitLog {

    // Caps on what a visit event keeps of request input: enough for any real value, bounded for hostile ones.
    private static final int MAX_PATH = 2048;
    private static final int MAX_METHOD = 16;

    private final VisitSelection selection;
    private final VisitRecorder recorder;
    private final int maxUserAgent;

    VisitLog(VisitSelection selection, VisitRecorder recorder, int maxUserAgent) {
        this.selection = selection;
        this.recorder = recorder;
        this.maxUserAgent = maxUserAgent;
    }

    /** Whether the request's path is one {@code visits.exclude} keeps out of the log. */
    boolean excluded(HttpServletRequest request) {
        return !selection.exclude().isEmpty() && selection.excluded(FormProtection.appPath(request));
    }

    /**
     * Hands the visit to the recorder if it is one to record; may wait only under {@code visits.overflow=block}.
     *
     * @param request  the container's request
     * @param response the container's response, about to complete with {@code status}
     */
    void record(RequestVisit visit, HttpServletRequest request, HttpServletResponse response, int status) {
        if (!visit.recordable()) {
            return;
        }
        String method = request.getMethod();
        String blocked = request.getAttribute(FormProtection.BLOCKED) instanceof String b ? b : "";
        // The request's header as sent, not getContentType(): containers parse its charset there, and Jetty throws on
        // a name Java refuses (charset=utf-6*...), which would lose the visit. Looked up for a POST only: a lookup of
        // a header a GET lacks reads every header the request has.
        boolean formPost = "POST".equals(method)
                && VisitSelection.isFormPost(method, request.getHeader("Content-Type"));
        if (!selection.records(visit.destination(), response.getContentType(), formPost,
                visit.decisive() || !blocked.isEmpty())) {
            return;
        }
        VisitorContext c = visit.context();
        recorder.submit(new VisitEvent(null, visit.start(), visit.client().address().orElse(null), c.ip(),
                cap(method, MAX_METHOD), path(request.getRequestURI()), status,
                // Only bounded here: the recorder cleans it (control characters, spaces) whichever way it records it.
                cap(request.getHeader("User-Agent"), maxUserAgent),
                cap(request.getHeader("Sec-CH-UA"), VisitorPipeline.MAX_HINT),
                cap(request.getHeader("Sec-CH-UA-Mobile"), VisitorPipeline.MAX_HINT),
                cap(request.getHeader("Sec-CH-UA-Platform"), VisitorPipeline.MAX_HINT), c.language(),
                cap(request.getHeader("Referer"), VisitorPipeline.MAX_REFERER), request.getServerName(),
                visit.recordedSession(), visit.countryHint(), blocked));
    }

    /**
     * The path as recorded: no query (it is not in the URI), and no {@code ;} path parameters, which can carry a
     * session id ({@code ;jsessionid=}) that must never reach a record.
     */
    static String path(String uri) {
        if (uri == null) {
            return "";
        }
        return cap(PathParameters.strip(uri), MAX_PATH);
    }

    static String cap(String value, int max) {
        if (value == null) {
            return "";
        }
        return value.length() <= max ? value : value.substring(0, max);
    }
}
