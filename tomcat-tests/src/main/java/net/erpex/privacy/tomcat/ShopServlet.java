package net.erpex.privacy.tomcat;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import net.erpex.privacy.VisitorContext;

/**
 * The second site's pages, answering with what the application sees, one {@code name=value} per line:
 * {@code /visitor}, {@code /session} (creates the container's session), {@code /analytics} (sets an analytics
 * cookie), and {@code POST /contact} (a protected form that answers the message as it arrived).
 */
public final class ShopServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        VisitorContext v = VisitorContext.of(request);
        StringBuilder out = new StringBuilder();
        switch (request.getPathInfo() == null ? "" : request.getPathInfo()) {
            case "/session" -> out.append("jsessionid=").append(request.getSession().getId()).append('\n');
            case "/analytics" -> {
                Cookie ga = new Cookie("_ga", "GA1.1.1.1");
                ga.setPath("/");
                response.addCookie(ga);
                out.append("set=_ga\n");
            }
            default -> { }
        }
        out.append("remoteAddr=").append(request.getRemoteAddr()).append('\n');
        out.append("secure=").append(request.isSecure()).append('\n');
        out.append("session=").append(v.sessionHash()).append('\n');
        response.getWriter().write(out.toString());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        String message = request.getParameter("message");
        response.getWriter().write(message == null ? "" : message);
    }
}
