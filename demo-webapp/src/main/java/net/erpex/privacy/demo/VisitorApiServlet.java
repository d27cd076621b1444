package net.erpex.privacy.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import net.erpex.privacy.VisitorContext;
import net.erpex.privacy.agent.Browser;

/** {@code GET /api/visitor}: the caller's {@link VisitorContext} as JSON. */
public final class VisitorApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        VisitorContext v = VisitorContext.of(request);
        Browser b = v.browser();
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        try (JsonGenerator g = JSON.createGenerator(response.getOutputStream())) {
            g.writeStartObject();
            g.writeStringField("ip", v.ip());
            g.writeStringField("language", v.language());
            g.writeStringField("country", v.country());
            g.writeStringField("region", v.region());
            g.writeStringField("city", v.city());
            g.writeStringField("timeZone", v.timeZone());
            g.writeStringField("browser", b.family());
            g.writeStringField("browserVersion", b.version());
            g.writeStringField("os", b.osFamily());
            g.writeStringField("osVersion", b.osVersion());
            g.writeStringField("device", b.device().label());
            g.writeStringField("referrer", v.referrer().url());
            g.writeStringField("referrerKind", v.referrer().kind().label());
            g.writeEndObject();
        }
    }
}
