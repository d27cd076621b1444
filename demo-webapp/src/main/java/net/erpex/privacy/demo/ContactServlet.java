package net.erpex.privacy.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ResourceBundle;
import net.erpex.privacy.VisitorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A contact form protected by the filter ({@code protect.paths=/contact} in {@code web.xml}): by the time
 * {@link #doPost} runs, the filter has checked the honeypot, the rate limit and the proof (reCAPTCHA for visitors who
 * granted it, the cookieless challenge for everybody else). The demo keeps nothing of the message: it logs its
 * length and thanks the visitor.
 */
public final class ContactServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ContactServlet.class);
    private static final String PATH = "/contact";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ResourceBundle t = Html.texts(request.getLocale());
        PrintWriter out = Html.open(request, response, t.getString("contact.title"));
        out.printf("<h1>%s</h1>%n<p>%s</p>%n", Html.escape(t.getString("contact.title")),
                Html.escape(t.getString("contact.intro")));
        out.printf("<form id=\"contact\" method=\"post\" action=\"%s%s\">%n", Html.base(request), PATH);
        field(out, t, "name", "text", "name");
        field(out, t, "email", "email", "email");
        out.printf("<p><label for=\"contact-message\">%s</label><br><textarea id=\"contact-message\" name=\"message\""
                + " rows=\"5\" cols=\"40\" required></textarea></p>%n", Html.escape(t.getString("contact.message")));
        // The filter's fields (proof, honeypot), its <noscript> notice and its scripts, with this page's nonce.
        out.println(VisitorContext.of(request).protectionHtml(PATH));
        out.printf("<p><button type=\"submit\">%s</button></p>%n</form>%n", Html.escape(t.getString("contact.send")));
        Html.close(out, request);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String message = request.getParameter("message");
        LOG.info("contact form received: a message of {} characters", message == null ? 0 : message.length());
        ResourceBundle t = Html.texts(request.getLocale());
        PrintWriter out = Html.open(request, response, t.getString("contact.thanks"));
        out.printf("<h1 id=\"contact-thanks\">%s</h1>%n<p>%s</p>%n", Html.escape(t.getString("contact.thanks")),
                Html.escape(t.getString("contact.thanks.text")));
        Html.close(out, request);
    }

    private static void field(PrintWriter out, ResourceBundle t, String name, String type, String autocomplete) {
        out.printf("<p><label for=\"contact-%s\">%s</label><br><input id=\"contact-%s\" name=\"%s\" type=\"%s\""
                + " autocomplete=\"%s\" required></p>%n", name, Html.escape(t.getString("contact." + name)), name, name,
                type, autocomplete);
    }
}
