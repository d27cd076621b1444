package net.erpex.privacy.consent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

/**
 * A script or stylesheet of the filter's own, served under {@code endpoints.prefix}: read once from the classpath,
 * with a version derived from its content.
 *
 * <p>Pages link it as {@code prefix + subPath() + "?v=" + version()}. A new release changes the version and so the
 * URL, which lets the endpoint answer a request whose {@code v} equals {@link #version()} with
 * {@code Cache-Control: public, max-age=31536000, immutable}, and any other request with a short max-age and the
 * {@link #etag()}.
 */
public final class ClasspathAsset {

    private final String resource;
    private final String subPath;
    private final String contentType;
    private final byte[] bytes;
    private final String version;

    /**
     * @param resource    the classpath resource, e.g. {@code net/erpex/privacy/consent/banner.js}
     * @param contentType the {@code Content-Type} to serve it with
     * @throws IllegalStateException when the resource is missing: the filter jar is broken
     */
    public ClasspathAsset(String resource, String contentType) {
        this.resource = Objects.requireNonNull(resource, "resource");
        this.subPath = resource.substring(resource.lastIndexOf('/'));
        this.contentType = Objects.requireNonNull(contentType, "contentType");
        this.bytes = read(resource);
        this.version = version(bytes);
    }

    /** The classpath resource. */
    public String resource() {
        return resource;
    }

    /** The path under {@code endpoints.prefix} it is served at: its file name, e.g. {@code /banner.js}. */
    public String subPath() {
        return subPath;
    }

    /** The {@code Content-Type} to serve it with. */
    public String contentType() {
        return contentType;
    }

    /** Its size in bytes, for {@code Content-Length}. */
    public int length() {
        return bytes.length;
    }

    /** 12 base64url characters of the SHA-256 of the content: changes whenever the content does. */
    public String version() {
        return version;
    }

    /** A strong entity tag, quoted as the {@code ETag} header wants it. */
    public String etag() {
        return "\"" + version + "\"";
    }

    /** Writes the content; the caller owns and closes the stream. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes);
    }

    /** A copy of the content. */
    public byte[] bytes() {
        return bytes.clone();
    }

    private static byte[] read(String resource) {
        try (InputStream in = ClasspathAsset.class.getClassLoader().getResourceAsStream(resource)) {
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
