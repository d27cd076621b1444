package net.erpex.privacy.security;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Random bytes for secrets made on request threads (session ids): from a CSPRNG of the calling thread's own, so that
 * request threads never wait for one another. The platform's default generator on Linux (NativePRNG) serialises
 * every caller on one lock and reads {@code /dev/urandom} under it; on a first visit, which starts a session, that was
 * the largest single cost of the filter under load. Each thread's generator is a DRBG (NIST SP 800-90A, seeded from
 * the platform's entropy source), asked for {@value #BUFFER} bytes at a time, which costs about what one call costs;
 * bytes handed out are wiped from the buffer, so none is ever given twice or kept.
 */
public final class ThreadRandom {

    static final int BUFFER = 1024;
    private static final ThreadLocal<ThreadRandom> CURRENT = ThreadLocal.withInitial(ThreadRandom::new);

    private final SecureRandom random = generator();
    private final byte[] buffer = new byte[BUFFER];
    private int used = BUFFER;

    private ThreadRandom() {
    }

    /** Fills {@code out} with random bytes from this thread's generator. */
    public static void nextBytes(byte[] out) {
        CURRENT.get().fill(out);
    }

    private void fill(byte[] out) {
        if (out.length > BUFFER) {
            random.nextBytes(out);
            return;
        }
        if (used + out.length > BUFFER) {
            random.nextBytes(buffer);
            used = 0;
        }
        System.arraycopy(buffer, used, out, 0, out.length);
        Arrays.fill(buffer, used, used + out.length, (byte) 0);
        used += out.length;
    }

    private static SecureRandom generator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
