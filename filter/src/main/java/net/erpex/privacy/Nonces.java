package net.erpex.privacy;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Content-Security-Policy nonces: 128 bits from a CSPRNG, base64. One instance per request thread, so that request
 * threads never contend on a shared generator (the platform's default, NativePRNG, serialises every caller on one
 * lock). The generator is asked for the bytes of {@value #BATCH} nonces at a time, which costs about what one call
 * costs (a DRBG's work per call is mostly fixed), and the bytes are encoded straight into the nonce's characters.
 */
final class Nonces {

    private static final byte[] BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .getBytes(StandardCharsets.US_ASCII);
    private static final int BYTES = 16;
    static final int BATCH = 64;
    /** 16 bytes: five groups of three, then one byte and its padding. */
    private static final int CHARS = 24;

    private final SecureRandom random = generator();
    private final byte[] bytes = new byte[BYTES * BATCH];
    private int used = bytes.length;
    private final byte[] chars = new byte[CHARS];

    /** A new nonce. */
    String next() {
        if (used == bytes.length) {
            random.nextBytes(bytes);
            used = 0;
        }
        int b = used;
        used += BYTES;
        int o = 0;
        for (int i = b; i < b + 15; i += 3) {
            int group = (bytes[i] & 0xFF) << 16 | (bytes[i + 1] & 0xFF) << 8 | bytes[i + 2] & 0xFF;
            chars[o++] = BASE64[group >>> 18];
            chars[o++] = BASE64[group >>> 12 & 0x3F];
            chars[o++] = BASE64[group >>> 6 & 0x3F];
            chars[o++] = BASE64[group & 0x3F];
        }
        int last = bytes[b + 15] & 0xFF;
        java.util.Arrays.fill(bytes, b, b + BYTES, (byte) 0); // a nonce once used is not kept
        chars[o++] = BASE64[last >>> 2];
        chars[o++] = BASE64[(last & 0x3) << 4];
        chars[o++] = '=';
        chars[o] = '=';
        return new String(chars, StandardCharsets.ISO_8859_1);
    }

    /**
     * A DRBG (NIST SP 800-90A, seeded from the platform's entropy source) of this thread's own; the platform default
     * where there is none.
     */
    private static SecureRandom generator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
