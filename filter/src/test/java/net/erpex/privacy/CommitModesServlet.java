package net.erpex.privacy;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Every way a servlet sends its answer, one per path ({@code /modes/<mode>}): what the filter's commit hook must
 * catch. Each answers an HTML page (or nothing, or an error, or a redirect).
 */
final class CommitModesServlet extends HttpServlet {

    static final String PAGE = "<!DOCTYPE html><title>mode</title><p>";

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String mode = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
        switch (mode) {
            case "writer" -> {
                html(resp);
                resp.getWriter().write(PAGE + "writer");
            }
            case "println" -> {
                html(resp);
                resp.getWriter().println(PAGE + "println");
            }
            case "stream" -> {
                html(resp);
                resp.getOutputStream().write(bytes("stream"));
            }
            case "flush" -> {
                html(resp);
                resp.getWriter().write(PAGE + "flushed");
                resp.flushBuffer();
                resp.getWriter().write(" and more");
            }
            case "content-length" -> {
                html(resp);
                byte[] body = bytes("content-length");
                resp.setContentLength(body.length);
                resp.getOutputStream().write(body);
            }
            case "content-length-writer" -> {
                html(resp);
                String body = PAGE + "content-length-writer";
                resp.setContentLength(body.length());
                resp.getWriter().write(body);
            }
            case "close" -> {
                html(resp);
                OutputStream out = resp.getOutputStream();
                out.write(bytes("close"));
                out.close();
            }
            case "large" -> {
                html(resp);
                PrintWriter w = resp.getWriter();
                for (int i = 0; i < 4000; i++) {
                    w.write(PAGE + "more than the buffer holds ");
                }
            }
            case "nothing" -> resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
            case "error" -> resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            case "redirect" -> resp.sendRedirect("/elsewhere");
            case "reset" -> {
                html(resp);
                resp.getWriter().write("a first attempt");
                resp.reset();
                resp.setStatus(HttpServletResponse.SC_ACCEPTED);
                html(resp);
                resp.getWriter().write(PAGE + "reset");
            }
            case "exception" -> throw new IllegalStateException("the application failed before writing");
            case "async-writer" -> {
                AsyncContext async = req.startAsync();
                async.start(() -> {
                    try {
                        HttpServletResponse r = (HttpServletResponse) async.getResponse();
                        html(r);
                        r.getWriter().write(PAGE + "async-writer");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    async.complete();
                });
            }
            case "async-nothing" -> {
                AsyncContext async = req.startAsync();
                async.start(() -> {
                    ((HttpServletResponse) async.getResponse()).setStatus(HttpServletResponse.SC_ACCEPTED);
                    req.getAsyncContext().complete();
                });
            }
            default -> resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "unknown mode " + mode);
        }
    }

    private static void html(HttpServletResponse resp) {
        resp.setContentType("text/html;charset=utf-8");
    }

    private static byte[] bytes(String mode) {
        return (PAGE + mode).getBytes(StandardCharsets.UTF_8);
    }
}
