package net.erpex.privacy;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import net.erpex.privacy.consent.BannerAsset;
import net.erpex.privacy.consent.BannerRenderer;
import net.erpex.privacy.consent.BannerView;
import net.erpex.privacy.consent.ConsentCategories;

/**
 * The banner's script and stylesheet, and the settings page for visitors without JavaScript. The assets are linked
 * with {@code ?v=<content hash>}: such a request may be cached for a year, since another version has another URL;
 * any other request gets a short lifetime and an ETag.
 */
final class BannerEndpoints {

    private final BannerRenderer renderer;
    private final ConsentCategories categories;
    private final String prefix;

    BannerEndpoints(BannerRenderer renderer, ConsentCategories categories, String prefix) {
        this.renderer = renderer;
        this.categories = categories;
        this.prefix = prefix;
    }

    void register(PrivacyEndpoints endpoints) {
        for (BannerAsset asset : BannerAsset.values()) {
            endpoints.on("GET", asset.subPath(), x -> PrivacyEndpoints.serve(x, asset.asset()));
        }
        endpoints.on("GET", "/settings", this::settings);
    }

    /** The banner for a page of this request, with its own path to return to after a form post. */
    String render(HttpServletRequest request, VisitorContext visitor) {
        String uri = request.getRequestURI();
        String query = request.getQueryString();
        String here = query == null ? uri : uri + "?" + query;
        return renderer.render(view(request, visitor, ConsentEndpoints.isLocalPath(here) ? here : root(request)));
    }

    private void settings(PrivacyEndpoints.Exchange x) throws IOException {
        VisitorRequest request = x.request();
        String asked = request.getParameter("return");
        String back = ConsentEndpoints.isLocalPath(asked) ? asked : root(request);
        byte[] page = renderer.settingsPage(view(request, x.context(), back)).getBytes(StandardCharsets.UTF_8);
        HttpServletResponse response = x.response();
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(page.length);
        response.getOutputStream().write(page);
    }

    private BannerView view(HttpServletRequest request, VisitorContext visitor, String returnPath) {
        String context = request.getContextPath() == null ? "" : request.getContextPath();
        return new BannerView(visitor.locale(), visitor.consent(), categories.all(), context + prefix, returnPath,
                visitor.nonce());
    }

    private static String root(HttpServletRequest request) {
        String context = request.getContextPath();
        return context == null || context.isEmpty() ? "/" : context + "/";
    }
}
