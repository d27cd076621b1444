package net.erpex.privacy.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import net.erpex.privacy.store.ConnectionSource;
import net.erpex.privacy.store.PostgresStore;
import net.erpex.privacy.visit.Enricher;
import net.erpex.privacy.visit.VisitEvent;
import net.erpex.privacy.visit.VisitRecord;
import net.erpex.privacy.visit.VisitRecorder;

/**
 * Drives the visit recorder with the PostgreSQL store at a stated rate for a stated time, optionally cutting the
 * network to the database (a TCP proxy in this process) for part of it, and prints the sustained records per second,
 * the peak spool size, and whether the table holds exactly what was submitted.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar net.erpex.privacy.bench.PostgresSinkBenchmark
 *     [--server jdbc:postgresql://127.0.0.1:5432/test?user=postgres] [--rate N|max] [--seconds S]
 *     [--cut-from S --cut-to S] [--batch N (default 2000)]
 * </pre>
 *
 * Works in a schema of its own ({@code erpex_bench_*}), dropped at the end. Without a cut it connects to the server
 * directly; with one, through a TCP proxy in this process. The enricher is trivial (no GeoIP or
 * user-agent parse): this measures the store, not enrichment.
 */
public final class PostgresSinkBenchmark {

    private PostgresSinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String server = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
        long rate = 0;
        int seconds = 20;
        int cutFrom = -1;
        int cutTo = -1;
        int batch = 2000; // the filter's default visits.batch-size
        int capacity = 100_000;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--server" -> server = args[i + 1];
                case "--rate" -> rate = args[i + 1].equals("max") ? 0 : Long.parseLong(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--cut-from" -> cutFrom = Integer.parseInt(args[i + 1]);
                case "--cut-to" -> cutTo = Integer.parseInt(args[i + 1]);
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        String schema = "erpex_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(server, "CREATE SCHEMA " + schema);
        Path spool = Files.createTempDirectory("erpex-bench-spool");
        try (Proxy proxy = new Proxy("127.0.0.1", 5432)) {
            // Through the proxy only when the network is to be cut: its pump threads cost CPU and latency of their own.
            String url = (cutFrom >= 0 ? server.replace("127.0.0.1:5432", "127.0.0.1:" + proxy.port()) : server)
                    + "&currentSchema=" + schema;
            PostgresStore store = PostgresStore.open(ConnectionSource.driver(url, "", ""), spool, 5_000_000,
                    Map.of("visits", Duration.ofDays(90)), Clock.systemUTC());
            Enricher enricher = (event, detailed) -> {
                VisitEvent e = (VisitEvent) event;
                return new VisitRecord(e.id(), e.time(), e.ip(), "FR", "Île-de-France", "Paris", e.language(),
                        e.method(), e.path(), e.status(), "Firefox", "133.0", "Linux", "", "desktop", "", "none",
                        e.sessionHash(), "");
            };
            VisitRecorder recorder = VisitRecorder.builder(enricher, store).capacity(capacity).batchSize(batch).build();
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            long submitted = 0;
            int peak = 0;
            long peakQueued = 0;
            boolean cut = false;
            while (System.nanoTime() < end) {
                double elapsed = (System.nanoTime() - start) / 1e9;
                if (!cut && cutFrom >= 0 && elapsed >= cutFrom && elapsed < cutTo) {
                    proxy.cut();
                    cut = true;
                } else if (cut && elapsed >= cutTo) {
                    proxy.restore();
                    cut = false;
                }
                if (rate > 0 && submitted >= (long) (elapsed * rate)) {
                    LockSupport.parkNanos(200_000);
                } else {
                    recorder.submit(event(submitted));
                    submitted++;
                }
                if ((submitted & 1023) == 0) {
                    peak = Math.max(peak, store.stats().spooled());
                    peakQueued = Math.max(peakQueued, recorder.stats().queued());
                }
            }
            proxy.restore();
            long submitEnd = System.nanoTime();
            while (recorder.stats().written() < submitted || store.stats().spooled() > 0) {
                peak = Math.max(peak, store.stats().spooled());
                LockSupport.parkNanos(1_000_000);
                if (System.nanoTime() - submitEnd > TimeUnit.SECONDS.toNanos(300)) {
                    break;
                }
            }
            long allWritten = System.nanoTime();
            recorder.close();
            peak = Math.max(peak, store.stats().peakSpooled());
            long rows = count(server, "SELECT count(*) FROM " + schema + ".erpex_visits");
            long distinct = count(server, "SELECT count(DISTINCT id) FROM " + schema + ".erpex_visits");
            double total = (allWritten - start) / 1e9;
            System.out.printf("load: %s records/s offered for %d s, batch %d%s%n", rate == 0 ? "max" : rate, seconds,
                    batch, cutFrom >= 0 ? ", database cut from " + cutFrom + " s to " + cutTo + " s" : "");
            System.out.printf("submitted %d, rows %d, distinct ids %d%n", submitted, rows, distinct);
            System.out.printf("sustained %.0f records/s (all in the table after %.1f s; %.1f s after the load ended)%n",
                    submitted / total, total, (allWritten - submitEnd) / 1e9);
            // A queue that reached its capacity means the generator offered more than the recorder and store took.
            System.out.printf("offered %.0f records/s during the load; peak queue %d of %d%s%n",
                    submitted / ((submitEnd - start) / 1e9), peakQueued, capacity,
                    peakQueued >= capacity - 1024 ? " (the recorder and store were the limit, not the generator)" : "");
            System.out.printf("peak spool %d records; database failures %d; replayed %d%n", peak,
                    store.stats().databaseFailures(), store.stats().replayed());
        } finally {
            execute(server, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static VisitEvent event(long n) {
        return new VisitEvent(VisitEvent.newId(), Instant.now(), null, "192.0.2." + (n % 250), "GET",
                "/bench/" + n, 200, "Mozilla/5.0", "", "", "", "en", "", "bench.example", "session-" + (n % 5000),
                "");
    }

    private static void execute(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A loopback TCP proxy that can cut every connection and refuse new ones, then restore. */
    private static final class Proxy implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private volatile boolean cut;

        Proxy(String host, int port) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        if (cut) {
                            client.close();
                            continue;
                        }
                        Socket upstream = new Socket(host, port);
                        open.add(client);
                        open.add(upstream);
                        pump(client, upstream);
                        pump(upstream, client);
                    } catch (IOException e) {
                        // closed, or one connection failed
                    }
                }
            }, "bench-proxy");
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return server.getLocalPort();
        }

        void cut() {
            cut = true;
            for (Socket s : open) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            open.clear();
        }

        void restore() {
            cut = false;
        }

        private void pump(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[16384];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        out.write(buf, 0, n);
                    }
                } catch (IOException ended) {
                    // cut or closed
                } finally {
                    try {
                        from.close();
                        to.close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
            }, "bench-proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            cut();
        }
    }
}
