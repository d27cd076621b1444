package net.erpex.privacy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import net.erpex.privacy.VisitorContext;
import net.erpex.privacy.config.PrivacySettings;
import net.erpex.privacy.config.VisitsStore;
import net.erpex.privacy.consent.ConsentState;

/**
 * The last visit records of the visitor's own session, read back from the JSON-lines files: the visitor sees
 * exactly what the site keeps about their visits.
 */
public final class MyVisitsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int SHOWN = 20;
    private static final int FILES_READ = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        VisitorContext v = VisitorContext.of(request);
        Locale locale = request.getLocale();
        ResourceBundle t = Html.texts(locale);
        response.setHeader("Cache-Control", "no-store");
        PrintWriter out = Html.open(request, response, t.getString("visits.title"));
        out.printf("<h1>%s</h1>%n<p>%s</p>%n", Html.escape(t.getString("visits.title")),
                Html.escape(t.getString("visits.intro")));
        consent(out, t, v);
        List<JsonNode> mine = records("visits", "\"session\":\"" + v.sessionHash() + "\"");
        if (mine.isEmpty()) {
            out.printf("<p>%s</p>%n", Html.escape(t.getString("visits.none")));
        } else {
            out.printf("<div class=\"scroll\"><table><caption>%s</caption><thead><tr>",
                    Html.escape(t.getString("visits.caption")));
            for (String h : new String[] {"ts", "ip", "country", "city", "language", "method", "path", "status",
                    "browser", "os", "device", "referrer", "referrerKind"}) {
                out.printf("<th scope=\"col\">%s</th>", h);
            }
            out.printf("</tr></thead><tbody>%n");
            for (JsonNode r : mine) {
                out.print("<tr>");
                for (String f : new String[] {"ts", "ip", "country", "city", "language", "method", "path", "status"}) {
                    out.printf("<td>%s</td>", Html.escape(r.path(f).asText()));
                }
                out.printf("<td>%s</td><td>%s</td>", Html.escape(pair(r.path("browser"))),
                        Html.escape(pair(r.path("os"))));
                for (String f : new String[] {"device", "referrer", "referrerKind"}) {
                    out.printf("<td>%s</td>", Html.escape(r.path(f).asText()));
                }
                out.printf("</tr>%n");
            }
            out.printf("</tbody></table></div>%n");
        }
        out.printf("<p class=\"note\">%s</p>%n", Html.escape(t.getString("visits.note")));
        rights(out, t, request.getContextPath() + "/privacy/my-data");
        Html.close(out, request);
    }

    /** The visitor's consent as the server enforces it, and the proof records of their decisions. */
    private void consent(PrintWriter out, ResourceBundle t, VisitorContext v) throws IOException {
        ConsentState state = v.consent();
        out.printf("<section aria-labelledby=\"consent\"><h2 id=\"consent\">%s</h2><p>%s</p><ul>%n",
                Html.escape(t.getString("consent.title")), Html.escape(t.getString(state.decided()
                        ? "consent.decided" : "consent.undecided")));
        for (Map.Entry<String, Boolean> c : state.choices().entrySet()) {
            out.printf("<li>%s: %s</li>%n", Html.escape(c.getKey()),
                    Html.escape(t.getString(c.getValue() ? "consent.granted" : "consent.denied")));
        }
        out.printf("</ul>%n");
        List<JsonNode> proofs = new ArrayList<>(records("consents", "\"session\":\"" + v.sessionHash() + "\""));
        if (!state.consentId().isEmpty()) {
            for (JsonNode r : records("consents", "\"consentId\":\"" + state.consentId() + "\"")) {
                if (proofs.stream().noneMatch(p -> p.path("id").equals(r.path("id")))) {
                    proofs.add(r);
                }
            }
        }
        if (!proofs.isEmpty()) {
            out.printf("<div class=\"scroll\"><table><caption>%s</caption><thead><tr>",
                    Html.escape(t.getString("consent.caption")));
            for (String h : new String[] {"ts", "action", "reason", "categories", "policyVersion", "regime", "via"}) {
                out.printf("<th scope=\"col\">%s</th>", h);
            }
            out.printf("</tr></thead><tbody>%n");
            for (JsonNode r : proofs) {
                List<String> granted = new ArrayList<>();
                r.path("categories").fields().forEachRemaining(e -> {
                    if (e.getValue().asBoolean()) {
                        granted.add(e.getKey());
                    }
                });
                out.printf("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>%n",
                        Html.escape(r.path("ts").asText()), Html.escape(r.path("action").asText()),
                        Html.escape(r.path("reason").asText()), Html.escape(String.join(", ", granted)),
                        Html.escape(r.path("policyVersion").asText()), Html.escape(r.path("regime").asText()),
                        Html.escape(r.path("via").asText()));
            }
            out.printf("</tbody></table></div>%n");
        }
        out.printf("</section>%n");
    }

    /** The visitor's rights, through the filter's own endpoints: a download, and a same-origin erase form. */
    private static void rights(PrintWriter out, ResourceBundle t, String myData) {
        out.printf("<section aria-labelledby=\"rights\"><p id=\"rights\">%s</p>%n",
                Html.escape(t.getString("visits.rights")));
        out.printf("<p><a href=\"%s\" download>%s</a></p>%n", Html.escape(myData),
                Html.escape(t.getString("visits.download")));
        out.printf("<form method=\"post\" action=\"%s/erase\"><button type=\"submit\">%s</button></form>"
                + "</section>%n", Html.escape(myData), Html.escape(t.getString("visits.erase")));
    }

    /** The newest records of a stream that contain {@code needle}, newest first, from the last few daily files. */
    private List<JsonNode> records(String stream, String needle) throws IOException {
        Object settings = getServletContext().getAttribute(PrivacySettings.class.getName());
        if (!(settings instanceof PrivacySettings s) || s.visitsStore().kind() != VisitsStore.Kind.JSONL
                || !Files.isDirectory(s.visitsDir())) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(s.visitsDir(), stream + "-*.jsonl")) {
            dir.forEach(files::add);
        }
        files.sort(null);
        Deque<JsonNode> newest = new ArrayDeque<>();
        for (Path file : files.subList(Math.max(0, files.size() - FILES_READ), files.size())) {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.contains(needle)) {
                        newest.addFirst(JSON.readTree(line));
                        if (newest.size() > SHOWN) {
                            newest.removeLast();
                        }
                    }
                }
            }
        }
        return new ArrayList<>(newest);
    }

    private static String pair(JsonNode n) {
        return (n.path("family").asText() + " " + n.path("version").asText()).trim();
    }
}
