package net.erpex.privacy.protect;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import net.erpex.privacy.security.Redaction;

/**
 * The form-protection settings, validated by the settings builder. {@link #enabled()} is false while no path is
 * protected: the filter then does no form work at all.
 *
 * @param paths          the protected paths: {@code /exact} or {@code /prefix/*}
 * @param honeypotField  the field people never see and never fill
 * @param rate           protected POSTs per client address
 * @param rateIpv6Prefix IPv6 clients share a rate bucket per network of this prefix length
 * @param difficulty     leading zero bits the challenge's hash must have
 * @param challengeTtl   how long an issued challenge stays valid
 * @param recaptcha      the reCAPTCHA settings; {@link Recaptcha#configured()} is false without keys
 */
public record ProtectSettings(List<String> paths, String honeypotField, Rate rate, int rateIpv6Prefix,
                              int difficulty, Duration challengeTtl, Recaptcha recaptcha) {

    /** What a reCAPTCHA verification that could not be done (timeout, 5xx, garbage) leads to. */
    public enum OnError {
        /** Accept the submission only if it also carries a solved challenge. */
        CHALLENGE,
        /** Reject it. */
        REJECT,
        /** Let it through: availability over protection. */
        ALLOW
    }

    /**
     * The reCAPTCHA side.
     *
     * @param siteKey    the public key the page uses; empty when not configured
     * @param secret     the secret key; never printed by {@link #toString()}
     * @param v3         scored v3 key (action and score checked) rather than a v2 widget
     * @param verifyUrl  the siteverify endpoint
     * @param scriptHost {@code www.google.com} or {@code www.recaptcha.net}
     * @param action     the v3 action
     * @param minScore   lowest accepted v3 score
     * @param maxAge     oldest accepted {@code challenge_ts}
     * @param timeout    connect and response timeout of a siteverify call
     * @param onError    what a failed verification call leads to
     * @param hostnames  the configured hosts (lower case) a token must have been solved on
     */
    public record Recaptcha(String siteKey, String secret, boolean v3, URI verifyUrl, String scriptHost,
                            String action, double minScore, Duration maxAge, Duration timeout, OnError onError,
                            Set<String> hostnames) {

        public Recaptcha {
            Objects.requireNonNull(siteKey, "siteKey");
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(verifyUrl, "verifyUrl");
            hostnames = Set.copyOf(hostnames);
        }

        /** Whether both keys are set: only then is Google ever involved. */
        public boolean configured() {
            return !siteKey.isEmpty() && !secret.isEmpty();
        }

        /** The page script's URL for this key. */
        public String scriptUrl() {
            return "https://" + scriptHost + "/recaptcha/api.js" + (v3 ? "?render=" + siteKey : "");
        }

        @Override
        public String toString() {
            return "Recaptcha[siteKey=" + siteKey + ", secret=" + (secret.isEmpty() ? "(none)" : "***") + ", "
                    + (v3 ? "v3" : "v2") + ", verifyUrl=" + Redaction.url(verifyUrl.toString()) + ", onError=" + onError
                    + ", hostnames=" + hostnames + "]";
        }
    }

    /** Form protection off. */
    public static final ProtectSettings OFF = new ProtectSettings(List.of(), "website", new Rate(10,
            Duration.ofMinutes(1)), 64, 18, Duration.ofMinutes(10), new Recaptcha("", "", true,
            URI.create("https://www.google.com/recaptcha/api/siteverify"), "www.google.com", "submit", 0.5,
            Duration.ofMinutes(2), Duration.ofSeconds(3), OnError.CHALLENGE, Set.of()));

    public ProtectSettings {
        paths = List.copyOf(paths);
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(recaptcha, "recaptcha");
    }

    /** Whether any path is protected. */
    public boolean enabled() {
        return !paths.isEmpty();
    }
}
