package net.erpex.privacy;

import net.erpex.privacy.page.ResponseKind;
import net.erpex.privacy.session.SessionManager;
import net.erpex.privacy.session.SessionToken;

/**
 * The session of one request: the one the visitor presented, the one the request starts (only a document may, and
 * only when no valid session came with it), or the one that replaces it after an erasure. The new session is made on
 * first need, once, so that the cookie the response carries, the hash the application sees and the hash the record
 * names are the same. Thread-safe: the commit hook may run on another thread than the application's.
 */
final class VisitSession {

    private final VisitorPipeline pipeline;
    private final SessionManager.Decision presented;
    /** The session this request starts or replaces with, made on first need; guarded by {@code this}. */
    private SessionToken fresh;
    private String freshHash;
    /** Whether the session is replaced (after an erasure): {@link #fresh} is then issued whatever the response. */
    private boolean replaced;
    /** Whether the response carries a new session cookie. */
    private boolean started;

    VisitSession(VisitorPipeline pipeline, SessionManager.Decision presented) {
        this.pipeline = pipeline;
        this.presented = presented;
    }

    /** Whether the visitor presented a valid session. */
    boolean presented() {
        return presented.token().isPresent();
    }

    /**
     * The session cookie this response carries, or null: a replacement, a renewal of the presented session when it is
     * due, or a new session for a response that may start one ({@link ResponseKind#mayStartSession()}).
     *
     * @param first whether the response's headers are added for the first time (not again after a reset): only then
     *              is a new session counted
     */
    synchronized SessionToken toIssue(ResponseKind kind, boolean first) {
        if (!mayIssue(kind)) {
            return null;
        }
        if (replaced) {
            return fresh;
        }
        if (presented.token().isPresent()) {
            return presented.token().get();
        }
        makeFresh();
        if (first) {
            pipeline.counters().increment(Counters.Event.SESSION_NEW);
        }
        started = true;
        return fresh;
    }

    /**
     * Whether {@link #toIssue} would give this response a session cookie, without making or counting one: a
     * replacement, a renewal that is due, or a new session for a response that may start one.
     */
    synchronized boolean mayIssue(ResponseKind kind) {
        if (replaced) {
            return true;
        }
        return presented.token().isPresent() ? presented.issue() : kind.mayStartSession();
    }

    /** Whether the response starts a session (its cookie was issued). */
    synchronized boolean started() {
        return started;
    }

    /** Whether the session was replaced after an erasure. */
    synchronized boolean replaced() {
        return replaced;
    }

    /**
     * Starts a new session in place of the visitor's: the response carries its cookie instead of any other value of
     * the session cookie, and the request itself is recorded under it. The presented session is revoked on every node.
     *
     * @return the new session's hash
     */
    synchronized String replace() {
        if (presented.token().isPresent()) {
            // The old cookie must not bring the visitor back to what was erased, on this node or another.
            pipeline.revokeSession(presented.hash());
        }
        fresh = pipeline.newSession();
        freshHash = fresh.hash();
        replaced = true;
        return freshHash;
    }

    /** The session the record names: a replacement, the one this response started, the visitor's, or none. */
    synchronized String recorded() {
        if (replaced || started) {
            return freshHash;
        }
        return presented.hash();
    }

    /**
     * The session's hash as the application sees it: a replacement, the visitor's, or else a new session made now,
     * which the response then issues if it may start one (so that the cookie and the hash are the same session).
     */
    synchronized String hash() {
        if (replaced) {
            return freshHash;
        }
        if (presented.token().isPresent()) {
            return presented.hash();
        }
        makeFresh();
        return freshHash;
    }

    private void makeFresh() {
        if (fresh == null) {
            fresh = pipeline.newSession();
            freshHash = fresh.hash();
        }
    }
}
