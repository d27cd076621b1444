package net.erpex.privacy;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import net.erpex.privacy.consent.ClasspathAsset;

/**
 * The URLs the filter answers itself instead of calling the application: the consent endpoints, the banner's script
 * and style, the data-subject endpoints, all under {@code endpoints.prefix}, and a few fixed well-known paths. Only
 * the exact registered paths are taken; anything else under the prefix (a site's own {@code /privacy/policy} page,
 * say) goes to the application as usual.
 */
final class PrivacyEndpoints {

    /** One endpoint: answers the request completely. */
    @FunctionalInterface
    interface Endpoint {
        void handle(Exchange exchange) throws IOException;
    }

    /**
     * A request the filter answers.
     *
     * @param request  the request as the application would see it (resolved client address, negotiated locale)
     * @param response the response, already carrying the filter's headers (session cookie, Content-Language, CSP)
     * @param prepared what the filter decided for this request
     */
    record Exchange(VisitorRequest request, HttpServletResponse response, RequestVisit prepared) {
        VisitorContext context() {
            return prepared.context();
        }
    }

    private final String prefix;
    private final Map<String, Map<String, Endpoint>> routes = new LinkedHashMap<>();

    /** @param prefix the path the filter's own endpoints live under, e.g. {@code /privacy} */
    PrivacyEndpoints(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    String prefix() {
        return prefix;
    }

    /** Registers {@code method} on {@code prefix + subPath}; called at {@code init()} only. */
    PrivacyEndpoints on(String method, String subPath, Endpoint endpoint) {
        return at(method, prefix + subPath, endpoint);
    }

    /** Registers {@code method} on an absolute path such as {@code /.well-known/gpc.json}; at {@code init()} only. */
    PrivacyEndpoints at(String method, String path, Endpoint endpoint) {
        routes.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, endpoint);
        if ("GET".equals(method)) {
            routes.get(path).putIfAbsent("HEAD", endpoint);
        }
        return this;
    }

    /** Whether the filter answers this path itself. Cheap: one hash lookup. */
    boolean matches(HttpServletRequest request) {
        return routes.containsKey(path(request));
    }

    /**
     * Whether the request is a consent decision ({@code POST} on the consent endpoint): its cookies are expired
     * according to the new decision, not the old one.
     */
    boolean decides(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && path(request).equals(prefix + "/consent");
    }

    /** Answers a request for which {@link #matches} is true; a method that is not served gets 405 with Allow. */
    void handle(Exchange exchange) throws IOException {
        Map<String, Endpoint> byMethod = routes.get(path(exchange.request()));
        Endpoint endpoint = byMethod.get(exchange.request().getMethod());
        if (endpoint == null) {
            HttpServletResponse response = exchange.response();
            response.setHeader("Allow", String.join(", ", new TreeSet<>(byMethod.keySet())));
            Json.refuseUnread(exchange.request(), response, HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                    "method not allowed");
            return;
        }
        endpoint.handle(exchange);
    }

    /**
     * Serves one of the filter's scripts or stylesheets: a year of caching for the versioned URL that pages link, a
     * short max-age and the entity tag for any other.
     */
    static void serve(Exchange x, ClasspathAsset asset) throws IOException {
        HttpServletResponse response = x.response();
        boolean versioned = asset.version().equals(x.request().getParameter("v"));
        response.setHeader("Cache-Control", versioned ? "public, max-age=31536000, immutable" : "public, max-age=300");
        response.setHeader("ETag", asset.etag());
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (asset.etag().equals(x.request().getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(asset.contentType());
        response.setContentLength(asset.length());
        if (!"HEAD".equals(x.request().getMethod())) {
            asset.writeTo(response.getOutputStream());
        }
    }

    /** The path within the application: the context path is not part of the routes. */
    private static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        if (uri == null) {
            return "";
        }
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length())
                : uri;
    }
}
