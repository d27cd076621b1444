package net.erpex.privacy.consent;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import net.erpex.privacy.security.SigningKeys;

/**
 * Encodes and verifies the consent cookie's value: {@code base64url(payload) "." base64url(tag)}, where the payload is
 * {@code 1 LF policyVersion LF decidedAtEpochSeconds LF consentId LF category,category}. The tag is an HMAC over a
 * context label and the payload, so a tag made for another of the filter's cookies never verifies here. Anything
 * that does not verify is treated as no decision at all. Servlet-free and thread-safe.
 */
public final class ConsentCookie {

    /** Longer values are not even decoded: a real one is well under 1 KB. */
    static final int MAX_VALUE_CHARS = 2048;
    private static final String FORMAT = "1";
    private static final byte[] CONTEXT = "erpex-consent\n".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{16,43}");

    private final SigningKeys keys;

    public ConsentCookie(SigningKeys keys) {
        this.keys = keys;
    }

    /** The signed cookie value for a decision. */
    public String encode(StoredConsent consent) {
        String payload = FORMAT + "\n" + consent.policyVersion() + "\n" + consent.decidedAt().getEpochSecond() + "\n"
                + consent.consentId() + "\n" + String.join(",", new TreeSet<>(consent.granted()));
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(bytes) + "." + b64.encodeToString(keys.sign(withContext(bytes)));
    }

    /** The decision a cookie value carries, or empty when it is not a value we signed. */
    public Optional<StoredConsent> decode(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_VALUE_CHARS) {
            return Optional.empty();
        }
        int dot = value.indexOf('.');
        if (dot <= 0 || dot != value.lastIndexOf('.')) {
            return Optional.empty();
        }
        byte[] payload;
        byte[] tag;
        try {
            payload = Base64.getUrlDecoder().decode(value.substring(0, dot));
            tag = Base64.getUrlDecoder().decode(value.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!keys.verify(withContext(payload), tag)) {
            return Optional.empty();
        }
        String[] fields = new String(payload, StandardCharsets.UTF_8).split("\n", -1);
        if (fields.length != 5 || !FORMAT.equals(fields[0]) || !ID.matcher(fields[3]).matches()) {
            return Optional.empty();
        }
        try {
            Instant decidedAt = Instant.ofEpochSecond(Long.parseLong(fields[2]));
            Set<String> granted = fields[4].isEmpty() ? Set.of() : Set.of(fields[4].split(","));
            return Optional.of(new StoredConsent(fields[1], decidedAt, fields[3], granted));
        } catch (DateTimeException | IllegalArgumentException e) {
            // NumberFormatException, or duplicate names in Set.of: nothing we ever signed.
            return Optional.empty();
        }
    }

    private static byte[] withContext(byte[] payload) {
        byte[] out = new byte[CONTEXT.length + payload.length];
        System.arraycopy(CONTEXT, 0, out, 0, CONTEXT.length);
        System.arraycopy(payload, 0, out, CONTEXT.length, payload.length);
        return out;
    }
}
