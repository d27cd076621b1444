package net.erpex.privacy;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** JSON answers of the filter's endpoints: never cached, never sniffed. */
final class Json {

    static final JsonFactory FACTORY = new JsonFactory();

    /** Writes one JSON value. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private Json() {
    }

    /** Sends {@code status} with the JSON {@code body}. */
    static void send(HttpServletResponse response, int status, Body body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            body.write(g);
        }
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(out.size());
        out.writeTo(response.getOutputStream());
    }

    /** Sends {@code {"error": message}} with {@code status}. */
    static void error(HttpServletResponse response, int status, String message) throws IOException {
        send(response, status, g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        });
    }

    /**
     * Sends {@code {"error": message}} for a request whose body is left unread, and closes the connection after it.
     * The container would otherwise drain or drop the unread body after the answer is sent; a client that reuses the
     * connection in the meantime sees it closed under its next request.
     */
    static void refuseUnread(HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException {
        if (request.getContentLengthLong() != 0) {
            response.setHeader("Connection", "close");
        }
        error(response, status, message);
    }
}
