package net.erpex.privacy.protect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import net.erpex.privacy.security.SigningKeys;
import net.erpex.privacy.security.ThreadRandom;

/**
 * The cookieless proof-of-work challenge: the server hands out a signed, self-contained challenge (random salt,
 * difficulty, expiry, the form path it is for) and keeps no state until a solution comes back. A solution is a
 * decimal number {@code n} such that {@code SHA-256(challenge + n)} starts with {@code difficulty} zero bits: cheap to
 * check here, costly to find in bulk.
 *
 * <p>Signed with the filter's {@link SigningKeys} under a context label of its own, so that no challenge can pass
 * for a session or consent cookie (or the reverse). Replay is not this class's concern: the caller remembers the
 * {@link Verified#id()} of used challenges until they expire.
 */
public final class ChallengeCodec {

    /**
     * Why a submitted challenge was not accepted, or that it was. {@code TOO_EASY}: signed with our keys but for less
     * work than this node asks, e.g. issued by a node (or an earlier configuration) with a lower difficulty.
     */
    public enum Check { VALID, MALFORMED, FORGED, EXPIRED, TOO_EASY, WRONG_PATH, WRONG_SOLUTION }

    /**
     * An issued challenge.
     *
     * @param token      what the client hashes and sends back
     * @param difficulty leading zero bits required
     * @param expires    when it stops being accepted
     */
    public record Challenge(String token, int difficulty, Instant expires) {
    }

    /**
     * The outcome of checking a solution.
     *
     * @param check   the verdict
     * @param id      the challenge's salt as hex: what a replay guard remembers; empty unless signed
     * @param expires the challenge's expiry (for the replay guard); {@link Instant#EPOCH} unless signed
     */
    public record Verified(Check check, String id, Instant expires) {
    }

    private static final byte VERSION = 1;
    private static final int SALT_BYTES = 16;
    private static final int PATH_BYTES = 16;
    private static final int PAYLOAD_BYTES = 1 + 1 + Long.BYTES + SALT_BYTES + PATH_BYTES;
    private static final int TOKEN_BYTES = PAYLOAD_BYTES + SigningKeys.TAG_BYTES;
    private static final byte[] LABEL = "erpex-protect-challenge\u0000".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_SOLUTION_DIGITS = 18;

    private final SigningKeys keys;
    private final int difficulty;
    private final Duration ttl;
    private final Clock clock;

    public ChallengeCodec(SigningKeys keys, int difficulty, Duration ttl, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.difficulty = difficulty;
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A new challenge for a form posted to {@code path} (the path within the application). */
    public Challenge issue(String path) {
        byte[] salt = new byte[SALT_BYTES];
        ThreadRandom.nextBytes(salt);
        Instant expires = clock.instant().plus(ttl);
        ByteBuffer payload = ByteBuffer.allocate(PAYLOAD_BYTES).put(VERSION).put((byte) difficulty)
                .putLong(expires.getEpochSecond()).put(salt).put(pathHash(path));
        byte[] token = ByteBuffer.allocate(TOKEN_BYTES).put(payload.array()).put(keys.sign(labelled(payload.array())))
                .array();
        return new Challenge(Base64.getUrlEncoder().withoutPadding().encodeToString(token), difficulty,
                Instant.ofEpochSecond(expires.getEpochSecond()));
    }

    /**
     * Checks a submitted challenge and solution for a POST to {@code path}. The signature is checked (in constant
     * time) before anything in the payload is believed.
     */
    public Verified verify(String token, String path, String solution) {
        Optional<byte[]> raw = decode(token);
        if (raw.isEmpty()) {
            return new Verified(Check.MALFORMED, "", Instant.EPOCH);
        }
        byte[] bytes = raw.get();
        byte[] payload = Arrays.copyOf(bytes, PAYLOAD_BYTES);
        if (!keys.verify(labelled(payload), Arrays.copyOfRange(bytes, PAYLOAD_BYTES, TOKEN_BYTES))) {
            return new Verified(Check.FORGED, "", Instant.EPOCH);
        }
        ByteBuffer b = ByteBuffer.wrap(payload);
        b.get();
        int bits = b.get();
        Instant expires = Instant.ofEpochSecond(b.getLong());
        byte[] salt = new byte[SALT_BYTES];
        b.get(salt);
        byte[] forPath = new byte[PATH_BYTES];
        b.get(forPath);
        String id = HexFormat.of().formatHex(salt);
        if (!clock.instant().isBefore(expires)) {
            return new Verified(Check.EXPIRED, id, expires);
        }
        // The token says how hard it was, but all nodes share the keys: only this node's setting is the bar.
        if (bits < difficulty) {
            return new Verified(Check.TOO_EASY, id, expires);
        }
        if (!MessageDigest.isEqual(forPath, pathHash(path))) {
            return new Verified(Check.WRONG_PATH, id, expires);
        }
        if (!meets(token, solution, bits)) {
            return new Verified(Check.WRONG_SOLUTION, id, expires);
        }
        return new Verified(Check.VALID, id, expires);
    }

    /** Whether {@code solution} solves {@code token} at {@code bits}: the hash has that many leading zero bits. */
    public static boolean meets(String token, String solution, int bits) {
        if (solution == null || solution.isEmpty() || solution.length() > MAX_SOLUTION_DIGITS) {
            return false;
        }
        for (int i = 0; i < solution.length(); i++) {
            if (solution.charAt(i) < '0' || solution.charAt(i) > '9') {
                return false;
            }
        }
        return leadingZeroBits(sha256((token + solution).getBytes(StandardCharsets.US_ASCII))) >= bits;
    }

    static int leadingZeroBits(byte[] hash) {
        int bits = 0;
        for (byte value : hash) {
            if (value == 0) {
                bits += 8;
                continue;
            }
            return bits + Integer.numberOfLeadingZeros(value & 0xFF) - 24;
        }
        return bits;
    }

    private static Optional<byte[]> decode(String token) {
        if (token == null || token.length() > 2 * TOKEN_BYTES) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(token);
            return bytes.length == TOKEN_BYTES && bytes[0] == VERSION ? Optional.of(bytes) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] labelled(byte[] payload) {
        byte[] out = Arrays.copyOf(LABEL, LABEL.length + payload.length);
        System.arraycopy(payload, 0, out, LABEL.length, payload.length);
        return out;
    }

    private static byte[] pathHash(String path) {
        return Arrays.copyOf(sha256(path.getBytes(StandardCharsets.UTF_8)), PATH_BYTES);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
