package net.erpex.privacy.protect;

import java.util.Locale;

/**
 * Why a protected POST was rejected: the {@link #label()} goes into the visit record's {@code blocked} field and the
 * JSON answer; the {@link #messageKey()} picks the visitor's message, which is deliberately coarser (a bot learns
 * nothing from "failed" that it could use).
 */
public enum Reason {
    /** More protected POSTs from the client than {@code protect.rate} allows. */
    RATE_LIMIT("rate"),
    /** The honeypot field was filled. */
    HONEYPOT("failed"),
    /** Neither a reCAPTCHA token nor a challenge solution: usually JavaScript is off. */
    NO_PROOF("javascript"),
    /** The challenge is not one of ours (malformed or bad signature). */
    CHALLENGE_INVALID("failed"),
    /** The challenge expired before it came back. */
    CHALLENGE_EXPIRED("expired"),
    /** The challenge was issued for another form. */
    CHALLENGE_PATH("failed"),
    /** The solution does not solve the challenge. */
    CHALLENGE_SOLUTION("failed"),
    /** The challenge was already used. */
    CHALLENGE_REPLAY("expired"),
    /** siteverify said no. */
    RECAPTCHA_FAILED("failed"),
    /** The v3 score is below {@code protect.recaptcha.min-score}. */
    RECAPTCHA_SCORE("failed"),
    /** The token was issued for another site. */
    RECAPTCHA_HOSTNAME("failed"),
    /** The v3 action is not {@code protect.recaptcha.action}. */
    RECAPTCHA_ACTION("failed"),
    /** The token is older than {@code protect.recaptcha.max-age}. */
    RECAPTCHA_STALE("expired"),
    /** The token was already used. */
    RECAPTCHA_REPLAY("expired"),
    /** siteverify could not be asked and {@code protect.recaptcha.on-error=reject}. */
    RECAPTCHA_UNAVAILABLE("unavailable"),
    /** siteverify could not be asked, and the submission carries no solved challenge to fall back on. */
    CHALLENGE_REQUIRED("challenge");

    private final String messageKey;

    Reason(String messageKey) {
        this.messageKey = messageKey;
    }

    /** The lower-case dashed name, e.g. {@code rate-limit}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The key of the visitor's message in {@code protect*.properties}, without the {@code protect.} prefix. */
    public String messageKey() {
        return messageKey;
    }
}
