package net.erpex.privacy;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * The container's writer, telling {@link VisitorResponse} before each write, flush and close (see
 * {@link CommitOutputStream}). Every {@code print}, {@code println}, {@code format} and {@code append} of
 * {@link PrintWriter} ends in the inner {@link Writer}'s methods, which is where the hook sits.
 *
 * <p>The container encodes the characters; the hook counts each as the most bytes one character can take in the
 * response's encoding, so that it never counts fewer bytes than the container has: a declared
 * {@code Content-Length} is then reached in the hook no later than in the container.
 */
final class CommitWriter extends PrintWriter {

    private final PrintWriter container;

    private CommitWriter(PrintWriter container, Hooked hooked) {
        super(hooked, false);
        this.container = container;
    }

    static CommitWriter wrap(PrintWriter container, VisitorResponse response, String encoding) {
        return new CommitWriter(container, new Hooked(container, response, maxBytesPerChar(encoding)));
    }

    boolean wraps(PrintWriter writer) {
        return container == writer;
    }

    /** The container's writer never throws; its error flag is the one that counts. */
    @Override
    public boolean checkError() {
        return super.checkError() || container.checkError();
    }

    static int maxBytesPerChar(String encoding) {
        if (encoding == null || StandardCharsets.UTF_8.name().equalsIgnoreCase(encoding)
                || "utf8".equalsIgnoreCase(encoding)) {
            // A char is a UTF-16 unit: at most 3 bytes, or 4 for the pair of a supplementary character.
            return 3;
        }
        if (StandardCharsets.ISO_8859_1.name().equalsIgnoreCase(encoding)
                || StandardCharsets.US_ASCII.name().equalsIgnoreCase(encoding)) {
            return 1;
        }
        return 4;
    }

    /** Forwards to the container's writer, after the hook. */
    private static final class Hooked extends Writer {
        private final PrintWriter out;
        private final VisitorResponse response;
        private final int bytesPerChar;

        Hooked(PrintWriter out, VisitorResponse response, int bytesPerChar) {
            super(out);
            this.out = out;
            this.response = response;
            this.bytesPerChar = bytesPerChar;
        }

        @Override
        public void write(int c) {
            response.beforeWrite(bytesPerChar);
            out.write(c);
        }

        @Override
        public void write(char[] buf, int off, int len) {
            response.beforeWrite((long) len * bytesPerChar);
            out.write(buf, off, len);
        }

        @Override
        public void write(String s, int off, int len) {
            response.beforeWrite((long) len * bytesPerChar);
            out.write(s, off, len);
        }

        @Override
        public void flush() {
            response.beforeFlush();
            out.flush();
        }

        @Override
        public void close() {
            response.beforeClose();
            out.close();
        }
    }
}
