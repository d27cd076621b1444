package net.erpex.privacy.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 keys that sign the filter's cookies. The first key signs; every key verifies, so a cluster can
 * roll a new key out (add it second everywhere, then first, then drop the old one) without logging anybody out.
 *
 * <p>Verification compares in constant time: a timing difference would let an attacker forge a tag byte by byte.
 * Each key is initialised once; {@link Mac} is not thread-safe, so every operation works on a clone.
 */
public final class SigningKeys {

    /** Shortest accepted key: the HMAC-SHA256 block of security is 256 bits. */
    public static final int MIN_KEY_BYTES = 32;

    /** Length of the tags this class produces: 128 bits of HMAC-SHA256, as NIST SP 800-107 allows. */
    public static final int TAG_BYTES = 16;

    private static final String ALGORITHM = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<Mac> prototypes;
    private final boolean ephemeral;

    private SigningKeys(List<byte[]> keys, boolean ephemeral) {
        List<Mac> macs = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            macs.add(newMac(key));
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
        return Arrays.copyOf(mac(prototypes.get(0)).doFinal(data), TAG_BYTES);
    }

    /** Whether {@code tag} is the tag of {@code data} under any of the keys, compared in constant time. */
    public boolean verify(byte[] data, byte[] tag) {
        if (tag == null || tag.length != TAG_BYTES) {
            return false;
        }
        boolean ok = false;
        for (Mac prototype : prototypes) {
            byte[] expected = Arrays.copyOf(mac(prototype).doFinal(data), TAG_BYTES);
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
        return mac(prototypes.get(0)).doFinal(("erpex-derive:" + purpose).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] decode(String text) {
        if (text.indexOf('-') >= 0 || text.indexOf('_') >= 0) {
            return Base64.getUrlDecoder().decode(text);
        }
        return Base64.getDecoder().decode(text);
    }

    private static Mac newMac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by the Java platform but unavailable", e);
        }
    }

    private static Mac mac(Mac prototype) {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            // Every JDK provider of HmacSHA256 is cloneable; this path only exists for exotic providers.
            throw new IllegalStateException("HmacSHA256 provider does not support clone()", e);
        }
    }

    @Override
    public String toString() {
        return "SigningKeys[" + prototypes.size() + (ephemeral ? " ephemeral" : "") + "]";
    }
}
