package net.erpex.privacy;

import java.nio.charset.StandardCharsets;
import net.erpex.privacy.security.ThreadRandom;

/**
 * Content-Security-Policy nonces: 128 bits from the request thread's own CSPRNG ({@link ThreadRandom}, so that request
 * threads never contend on a shared generator), encoded straight into base64 characters without intermediate arrays.
 */
final class Nonces {

    private static final byte[] BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .getBytes(StandardCharsets.US_ASCII);
    private static final int BYTES = 16;
    /** Nonces per refill of {@link ThreadRandom}'s 1 KiB buffer: tests draw several times this to cross refills. */
    static final int BATCH = 64;
    /** 16 bytes: five groups of three, then one byte and its padding. */
    private static final int CHARS = 24;

    private final byte[] bytes = new byte[BYTES];
    private final byte[] chars = new byte[CHARS];

    /** A new nonce. */
    String next() {
        ThreadRandom.nextBytes(bytes);
        int o = 0;
        for (int i = 0; i < 15; i += 3) {
            int group = (bytes[i] & 0xFF) << 16 | (bytes[i + 1] & 0xFF) << 8 | bytes[i + 2] & 0xFF;
            chars[o++] = BASE64[group >>> 18];
            chars[o++] = BASE64[group >>> 12 & 0x3F];
            chars[o++] = BASE64[group >>> 6 & 0x3F];
            chars[o++] = BASE64[group & 0x3F];
        }
        int last = bytes[15] & 0xFF;
        java.util.Arrays.fill(bytes, (byte) 0); // a nonce once used is not kept
        chars[o++] = BASE64[last >>> 2];
        chars[o++] = BASE64[(last & 0x3) << 4];
        chars[o++] = '=';
        chars[o] = '=';
        return new String(chars, StandardCharsets.ISO_8859_1);
    }
}
