package net.erpex.privacy.protect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The form-protection scripts, served under {@code endpoints.prefix} like the banner's: read once, linked with
 * {@code ?v=<content hash>} so that a versioned request may be cached for a year.
 */
public enum ProtectAsset {

    /** Finds protected forms, fetches a challenge, hands it to the worker, fills the fields. */
    SCRIPT("protect.js"),
    /** Solves the challenge off the main thread (pure-JS SHA-256). */
    WORKER("protect-worker.js");

    private final String fileName;
    private final byte[] bytes;
    private final String version;

    ProtectAsset(String fileName) {
        this.fileName = fileName;
        this.bytes = read("net/erpex/privacy/protect/" + fileName);
        this.version = version(bytes);
    }

    /** The path under {@code endpoints.prefix}, e.g. {@code /protect.js}. */
    public String subPath() {
        return "/" + fileName;
    }

    /** 12 base64url characters of the content's SHA-256. */
    public String version() {
        return version;
    }

    /** A strong entity tag. */
    public String etag() {
        return "\"" + version + "\"";
    }

    /** A copy of the content. */
    public byte[] bytes() {
        return bytes.clone();
    }

    private static byte[] read(String resource) {
        try (InputStream in = ProtectAsset.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath: the filter jar is broken");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static String version(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
