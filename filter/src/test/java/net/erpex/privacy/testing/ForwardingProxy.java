package net.erpex.privacy.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP/1.1 reverse proxy on a loopback port that forwards like a default nginx set-up
 * ({@code proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; proxy_set_header X-Forwarded-Proto $scheme}):
 * it joins the client's {@code X-Forwarded-For} lines and appends the address of the peer that connected to it,
 * overwrites {@code X-Forwarded-Proto} with {@code http}, and passes every other header, {@code Forwarded}
 * included, through as the client sent it. It connects to the server from {@link #ADDRESS}, so a test can trust that
 * address alone while its client connects from 127.0.0.1. One request per connection ({@code Connection: close}
 * upstream, as nginx's default {@code proxy_http_version 1.0} does); plain sockets, a thread per direction.
 */
public final class ForwardingProxy implements AutoCloseable {

    /** The address the proxy connects to the server from: a second loopback address. */
    public static final String ADDRESS = "127.0.0.2";

    private static final int MAX_HEAD = 256 * 1024;
    private static final List<String> HOP_BY_HOP = List.of("connection", "keep-alive", "upgrade", "http2-settings",
            "proxy-connection", "te", "x-forwarded-for", "x-forwarded-proto");

    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** Starts a proxy in front of {@code 127.0.0.1:targetPort}. */
    public ForwardingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "forwarding-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            open.add(client);
            Thread t = new Thread(() -> serve(client), "forwarding-proxy-request");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket client) {
        try {
            InputStream in = client.getInputStream();
            byte[] head = readHead(in);
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort, InetAddress.getByName(ADDRESS),
                    0);
            open.add(upstream);
            upstream.getOutputStream().write(rewrite(head, client.getInetAddress().getHostAddress()));
            upstream.getOutputStream().flush();
            pump(in, upstream, upstream.getOutputStream());
            pump(upstream.getInputStream(), client, client.getOutputStream());
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    /** The request line and headers, up to and including the blank line. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0 || head.size() > MAX_HEAD) {
                throw new IOException("request head ended early");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }

    private static byte[] rewrite(byte[] head, String peer) {
        String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
        List<String> forwardedFor = new ArrayList<>();
        StringBuilder out = new StringBuilder(lines[0]).append("\r\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (name.equals("x-forwarded-for")) {
                forwardedFor.add(line.substring(colon + 1).trim());
            }
            if (!HOP_BY_HOP.contains(name)) {
                out.append(line).append("\r\n");
            }
        }
        forwardedFor.add(peer);
        out.append("X-Forwarded-For: ").append(String.join(", ", forwardedFor)).append("\r\n");
        out.append("X-Forwarded-Proto: http\r\n");
        out.append("Connection: close\r\n\r\n");
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private void pump(InputStream from, Socket to, OutputStream out) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try {
                int n;
                while ((n = from.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException ended) {
                closeQuietly(to);
            }
        }, "forwarding-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
