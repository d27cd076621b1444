package net.erpex.privacy.bench;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Bytes allocated per request, thread by thread: what JMH's {@code -prof gc} gives as one sum over every thread of
 * the JVM is split here into the request threads (Jetty's pool, where the filter runs before and after the
 * application), the recorder's threads (enrichment and JSON writing of each recorded visit, off the request path)
 * and the rest (the client). Same server, settings and requests as {@link FilterOverheadBenchmark}, whose setup it
 * reuses; the figures come from {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar net.erpex.privacy.bench.RequestAllocation [--requests 50000]
 * </pre>
 */
public final class RequestAllocation {

    private RequestAllocation() {
    }

    public static void main(String[] args) throws Exception {
        int requests = 50_000;
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("--requests")) {
                requests = Integer.parseInt(args[i + 1]);
            } else {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.println("bytes allocated per request    request threads   recorder threads   other");
        for (String scenario : new String[] {"returning", "first", "static"}) {
            Map<String, double[]> rows = new LinkedHashMap<>();
            for (String filter : new String[] {"none", "privacy"}) {
                rows.put(filter, measure(filter, scenario, requests));
            }
            for (Map.Entry<String, double[]> row : rows.entrySet()) {
                double[] v = row.getValue();
                System.out.printf(Locale.ROOT, "%-9s %-8s %,18.0f %,18.0f %,8.0f%n", scenario, row.getKey(), v[0],
                        v[1], v[2]);
            }
            double[] none = rows.get("none");
            double[] privacy = rows.get("privacy");
            System.out.printf(Locale.ROOT, "%-9s %-8s %,18.0f %,18.0f%n", scenario, "added", privacy[0] - none[0],
                    privacy[1] - none[1]);
        }
    }

    private static double[] measure(String filter, String scenario, int requests) throws Exception {
        FilterOverheadBenchmark bench = new FilterOverheadBenchmark();
        bench.filter = filter;
        bench.start();
        try {
            Runnable one = switch (scenario) {
                case "returning" -> () -> call(bench::returningVisitor);
                case "first" -> () -> call(bench::firstVisit);
                default -> () -> call(bench::staticAsset);
            };
            // Warm-up: the JIT settles the filtered path after some 10 s of it.
            for (int i = 0; i < requests; i++) {
                one.run();
            }
            Thread.sleep(1_500); // the recorder's last batch of the warm-up
            Map<String, Long> before = byGroup();
            for (int i = 0; i < requests; i++) {
                one.run();
            }
            Thread.sleep(1_500); // the recorder's last batch of the measurement
            Map<String, Long> after = byGroup();
            double[] perRequest = new double[3];
            String[] groups = {"request", "recorder", "other"};
            for (int g = 0; g < 3; g++) {
                perRequest[g] = (after.getOrDefault(groups[g], 0L) - before.getOrDefault(groups[g], 0L))
                        / (double) requests;
            }
            return perRequest;
        } finally {
            bench.stop();
        }
    }

    private interface Exchange {
        int run() throws Exception;
    }

    private static void call(Exchange exchange) {
        try {
            exchange.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Bytes allocated so far by each group of live threads. */
    private static Map<String, Long> byGroup() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, Long> sums = new LinkedHashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long bytes = threads.getThreadAllocatedBytes(t.getId());
            if (bytes < 0) {
                continue;
            }
            String name = t.getName();
            String group = name.startsWith("qtp") ? "request" : name.startsWith("erpex-visit") ? "recorder" : "other";
            sums.merge(group, bytes, Long::sum);
        }
        return sums;
    }
}
