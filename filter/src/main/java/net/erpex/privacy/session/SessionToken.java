package net.erpex.privacy.session;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A session: a 128-bit random id and the two times its timeouts are measured from. Immutable.
 *
 * @param id       16 random bytes from a CSPRNG; never written to a record (see {@link #hash()})
 * @param created  when the session began: the absolute timeout counts from here
 * @param lastSeen when the session was last confirmed: the idle timeout counts from here
 */
public record SessionToken(byte[] id, Instant created, Instant lastSeen) {

    private static final MessageDigest SHA256;

    static {
        try {
            SHA256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Bytes of a session id. */
    public static final int ID_BYTES = 16;

    public SessionToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(lastSeen, "lastSeen");
        if (id.length != ID_BYTES) {
            throw new IllegalArgumentException("a session id has " + ID_BYTES + " bytes, not " + id.length);
        }
        id = id.clone();
    }

    @Override
    public byte[] id() {
        return id.clone();
    }

    /** The same session, confirmed at {@code now}. */
    public SessionToken seenAt(Instant now) {
        return new SessionToken(id, created, now);
    }

    /**
     * What records store instead of the id: SHA-256 of the id, first 128 bits, base64url. Unkeyed on purpose: the id
     * already has 128 bits of entropy, so the hash cannot be reversed, and it stays the same across key rotation and
     * across nodes, which lets a visitor's records be found for access and erasure.
     */
    public String hash() {
        byte[] digest = sha256().digest(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    }

    /** A SHA-256 digest cloned from one looked up once: no provider lookup on each new session. */
    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException impossible) {
                throw new IllegalStateException("SHA-256 is required by the Java platform", impossible);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionToken t && Arrays.equals(id, t.id) && created.equals(t.created)
                && lastSeen.equals(t.lastSeen);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(id), created, lastSeen);
    }

    /** Never prints the id: toString output ends up in logs. */
    @Override
    public String toString() {
        return "SessionToken[hash=" + hash() + ", created=" + created + ", lastSeen=" + lastSeen + "]";
    }

}
