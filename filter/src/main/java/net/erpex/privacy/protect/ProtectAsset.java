package net.erpex.privacy.protect;

import net.erpex.privacy.consent.ClasspathAsset;

/**
 * The form-protection scripts, served under {@code endpoints.prefix} like the banner's: read once, linked with
 * {@code ?v=<content hash>} so that a versioned request may be cached for a year.
 */
public enum ProtectAsset {

    /** Finds protected forms, fetches a challenge, hands it to the worker, fills the fields. */
    SCRIPT("protect.js"),
    /** Solves the challenge off the main thread (pure-JS SHA-256). */
    WORKER("protect-worker.js");

    private final ClasspathAsset asset;

    ProtectAsset(String fileName) {
        this.asset = new ClasspathAsset("net/erpex/privacy/protect/" + fileName, "text/javascript; charset=utf-8");
    }

    /** The content and how to serve it. */
    public ClasspathAsset asset() {
        return asset;
    }

    /** The path under {@code endpoints.prefix}, e.g. {@code /protect.js}. */
    public String subPath() {
        return asset.subPath();
    }

    /** See {@link ClasspathAsset#version()}. */
    public String version() {
        return asset.version();
    }

    /** A copy of the content. */
    public byte[] bytes() {
        return asset.bytes();
    }
}
