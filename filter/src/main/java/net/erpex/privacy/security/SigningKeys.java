package net.erpex.privacy.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The HMAC-SHA256 keys that sign the filter's cookies. The first key signs; every key verifies, so a cluster can
 * roll a new key out (add it second everywhere, then first, then drop the old one) without logging anybody out.
 *
 * <p>Verification compares in constant time: a timing difference would let an attacker forge a tag byte by byte.
 *
 * <p>HMAC (RFC 2104) is computed from two SHA-256 digests that absorbed the key's inner and outer pads once, when the
 * key was read; every operation works on clones of them (a digest is not thread-safe). A cloned
 * {@link javax.crypto.Mac} would hash the inner pad again on every use and copy both pads: four compressions of
 * SHA-256 per tag instead of two, on each first visit. The tags are those of {@code Mac.getInstance("HmacSHA256")},
 * which the tests check.
 */
public final class SigningKeys {

    /** Shortest accepted key: the HMAC-SHA256 block of security is 256 bits. */
    public static final int MIN_KEY_BYTES = 32;

    /** Length of the tags this class produces: 128 bits of HMAC-SHA256, as NIST SP 800-107 allows. */
    public static final int TAG_BYTES = 16;

    private static final SecureRandom RANDOM = new SecureRandom();
    /** SHA-256's block: a longer key is hashed first, a shorter one padded with zeros (RFC 2104). */
    private static final int BLOCK = 64;

    private final List<Hmac> prototypes;
    private final boolean ephemeral;

    private SigningKeys(List<byte[]> keys, boolean ephemeral) {
        List<Hmac> macs = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            macs.add(new Hmac(key));
        }
        this.prototypes = List.copyOf(macs);
        this.ephemeral = ephemeral;
    }

    /**
     * Parses a comma-separated list of base64 (standard or URL-safe) keys of at least {@value #MIN_KEY_BYTES} bytes.
     *
     * @throws IllegalArgumentException naming the offending entry (by position, never by value: it is a secret)
     */
    public static SigningKeys parse(String list) {
        List<byte[]> keys = new ArrayList<>();
        String[] parts = list == null ? new String[0] : list.split(",");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            if (part.isEmpty()) {
                continue;
            }
            byte[] key;
            try {
                key = decode(part);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key #" + (i + 1) + " is not base64: expected comma-separated base64"
                        + " keys of at least " + MIN_KEY_BYTES + " bytes (e.g. the output of 'openssl rand -base64 32')");
            }
            if (key.length < MIN_KEY_BYTES) {
                throw new IllegalArgumentException("key #" + (i + 1) + " has " + key.length + " bytes: expected at least "
                        + MIN_KEY_BYTES + " (e.g. the output of 'openssl rand -base64 32')");
            }
            keys.add(key);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no key given: expected comma-separated base64 keys of at least "
                    + MIN_KEY_BYTES + " bytes");
        }
        return new SigningKeys(keys, false);
    }

    /** One random key for this process only: cookies it signs do not survive a restart or another node. */
    public static SigningKeys random() {
        byte[] key = new byte[MIN_KEY_BYTES];
        RANDOM.nextBytes(key);
        return new SigningKeys(List.of(key), true);
    }

    /** Whether these keys were generated at start rather than configured. */
    public boolean ephemeral() {
        return ephemeral;
    }

    /** A {@value #TAG_BYTES}-byte tag of {@code data} under the signing key. */
    public byte[] sign(byte[] data) {
        return Arrays.copyOf(prototypes.get(0).mac(data), TAG_BYTES);
    }

    /** Whether {@code tag} is the tag of {@code data} under any of the keys, compared in constant time. */
    public boolean verify(byte[] data, byte[] tag) {
        if (tag == null || tag.length != TAG_BYTES) {
            return false;
        }
        boolean ok = false;
        for (Hmac prototype : prototypes) {
            byte[] expected = Arrays.copyOf(prototype.mac(data), TAG_BYTES);
            // No early exit: which key matched must not show in the timing either.
            ok |= MessageDigest.isEqual(expected, tag);
        }
        return ok;
    }

    /**
     * A keyed digest for pseudonymising values in records (hashed IPs): a separate derivation of the signing key, so
     * that a published pseudonym can never serve as a cookie tag.
     */
    public byte[] derive(String purpose) {
        return prototypes.get(0).mac(("erpex-derive:" + purpose).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] decode(String text) {
        if (text.indexOf('-') >= 0 || text.indexOf('_') >= 0) {
            return Base64.getUrlDecoder().decode(text);
        }
        return Base64.getDecoder().decode(text);
    }

    /** HMAC-SHA256 under one key: SHA-256 after the inner pad, and after the outer pad, cloned for each tag. */
    private static final class Hmac {
        private final MessageDigest inner;
        private final MessageDigest outer;

        Hmac(byte[] key) {
            byte[] hashed = key.length > BLOCK ? sha256().digest(key) : null;
            byte[] block = Arrays.copyOf(hashed != null ? hashed : key, BLOCK);
            byte[] pad = new byte[BLOCK];
            inner = sha256();
            outer = sha256();
            for (int i = 0; i < BLOCK; i++) {
                pad[i] = (byte) (block[i] ^ 0x36);
            }
            inner.update(pad);
            for (int i = 0; i < BLOCK; i++) {
                pad[i] = (byte) (block[i] ^ 0x5c);
            }
            outer.update(pad);
            // The digests keep their state; the copies of the key made here are wiped.
            if (hashed != null) {
                Arrays.fill(hashed, (byte) 0);
            }
            Arrays.fill(block, (byte) 0);
            Arrays.fill(pad, (byte) 0);
        }

        /** The 32-byte HMAC of {@code data}: SHA-256(outer pad, SHA-256(inner pad, data)). */
        byte[] mac(byte[] data) {
            MessageDigest in = copy(inner);
            in.update(data);
            MessageDigest out = copy(outer);
            out.update(in.digest());
            return out.digest();
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required by the Java platform but unavailable", e);
            }
        }

        private static MessageDigest copy(MessageDigest prototype) {
            try {
                return (MessageDigest) prototype.clone();
            } catch (CloneNotSupportedException e) {
                // The platform's SHA-256 is cloneable; this path only exists for exotic providers.
                throw new IllegalStateException("SHA-256 provider does not support clone()", e);
            }
        }
    }

    @Override
    public String toString() {
        return "SigningKeys[" + prototypes.size() + (ephemeral ? " ephemeral" : "") + "]";
    }
}
