package net.erpex.privacy;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;

/**
 * The container's output stream, telling {@link VisitorResponse} before each write, flush and close, so that the
 * filter's headers are in before the head can be sent and the visit is recorded before the response can complete.
 */
final class CommitOutputStream extends ServletOutputStream {

    private final ServletOutputStream out;
    private final VisitorResponse response;

    CommitOutputStream(ServletOutputStream out, VisitorResponse response) {
        this.out = out;
        this.response = response;
    }

    boolean wraps(ServletOutputStream stream) {
        return out == stream;
    }

    @Override
    public void write(int b) throws IOException {
        response.beforeWrite(1);
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        response.beforeWrite(len);
        out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        response.beforeFlush();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        response.beforeClose();
        out.close();
    }

    @Override
    public boolean isReady() {
        return out.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
        out.setWriteListener(listener);
    }
}
