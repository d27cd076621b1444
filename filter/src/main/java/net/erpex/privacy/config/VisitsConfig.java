package net.erpex.privacy.config;

import static net.erpex.privacy.config.Checks.atLeast;
import static net.erpex.privacy.config.Checks.between;
import static net.erpex.privacy.config.Checks.fail;
import static net.erpex.privacy.config.Checks.range;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import net.erpex.privacy.page.PathPatterns;
import net.erpex.privacy.page.VisitSelection;
import net.erpex.privacy.visit.IpStorage;
import net.erpex.privacy.visit.OverflowPolicy;

/**
 * The visit log's part of {@link PrivacySettings.Builder}: what is recorded, where, for how long and how the recorder
 * queues it. Checks each value as it is set and the combinations when built; every message names the init-param.
 */
final class VisitsConfig {

    /** The default batch: batches of 2,000 went into PostgreSQL 15 to 27 % faster than batches of 500. */
    static final int DEFAULT_BATCH_SIZE = 2000;

    VisitsStore store = VisitsStore.JSONL;
    String storeUser = "";
    Secret storePassword = Secret.NONE;
    Path spoolDir;
    int spoolMax = 1_000_000;
    Path dir = PrivacySettings.DEFAULT_VISITS_DIR;
    IpStorage ip = IpStorage.FULL;
    Duration retention = Duration.ofDays(90);
    OverflowPolicy overflow = OverflowPolicy.BLOCK;
    int queueCapacity = 10_000;
    int batchSize = DEFAULT_BATCH_SIZE;
    /** Whether {@code visits.batch-size} was set: only a batch size the operator chose can be too large. */
    private boolean batchSizeSet;
    Duration enrichBudget = Duration.ofMillis(50);
    VisitSelection.Mode record = VisitSelection.Mode.PAGES;
    PathPatterns exclude = PathPatterns.NONE;

    void store(VisitsStore value) {
        store = Objects.requireNonNull(value, PrivacyParam.VISITS_STORE.paramName());
    }

    void storeUser(String value) {
        storeUser = Objects.requireNonNull(value, PrivacyParam.VISITS_STORE_USER.paramName()).trim();
    }

    void storePassword(String value) {
        Objects.requireNonNull(value, PrivacyParam.VISITS_STORE_PASSWORD.paramName());
        storePassword = value.isEmpty() ? Secret.NONE : new Secret(value);
    }

    void spoolMax(int value) {
        spoolMax = range(PrivacyParam.VISITS_SPOOL_MAX, value, 1_000, 1_000_000_000);
    }

    void dir(Path value) {
        dir = Objects.requireNonNull(value, PrivacyParam.VISITS_DIR.paramName());
    }

    void ip(IpStorage value) {
        ip = Objects.requireNonNull(value, PrivacyParam.VISITS_IP.paramName());
    }

    void retention(Duration value) {
        retention = atLeast(PrivacyParam.VISITS_RETENTION, value, Duration.ofDays(1));
    }

    void overflow(OverflowPolicy value) {
        overflow = Objects.requireNonNull(value, PrivacyParam.VISITS_OVERFLOW.paramName());
    }

    void queueCapacity(int value) {
        queueCapacity = range(PrivacyParam.VISITS_QUEUE_CAPACITY, value, 16, 10_000_000);
    }

    void batchSize(int value) {
        batchSize = range(PrivacyParam.VISITS_BATCH_SIZE, value, 1, 10_000_000);
        batchSizeSet = true;
    }

    void enrichBudget(Duration value) {
        enrichBudget = between(PrivacyParam.VISITS_ENRICH_BUDGET, value, Duration.ofMillis(1), Duration.ofSeconds(10));
    }

    void record(VisitSelection.Mode value) {
        record = Objects.requireNonNull(value, PrivacyParam.VISITS_RECORD.paramName());
    }

    void exclude(Set<String> value) {
        List<String> patterns = new ArrayList<>();
        for (String p : Objects.requireNonNull(value, PrivacyParam.VISITS_EXCLUDE.paramName())) {
            patterns.add(p.trim());
        }
        try {
            exclude = PathPatterns.of(patterns);
        } catch (IllegalArgumentException e) {
            throw fail(PrivacyParam.VISITS_EXCLUDE, e.getMessage());
        }
    }

    /** The combinations: a batch fits the queue, credentials only for a database, one directory named. */
    void check() {
        if (!batchSizeSet) {
            // A queue smaller than the default batch (a setting that was valid when the default was 500) takes
            // batches of its own size rather than failing init().
            batchSize = Math.min(DEFAULT_BATCH_SIZE, queueCapacity);
        }
        if (batchSize > queueCapacity) {
            throw new ConfigurationException("Invalid init-params " + PrivacyParam.VISITS_BATCH_SIZE.paramName() + "="
                    + batchSize + " and " + PrivacyParam.VISITS_QUEUE_CAPACITY.paramName() + "=" + queueCapacity
                    + ": a batch cannot be larger than the queue");
        }
        if (store.kind() != VisitsStore.Kind.JDBC && (!storeUser.isEmpty() || !storePassword.reveal().isEmpty())) {
            PrivacyParam set = storeUser.isEmpty() ? PrivacyParam.VISITS_STORE_PASSWORD : PrivacyParam.VISITS_STORE_USER;
            throw new ConfigurationException("Invalid init-params " + set.paramName() + " and "
                    + PrivacyParam.VISITS_STORE.paramName() + "=" + store + ": credentials apply to a"
                    + " jdbc: store only (a jndi: DataSource carries its own); remove " + set.paramName());
        }
    }

    /**
     * {@code jsonl:<dir>} names the directory inline; {@code visits.dir} is the directory otherwise. Both naming
     * different directories is a contradiction.
     */
    Path effectiveDir() {
        if (store.kind() != VisitsStore.Kind.JSONL || store.target().isEmpty()) {
            return dir;
        }
        Path inline = Path.of(store.target());
        if (!dir.equals(PrivacySettings.DEFAULT_VISITS_DIR)
                && !dir.toAbsolutePath().normalize().equals(inline.toAbsolutePath().normalize())) {
            throw new ConfigurationException("Invalid init-params " + PrivacyParam.VISITS_STORE.paramName() + "="
                    + store + " and " + PrivacyParam.VISITS_DIR.paramName() + "=" + dir
                    + ": they name two directories; set only one of them (or the same directory in both)");
        }
        return inline;
    }

    /** The spool directory: the one set, else {@code spool} inside the visits directory. */
    Path effectiveSpoolDir(Path visitsDir) {
        return spoolDir != null ? spoolDir : visitsDir.resolve("spool");
    }

    VisitSelection selection() {
        return new VisitSelection(record, exclude);
    }
}
