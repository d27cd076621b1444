package net.erpex.privacy.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One keep-alive HTTP/1.1 connection over loopback that sends prepared request bytes and reads each response into a
 * buffer it reuses: it allocates nothing per request, so that an allocation profile of a benchmark (JMH's
 * {@code -prof gc}, which counts every thread) shows the server's allocation and not the client's. Reads responses
 * with a {@code Content-Length} or chunked bodies; anything else is an error. Not thread-safe.
 */
final class RawHttpConnection implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private byte[] buffer = new byte[64 * 1024];
    private int length;
    private int headEnd;

    RawHttpConnection(int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** Sends one request and reads its whole response; returns the status code. */
    int exchange(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        length = 0;
        headEnd = -1;
        while (headEnd < 0) {
            fill();
            headEnd = indexOf(CRLFCRLF, 0);
        }
        int bodyStart = headEnd + 4;
        long contentLength = headerNumber("content-length:");
        if (contentLength >= 0) {
            while (length < bodyStart + contentLength) {
                fill();
            }
        } else if (headerContains("transfer-encoding:", "chunked")) {
            while (indexOf(LAST_CHUNK, bodyStart) < 0) {
                fill();
            }
        } else {
            throw new IOException("response without Content-Length or chunked body:\n" + head());
        }
        return (buffer[9] - '0') * 100 + (buffer[10] - '0') * 10 + (buffer[11] - '0');
    }

    /** The last response's status line and headers, as text (allocates: for checks outside the measurement). */
    String head() {
        return new String(buffer, 0, Math.max(headEnd, 0), StandardCharsets.ISO_8859_1);
    }

    /** The last response, whole, as text (allocates: for checks outside the measurement). */
    String response() {
        return new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
    }

    private void fill() throws IOException {
        if (length == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n = in.read(buffer, length, buffer.length - length);
        if (n < 0) {
            throw new IOException("connection closed after " + length + " bytes");
        }
        length += n;
    }

    private static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};
    private static final byte[] LAST_CHUNK = {'\r', '\n', '0', '\r', '\n', '\r', '\n'};

    private int indexOf(byte[] needle, int from) {
        outer:
        for (int i = from; i <= length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buffer[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The value of the first header named {@code name} (lower case, with its colon) as a number, or -1. */
    private long headerNumber(String name) {
        int at = headerValue(name);
        if (at < 0) {
            return -1;
        }
        long value = 0;
        while (at < headEnd && buffer[at] >= '0' && buffer[at] <= '9') {
            value = value * 10 + buffer[at++] - '0';
        }
        return value;
    }

    private boolean headerContains(String name, String token) {
        int at = headerValue(name);
        if (at < 0) {
            return false;
        }
        int end = at;
        while (end < headEnd && buffer[end] != '\r') {
            end++;
        }
        outer:
        for (int i = at; i <= end - token.length(); i++) {
            for (int j = 0; j < token.length(); j++) {
                if (Character.toLowerCase(buffer[i + j]) != token.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Where the value of the first header {@code name} starts, past spaces; -1 when there is none. */
    private int headerValue(String name) {
        for (int line = indexOf(CRLF, 0) + 2; line > 1 && line < headEnd; ) {
            boolean match = line + name.length() <= headEnd;
            for (int j = 0; match && j < name.length(); j++) {
                match = Character.toLowerCase(buffer[line + j]) == name.charAt(j);
            }
            if (match) {
                int at = line + name.length();
                while (buffer[at] == ' ' || buffer[at] == '\t') {
                    at++;
                }
                return at;
            }
            int next = indexOf(CRLF, line);
            line = next < 0 ? -1 : next + 2;
        }
        return -1;
    }

    private static final byte[] CRLF = {'\r', '\n'};

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
