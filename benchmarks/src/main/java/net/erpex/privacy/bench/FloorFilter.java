package net.erpex.privacy.bench;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The least a filter that does the privacy filter's job on the request thread costs a server, for
 * {@link WrkBenchmark}'s {@code --floor}: it wraps the request and the response (as any filter that must act on
 * what the application does to them), reads the cookies, and gives each response the headers the privacy filter gave
 * the same request (its two policies, {@code Content-Language}, {@code Vary}, a first visit's session cookie), copied
 * as they are, without deciding anything. Nothing is recorded. No filter that sends those headers can cost less;
 * what the privacy filter costs above this floor is its own work: deciding, the nonce, signing, recording.
 */
final class FloorFilter implements Filter {

    private volatile List<Map.Entry<String, String>> headers = List.of();

    /** The headers every response gets from now on, in order (a name may come twice). */
    void headers(List<Map.Entry<String, String>> added) {
        this.headers = List.copyOf(added);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        request.getCookies();
        for (Map.Entry<String, String> h : headers) {
            response.addHeader(h.getKey(), h.getValue());
        }
        chain.doFilter(new HttpServletRequestWrapper(request), new HttpServletResponseWrapper(response));
    }
}
