package net.erpex.privacy;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Content-Security-Policy nonces: 128 bits from a CSPRNG, base64. One instance per request thread, so that request
 * threads never contend on a shared generator (the platform's default, NativePRNG, serialises every caller on one
 * lock); the bytes are encoded straight into the nonce's characters.
 */
final class Nonces {

    private static final byte[] BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .getBytes(StandardCharsets.US_ASCII);
    private static final int BYTES = 16;
    /** 16 bytes: five groups of three, then one byte and its padding. */
    private static final int CHARS = 24;

    private final SecureRandom random = generator();
    private final byte[] bytes = new byte[BYTES];
    private final byte[] chars = new byte[CHARS];

    /** A new nonce. */
    String next() {
        random.nextBytes(bytes);
        int o = 0;
        for (int i = 0; i < 15; i += 3) {
            int group = (bytes[i] & 0xFF) << 16 | (bytes[i + 1] & 0xFF) << 8 | bytes[i + 2] & 0xFF;
            chars[o++] = BASE64[group >>> 18];
            chars[o++] = BASE64[group >>> 12 & 0x3F];
            chars[o++] = BASE64[group >>> 6 & 0x3F];
            chars[o++] = BASE64[group & 0x3F];
        }
        int last = bytes[15] & 0xFF;
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
