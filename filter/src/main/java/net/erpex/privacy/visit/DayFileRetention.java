package net.erpex.privacy.visit;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;

/**
 * How long each stream's day files are kept: a day file is expired once its whole day is older than the stream's
 * retention, that is when day + 1 day is not after {@code now - retention}. Streams without a retention are kept.
 */
public final class DayFileRetention {

    private final Map<String, Duration> retention;

    /**
     * @param dir               where the files are, for messages
     * @param retentionByStream how long each stream is kept
     * @throws IllegalArgumentException if a retention is not positive or a stream name is not accepted
     */
    public DayFileRetention(Path dir, Map<String, Duration> retentionByStream) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(retentionByStream, "retentionByStream");
        retentionByStream.forEach((stream, keep) -> {
            DayFileName.checkStream(stream);
            if (keep == null || keep.isZero() || keep.isNegative()) {
                throw new IllegalArgumentException("retention of stream " + stream + " must be a positive duration,"
                        + " got " + keep);
            }
        });
        this.retention = Map.copyOf(retentionByStream);
    }

    /** Whether the file's whole day is older than its stream's retention at {@code now}. */
    public boolean isExpired(DayFileName file, Instant now) {
        Duration keep = retention.get(file.stream());
        if (keep == null) {
            return false;
        }
        Instant endOfDay = file.day().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return !endOfDay.isAfter(now.minus(keep));
    }
}
