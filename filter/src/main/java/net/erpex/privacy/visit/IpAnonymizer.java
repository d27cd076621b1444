package net.erpex.privacy.visit;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.erpex.privacy.client.IpLiterals;

/**
 * Turns a client address into the text stored in a record, according to an {@link IpStorage} mode. Thread-safe.
 *
 * <ul>
 *   <li>{@code FULL}: the canonical text (dotted IPv4, RFC 5952 IPv6, no scope id).</li>
 *   <li>{@code TRUNCATED}: the network only, IPv4 /24 ({@code 192.0.2.0}) and IPv6 /48 ({@code 2001:db8:1::}).</li>
 *   <li>{@code HASHED}: HMAC-SHA256 of the address bytes under a secret key, the first 16 bytes in base64url
 *       without padding. The same address always gives the same value under the same key, so visits of one
 *       visitor can still be counted; rotating the key starts new values, and without the key the value cannot
 *       be tied back to an address by trying all 2^32 IPv4 addresses.</li>
 * </ul>
 * IPv4-mapped IPv6 addresses ({@code ::ffff:192.0.2.1}) are treated as the IPv4 address they carry.
 */
public final class IpAnonymizer {

    private static final String HMAC = "HmacSHA256";
    private static final int MIN_KEY_BYTES = 16;
    private static final int HASH_BYTES = 16;
    /** Prefixed to fallback text before hashing, so a text can never hash like a 4- or 16-byte address. */
    private static final byte TEXT_MARKER = (byte) 0xFF;

    private final IpStorage mode;
    private final SecretKeySpec key;
    /** Initialised once and only cloned, never used directly: {@link Mac} instances are not thread-safe. */
    private final Mac prototype;

    /**
     * @param mode    how addresses are stored
     * @param hashKey secret key, required for {@link IpStorage#HASHED} (at least 16 bytes) and ignored otherwise;
     *                copied
     * @throws IllegalArgumentException if the mode is missing or HASHED has no usable key
     */
    public IpAnonymizer(IpStorage mode, byte[] hashKey) {
        if (mode == null) {
            throw new IllegalArgumentException("IP storage mode is required: one of FULL, TRUNCATED, HASHED");
        }
        this.mode = mode;
        if (mode != IpStorage.HASHED) {
            this.key = null;
            this.prototype = null;
            return;
        }
        if (hashKey == null || hashKey.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("IP storage HASHED needs a hash key of at least " + MIN_KEY_BYTES
                    + " bytes, got " + (hashKey == null ? "none" : hashKey.length + " bytes"));
        }
        this.key = new SecretKeySpec(hashKey, HMAC);
        this.prototype = newMac(key);
    }

    /** The configured mode. */
    public IpStorage mode() {
        return mode;
    }

    /**
     * The text to store for {@code address}.
     *
     * @param address      the client address, {@code null} when it is unknown
     * @param fallbackText what the address resolver reported when there is no address (such as {@code unknown} or an
     *                     obfuscated {@code Forwarded} identifier): stored as given under FULL, hashed like an address
     *                     under HASHED, and replaced by {@code ""} under TRUNCATED, which cannot shorten it safely
     * @return the stored text, never {@code null}
     */
    public String apply(InetAddress address, String fallbackText) {
        String fallback = fallbackText == null ? "" : fallbackText;
        if (address == null) {
            return switch (mode) {
                case FULL -> fallback;
                case TRUNCATED -> "";
                case HASHED -> fallback.isEmpty() ? "" : hash(textBytes(fallback));
            };
        }
        // One identity per address: a mapped or compatible IPv6 form is stored as the IPv4 address it carries.
        byte[] bytes = IpLiterals.canonical(address).getAddress();
        return switch (mode) {
            case FULL -> format(bytes);
            case TRUNCATED -> format(truncated(bytes));
            case HASHED -> hash(bytes);
        };
    }

    private static byte[] truncated(byte[] bytes) {
        byte[] network = bytes.clone();
        Arrays.fill(network, bytes.length == 4 ? 3 : 6, network.length, (byte) 0);
        return network;
    }

    /** Dotted quad for 4 bytes; RFC 5952 for 16 (lower case, longest run of two or more zero groups as "::"). */
    static String format(byte[] bytes) {
        if (bytes.length == 4) {
            return (bytes[0] & 0xFF) + "." + (bytes[1] & 0xFF) + "." + (bytes[2] & 0xFF) + "." + (bytes[3] & 0xFF);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xFF) << 8 | (bytes[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    private String hash(byte[] input) {
        byte[] digest = mac().doFinal(input);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, HASH_BYTES));
    }

    private Mac mac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            // Some providers refuse to clone; a fresh instance is slower but equally correct.
            return newMac(key);
        }
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(HMAC + " is not available in this JVM", e);
        }
    }

    private static byte[] textBytes(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[utf8.length + 1];
        input[0] = TEXT_MARKER;
        System.arraycopy(utf8, 0, input, 1, utf8.length);
        return input;
    }

    @Override
    public String toString() {
        return "IpAnonymizer[" + mode + "]";
    }
}
