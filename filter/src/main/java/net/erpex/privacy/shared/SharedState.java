package net.erpex.privacy.shared;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What must be unique or counted across every node of a site, for a limited time: proofs that pass once (solved
 * challenges, reCAPTCHA tokens), rate-limit buckets, and sessions revoked by an erasure. One mechanism for all of
 * them, so that a cluster behind a load balancer is as strict as one node: a proof used on node A does not pass on
 * node B, and a client does not get one budget per node.
 *
 * <p>Implementations: {@link MemorySharedState} on one node (bounded; for a JSON-lines site its claims are also
 * journaled to a small file, so used proofs and revocations survive a restart), and the PostgreSQL store's, shared
 * by every node that writes to the same database and falling back to the node's memory while the database does not
 * answer.
 *
 * <p>{@link #claim} and {@link #tryTake} may cost a database round trip: they are called for protected POSTs and
 * erasures only. {@link #isClaimed} never does: it is asked on every request that carries a session cookie.
 *
 * <p>Thread-safe. Never throws for a failure of the shared storage: that is logged, counted and answered from this
 * node's memory.
 */
public interface SharedState extends AutoCloseable {

    /** What a claim is about; the name is stored with it. */
    enum Kind {
        /** A solved challenge, by its salt: passes once. */
        USED_CHALLENGE("challenge"),
        /** A reCAPTCHA token, by its digest: passes once. */
        USED_RECAPTCHA_TOKEN("recaptcha-token"),
        /** A session ended by the erasure of its records, by its hash: never accepted again. */
        REVOKED_SESSION("revoked-session");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The stored name: {@code challenge}, {@code recaptcha-token}, {@code revoked-session}. */
        public String label() {
            return label;
        }

        /** The kind of a stored name. */
        public static java.util.Optional<Kind> byLabel(String label) {
            for (Kind k : values()) {
                if (k.label.equals(label)) {
                    return java.util.Optional.of(k);
                }
            }
            return java.util.Optional.empty();
        }
    }

    /**
     * Claims {@code key} until {@code expires}: true for the one caller, on any node, that claims it first (or first
     * after an earlier claim expired), false for every other.
     *
     * @param key     at most {@value #MAX_KEY} characters: a digest, a salt, a session hash
     * @param expires when the claim lapses; a claim already expired is refused
     */
    boolean claim(Kind kind, String key, Instant expires);

    /**
     * Whether {@code key} is claimed, answered from this node's memory without any I/O. Claims made on this node show
     * at once; claims made on other nodes show within {@link #propagationDelay()}.
     */
    boolean isClaimed(Kind kind, String key);

    /**
     * Takes one permit of a token bucket that holds {@code permits} and refills evenly over {@code period}.
     *
     * @param bucket at most {@value #MAX_KEY} characters
     * @return whether a permit was left
     */
    boolean tryTake(String bucket, int permits, Duration period);

    /** How long a claim made on another node takes at most to show in {@link #isClaimed}; zero on one node. */
    Duration propagationDelay();

    /** Counts for {@code PrivacyFilter.counters()}: failures of the shared storage, claims answered from memory. */
    Map<String, Long> stats();

    /** Releases threads, files and connections. */
    @Override
    void close();

    /** Longest key or bucket name accepted. */
    int MAX_KEY = 200;

    /** Whether a bucket name is acceptable: present and at most {@value #MAX_KEY} characters. */
    static boolean validBucket(String bucket) {
        return bucket != null && !bucket.isEmpty() && bucket.length() <= MAX_KEY;
    }
}
