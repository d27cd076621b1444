package net.erpex.privacy.demo;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ThreadLocalRandom;
import net.erpex.privacy.VisitorContext;

/** The demo's page frame, texts and escaping. Everything a visitor sends is escaped before it reaches a page. */
final class Html {

    /** A made-up Google Analytics measurement id: the demo shows the gating, it measures nothing. */
    static final String MEASUREMENT_ID = "G-ERPEXDEMO1";
    static final String ANALYTICS_TAG = "https://www.googletagmanager.com/gtag/js?id=" + MEASUREMENT_ID;

    private Html() {
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c < 0x20 && c != '\t' ? '\uFFFD' : c);
            }
        }
        return sb.toString();
    }

    /** The texts in the visitor's language; never the JVM's default locale as a fallback. */
    static ResourceBundle texts(Locale locale) {
        try {
            return ResourceBundle.getBundle("net.erpex.privacy.demo.messages", locale,
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        } catch (MissingResourceException e) {
            return ResourceBundle.getBundle("net.erpex.privacy.demo.messages", Locale.ROOT,
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        }
    }

    /**
     * Opens a page: the head carries Google Consent Mode and the analytics tag through the filter's consent helpers
     * (the tag is an inert placeholder until the visitor grants analytics, and the CSP blocks its host until then),
     * and every page sets an analytics cookie from the server, as many sites do: the filter keeps it from the
     * browser unless analytics is granted. The Content-Security-Policy is the filter's (consent.csp in web.xml).
     */
    static PrintWriter open(HttpServletRequest request, HttpServletResponse response, String title)
            throws IOException {
        VisitorContext visitor = VisitorContext.of(request);
        Locale locale = request.getLocale();
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("X-Content-Type-Options", "nosniff");
        Cookie ga = new Cookie("_ga", "GA1.1." + ThreadLocalRandom.current().nextInt(1_000_000_000) + "."
                + Instant.now().getEpochSecond());
        ga.setPath("/");
        ga.setMaxAge((int) Duration.ofDays(730).getSeconds());
        response.addCookie(ga);
        PrintWriter out = response.getWriter();
        ResourceBundle t = texts(locale);
        out.printf("<!DOCTYPE html>%n<html lang=\"%s\">%n<head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>%s</title><link rel=\"stylesheet\" href=\"%s/style.css\">%n%s%n%s%n%s%n</head>%n<body>%n"
                + "<header><a class=\"brand\" href=\"%s/\">ERPEX</a><nav aria-label=\"%s\">",
                escape(locale.toLanguageTag()), escape(title), base(request), visitor.consentMode("default"),
                visitor.script("analytics", ANALYTICS_TAG),
                visitor.inlineScript("analytics", "gtag('js', new Date()); gtag('config', '" + MEASUREMENT_ID + "');"),
                base(request), escape(t.getString("nav.languages")));
        for (String tag : new String[] {"en", "fr", "de", "es", "nl", "ja"}) {
            out.printf("<a href=\"?lang=%s\" hreflang=\"%s\" lang=\"%s\"%s>%s</a> ", tag, tag, tag,
                    tag.equals(locale.getLanguage()) ? " aria-current=\"true\"" : "",
                    escape(Locale.forLanguageTag(tag).getDisplayLanguage(Locale.forLanguageTag(tag))));
        }
        out.printf("</nav></header>%n<main>%n");
        return out;
    }

    /**
     * The webapp's context path, escaped for an attribute, to put before every link of the site: the war works as
     * ROOT and under any other context path.
     */
    static String base(HttpServletRequest request) {
        return escape(request.getContextPath());
    }

    /** Closes a page: the footer, then the consent banner, in one line as the filter's README shows. */
    static void close(PrintWriter out, HttpServletRequest request) {
        ResourceBundle t = texts(request.getLocale());
        String base = base(request);
        out.printf("</main>%n<footer><a href=\"%s/\">%s</a> · <a href=\"%s/visits\">%s</a> · "
                + "<a href=\"%s/contact\">%s</a> · <a href=\"%s/api/visitor\">/api/visitor</a></footer>%n",
                base, escape(t.getString("nav.home")), base, escape(t.getString("nav.visits")),
                base, escape(t.getString("nav.contact")), base);
        out.print(VisitorContext.of(request).bannerHtml());
        out.printf("</body></html>%n");
    }
}
