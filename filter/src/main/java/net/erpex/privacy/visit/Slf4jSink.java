package net.erpex.privacy.visit;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each record's JSON at INFO, one line per record, on the logger {@code net.erpex.privacy.<stream>} (visits go
 * to {@code net.erpex.privacy.visits}), for teams that ship their logs elsewhere. Retention is then the log
 * pipeline's job. If that logger is not enabled for INFO, records are discarded: routing them is the logging
 * configuration's decision.
 */
public final class Slf4jSink implements RecordSink {

    /** Prefix of the per-stream logger names. */
    public static final String LOGGER_PREFIX = "net.erpex.privacy.";

    /** Receives one line of JSON for a stream; lets tests observe what would be logged. */
    @FunctionalInterface
    interface LineLogger {
        void log(String stream, String json);
    }

    private final LineLogger lines;

    /** A sink that logs through SLF4J. */
    public Slf4jSink() {
        this((stream, json) -> loggerFor(stream).info("{}", json));
    }

    static Logger loggerFor(String stream) {
        return LoggerFactory.getLogger(LOGGER_PREFIX + stream);
    }

    Slf4jSink(LineLogger lines) {
        this.lines = Objects.requireNonNull(lines, "lines");
    }

    @Override
    public void write(List<LogRecord> batch) throws IOException {
        // Serialise the whole batch first: a failure then logs nothing, and the recorder's retry duplicates nothing.
        String[] json = new String[batch.size()];
        for (int i = 0; i < json.length; i++) {
            json[i] = JsonLines.toJson(batch.get(i));
        }
        for (int i = 0; i < json.length; i++) {
            lines.log(batch.get(i).stream(), json[i]);
        }
    }

    @Override
    public void close() {
    }
}
