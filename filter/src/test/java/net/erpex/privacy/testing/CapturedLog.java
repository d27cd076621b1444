package net.erpex.privacy.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what the log writes while it is open: the tests' SLF4J binding (slf4j-simple) and Jetty write to
 * {@code System.err}, looked up on every line, so swapping the stream sees every log line and stack trace of the
 * filter, the container and the drivers. The lines still reach the real stream too.
 */
public final class CapturedLog implements AutoCloseable {

    private static final Object LOCK = new Object();

    private final PrintStream original;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private CapturedLog() {
        original = System.err;
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (captured) {
                    captured.write(b, off, len);
                }
                original.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** Starts capturing; close to stop. Captures nest safely but do not overlap across threads. */
    public static CapturedLog start() {
        synchronized (LOCK) {
            return new CapturedLog();
        }
    }

    /** Everything written so far. */
    public String text() {
        System.err.flush();
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.err.flush();
        System.setErr(original);
    }
}
