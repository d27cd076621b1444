package net.erpex.privacy;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The container's {@link AsyncContext}, with the commit hook on {@link #complete()}: the visit is handed to the
 * recorder (and the filter's headers added, if nothing was written) before the container completes the response.
 */
final class VisitorAsyncContext implements AsyncContext {

    private final AsyncContext context;
    private final RequestVisit visit;

    VisitorAsyncContext(AsyncContext context, RequestVisit visit) {
        this.context = context;
        this.visit = visit;
    }

    boolean wraps(AsyncContext other) {
        return context == other;
    }

    @Override
    public void complete() {
        ServletResponse response = context.getResponse();
        visit.beforeCompletion(response instanceof HttpServletResponse http ? http.getStatus() : 200);
        context.complete();
    }

    @Override
    public ServletRequest getRequest() {
        return context.getRequest();
    }

    @Override
    public ServletResponse getResponse() {
        return context.getResponse();
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
        return context.hasOriginalRequestAndResponse();
    }

    @Override
    public void dispatch() {
        context.dispatch();
    }

    @Override
    public void dispatch(String path) {
        context.dispatch(path);
    }

    @Override
    public void dispatch(ServletContext servletContext, String path) {
        context.dispatch(servletContext, path);
    }

    @Override
    public void start(Runnable run) {
        context.start(run);
    }

    @Override
    public void addListener(AsyncListener listener) {
        context.addListener(listener);
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
        context.addListener(listener, request, response);
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> clazz) throws ServletException {
        return context.createListener(clazz);
    }

    @Override
    public void setTimeout(long timeout) {
        context.setTimeout(timeout);
    }

    @Override
    public long getTimeout() {
        return context.getTimeout();
    }
}
