package net.erpex.privacy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.erpex.privacy.store.JsonLinesStore;
import net.erpex.privacy.visit.JsonLinesSink;
import net.erpex.privacy.visit.LogRecord;
import net.erpex.privacy.visit.VisitEvent;
import net.erpex.privacy.visit.VisitRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JSON-lines sink on one thread, as the recorder drives it: batches of {@value #BATCH} visit records, as the
 * enricher makes them (a Chrome visit from France with a Google referrer, about 420 bytes a line), serialised and
 * appended to the day's file. Scores are records per second. {@code sink} is the bare writer; {@code store} the
 * JSON-lines store the filter uses, which also keeps each record's index entries in memory. Each iteration writes to
 * a fresh directory, deleted afterwards, so the files do not grow without bound.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JsonLinesSinkBenchmark {

    static final int BATCH = 500;
    private static final Map<String, Duration> RETENTION = Map.of("visits", Duration.ofDays(3650));

    @Param({"sink", "store"})
    public String target;

    private Path dir;
    private JsonLinesSink sink;
    private JsonLinesStore store;
    private final List<List<LogRecord>> batches = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void records() {
        Instant now = Instant.now();
        for (int b = 0; b < 64; b++) {
            List<LogRecord> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                int n = b * BATCH + i;
                batch.add(new VisitRecord(VisitEvent.newId(), now.plusMillis(n), "203.0.113." + (n % 250), "FR",
                        "Île-de-France", "Paris", "fr", "GET", "/produits/" + (n % 977), 200, "Chrome", "131",
                        "Windows", "", "desktop", "https://www.google.fr/search", "search",
                        "c2Vzc2lvbi1oYXNoLW9mLXZpc2l0b3It" + (n % 20_000), ""));
            }
            batches.add(batch);
        }
    }

    @Setup(Level.Iteration)
    public void open() throws IOException {
        dir = Files.createTempDirectory("erpex-jsonl-bench");
        if (target.equals("sink")) {
            sink = new JsonLinesSink(dir, RETENTION, Clock.systemUTC());
        } else {
            store = new JsonLinesStore(dir, RETENTION, Clock.systemUTC());
        }
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        if (sink != null) {
            sink.close();
            sink = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void writeBatch() throws IOException {
        List<LogRecord> batch = batches.get(next++ & 63);
        if (sink != null) {
            sink.write(batch);
        } else {
            store.write(batch);
        }
    }
}
