package net.erpex.privacy.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.ResourceBundle;
import net.erpex.privacy.VisitorContext;
import net.erpex.privacy.agent.Browser;

/** The home page: what the filter detected about the visitor, in their language, and what it records. */
public final class HomeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        VisitorContext v = VisitorContext.of(request);
        Locale locale = request.getLocale();
        ResourceBundle t = Html.texts(locale);
        PrintWriter out = Html.open(request, response, t.getString("home.title"));
        Browser b = v.browser();
        out.printf("<h1>%s</h1>%n<p>%s</p>%n", Html.escape(t.getString("home.title")),
                Html.escape(t.getString("home.intro")));
        out.printf("<section aria-labelledby=\"detected\"><h2 id=\"detected\">%s</h2><dl>%n",
                Html.escape(t.getString("home.detected")));
        row(out, t, "field.ip", v.ip());
        row(out, t, "field.language", v.language() + " (" + t.getString("source." + v.languageSource()) + ")");
        row(out, t, "field.country", v.country());
        row(out, t, "field.region", v.region());
        row(out, t, "field.city", v.city());
        row(out, t, "field.timeZone", v.timeZone());
        row(out, t, "field.browser", join(b.family(), b.version()));
        row(out, t, "field.os", join(b.osFamily(), b.osVersion()));
        row(out, t, "field.device", b.device().label());
        row(out, t, "field.referrer", join(v.referrer().url(), "(" + v.referrer().kind().label() + ")"));
        row(out, t, "field.session", v.sessionHash());
        out.printf("</dl></section>%n");
        out.printf("<section aria-labelledby=\"recorded\"><h2 id=\"recorded\">%s</h2><p>%s</p>"
                + "<p><a href=\"%s/visits\">%s</a></p></section>%n", Html.escape(t.getString("home.recorded")),
                Html.escape(t.getString("home.recorded.text")), Html.base(request),
                Html.escape(t.getString("nav.visits")));
        out.printf("<p class=\"note\">%s</p>%n", Html.escape(t.getString("home.demo-note")));
        Html.close(out, request);
    }

    private static void row(PrintWriter out, ResourceBundle t, String key, String value) {
        out.printf("<dt>%s</dt><dd>%s</dd>%n", Html.escape(t.getString(key)),
                value == null || value.isBlank() ? "<span class=\"unknown\">" + Html.escape(t.getString("unknown"))
                        + "</span>" : Html.escape(value));
    }

    private static String join(String a, String b) {
        return (a + " " + b).trim();
    }
}
