package net.erpex.privacy.shared;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SharedState} in this node's memory, bounded by Caffeine: under a flood beyond the bounds the entries closest
 * to expiry go first, and a forgotten bucket starts full again, which errs on the visitor's side.
 *
 * <p>{@link #journaled} also appends every claim to a small JSON-lines file and reads it back at start, so that on a
 * JSON-lines site a used challenge or a revoked session stays so across a restart. The file is compacted (rewritten
 * with the live claims only, atomically) by a background thread once it holds twice as many lines as live claims.
 * Lines are flushed to the operating system on every claim, which survives the process, not a power cut.
 */
public final class MemorySharedState implements SharedState {

    /** Claims kept at most. */
    static final int MAX_CLAIMS = 200_000;
    /** Rate buckets kept at most. */
    static final int MAX_BUCKETS = 100_000;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:/+=-]{1," + MAX_KEY + "}");
    private static final Duration COMPACT_EVERY = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(MemorySharedState.class);

    private final Clock clock;
    private final Cache<Claim, Long> claims;
    private final Cache<String, Long> buckets;
    private final ClaimJournal journal;
    private final ScheduledExecutorService compactor;
    private final LongAdder journalFailures = new LongAdder();
    private final AtomicBoolean journalFailureLogged = new AtomicBoolean();

    private MemorySharedState(Clock clock, ClaimJournal journal) {
        this.clock = Objects.requireNonNull(clock, "clock");
        // Claims hold their expiry (epoch ms), buckets their TAT (epoch µs): each entry lives until then.
        this.claims = Caffeine.newBuilder().executor(Runnable::run).maximumSize(MAX_CLAIMS)
                .expireAfter(this.<Claim>untilValue(1_000_000L)).build();
        this.buckets = Caffeine.newBuilder().executor(Runnable::run).maximumSize(MAX_BUCKETS)
                .expireAfter(this.<String>untilValue(1_000L)).build();
        this.journal = journal;
        if (journal == null) {
            this.compactor = null;
        } else {
            this.compactor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "privacy-shared-state");
                t.setDaemon(true);
                return t;
            });
            long every = COMPACT_EVERY.toMillis();
            compactor.scheduleWithFixedDelay(this::compactIfWorthIt, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** State of this node only, forgotten at a stop. */
    public static MemorySharedState inMemory(Clock clock) {
        return new MemorySharedState(clock, null);
    }

    /**
     * State of this node only, whose claims also go to {@code file} and are read back from it now.
     *
     * @throws IOException when the file cannot be created or opened for appending
     */
    public static MemorySharedState journaled(Path file, Clock clock) throws IOException {
        ClaimJournal journal = new ClaimJournal(file);
        MemorySharedState state = new MemorySharedState(clock, journal);
        long now = clock.millis();
        int[] loaded = {0};
        int skipped = journal.load(now, (kind, key, expires) -> {
            state.claims.put(id(kind, key), expires);
            loaded[0]++;
        });
        if (skipped > 0) {
            LOG.warn("{}: skipped {} unreadable lines", file, skipped);
        }
        LOG.debug("{}: {} live claims read back", file, loaded[0]);
        return state;
    }

    @Override
    public boolean claim(Kind kind, String key, Instant expires) {
        long now = clock.millis();
        long until = expires.toEpochMilli();
        if (!validKey(key) || until <= now) {
            return false;
        }
        boolean[] won = {false};
        claims.asMap().compute(id(kind, key), (k, held) -> {
            if (held != null && held > now) {
                return held;
            }
            won[0] = true;
            return until;
        });
        if (won[0] && journal != null) {
            try {
                journal.append(kind, key, until);
            } catch (IOException e) {
                journalFailures.increment();
                if (journalFailureLogged.compareAndSet(false, true)) {
                    LOG.warn("could not journal a claim to {}: it holds in memory but not across a restart (further"
                            + " failures are counted as shared-state-journal-failures)", journal.file(), e);
                }
            }
        }
        return won[0];
    }

    /**
     * Records a claim that was made elsewhere (by another node, through the database), keeping the later expiry of
     * the two if this node knows it already.
     */
    public void remember(Kind kind, String key, Instant expires) {
        long until = expires.toEpochMilli();
        if (validKey(key) && until > clock.millis()) {
            claims.asMap().merge(id(kind, key), until, Math::max);
        }
    }

    @Override
    public boolean isClaimed(Kind kind, String key) {
        if (key == null) {
            return false;
        }
        Long until = claims.getIfPresent(id(kind, key));
        return until != null && until > clock.millis();
    }

    @Override
    public boolean tryTake(String bucket, int permits, Duration period) {
        if (!SharedState.validBucket(bucket)) {
            return false;
        }
        Gcra.Step step = Gcra.step(clock, permits, period);
        boolean[] taken = {false};
        buckets.asMap().compute(bucket, (k, tat) -> {
            long next = step.take(tat == null ? Long.MIN_VALUE : tat);
            if (next == Long.MIN_VALUE) {
                return tat;
            }
            taken[0] = true;
            return next;
        });
        return taken[0];
    }

    @Override
    public Duration propagationDelay() {
        return Duration.ZERO;
    }

    @Override
    public Map<String, Long> stats() {
        return journal == null ? Map.of() : Map.of("shared-state-journal-failures", journalFailures.sum());
    }

    @Override
    public void close() {
        if (compactor != null) {
            compactor.shutdownNow();
        }
        if (journal != null) {
            journal.close();
        }
    }

    /** Rewrites the journal with the live claims once dead lines are the majority. */
    void compactIfWorthIt() {
        long now = clock.millis();
        List<ClaimJournal.Entry> live = new ArrayList<>();
        claims.asMap().forEach((id, until) -> {
            if (until > now) {
                live.add(new ClaimJournal.Entry(id.kind(), id.key(), until));
            }
        });
        try {
            journal.compactIfLarger(live, 2 * live.size() + 1000);
        } catch (IOException | RuntimeException e) {
            journalFailures.increment();
            LOG.warn("could not compact {}; it keeps growing until this succeeds", journal.file(), e);
        }
    }

    private static boolean validKey(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    private static Claim id(Kind kind, String key) {
        return new Claim(kind, key);
    }

    /** A claim's key in memory: a pair rather than a joined string, which every session check would build. */
    private record Claim(Kind kind, String key) {
    }

    /** Each entry lives until the instant its value names, in units of {@code nanosPerUnit} since the epoch. */
    private <K> Expiry<K, Long> untilValue(long nanosPerUnit) {
        return new Expiry<>() {
            @Override
            public long expireAfterCreate(K key, Long value, long currentTime) {
                long left = value - clock.millis() * (1_000_000L / nanosPerUnit);
                return Math.max(1, Math.min(left, Long.MAX_VALUE / nanosPerUnit)) * nanosPerUnit;
            }

            @Override
            public long expireAfterUpdate(K key, Long value, long currentTime, long currentDuration) {
                return expireAfterCreate(key, value, currentTime);
            }

            @Override
            public long expireAfterRead(K key, Long value, long currentTime, long currentDuration) {
                return currentDuration;
            }
        };
    }
}
