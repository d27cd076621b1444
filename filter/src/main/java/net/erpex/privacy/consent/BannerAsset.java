package net.erpex.privacy.consent;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The banner's script and style, as the filter serves them under {@code endpoints.prefix} (see
 * {@link ClasspathAsset} for the versioned URLs and caching). Serve both with {@code X-Content-Type-Options: nosniff}.
 */
public enum BannerAsset {

    /** The progressive-enhancement script, {@code net/erpex/privacy/consent/banner.js}. */
    SCRIPT("banner.js", "text/javascript; charset=utf-8"),
    /** The stylesheet, {@code net/erpex/privacy/consent/banner.css}. */
    STYLE("banner.css", "text/css; charset=utf-8");

    private final ClasspathAsset asset;

    BannerAsset(String fileName, String contentType) {
        this.asset = new ClasspathAsset("net/erpex/privacy/consent/" + fileName, contentType);
    }

    /** The content and how to serve it. */
    public ClasspathAsset asset() {
        return asset;
    }

    /** The classpath resource, e.g. {@code net/erpex/privacy/consent/banner.js}. */
    public String resource() {
        return asset.resource();
    }

    /** The path under {@code endpoints.prefix} it is served at, e.g. {@code /banner.js}. */
    public String subPath() {
        return asset.subPath();
    }

    /** Its size in bytes. */
    public int length() {
        return asset.length();
    }

    /** See {@link ClasspathAsset#version()}. */
    public String version() {
        return asset.version();
    }

    /** Writes the content; the caller owns and closes the stream. */
    public void writeTo(OutputStream out) throws IOException {
        asset.writeTo(out);
    }

    /** A copy of the content. */
    public byte[] bytes() {
        return asset.bytes();
    }
}
