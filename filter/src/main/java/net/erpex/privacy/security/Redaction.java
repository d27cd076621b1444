package net.erpex.privacy.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that turns a configuration value, or text that may contain one, into something a message or a log
 * line can show. Secrets never reach a log: whoever reads the log of a site must not be able to forge its cookies,
 * read its database or spend its reCAPTCHA quota.
 *
 * <ul>
 *   <li>A param declared {@code SECRET} ({@code PrivacyParam.Sensitivity}) is never shown, only whether it is set.</li>
 *   <li>A param declared {@code URL} is shown through {@link #url(String)}: the password of
 *       its user info and the value of every parameter whose name contains {@code password}, {@code secret},
 *       {@code token} or {@code key} (case-insensitively: {@code sslpassword}, {@code sslkey}, {@code apiKey}) are
 *       masked.</li>
 *   <li>Text that the filter did not write, a driver's exception message above all, is {@linkplain #scrub scrubbed}
 *       of the secret values it is known to hold, and exceptions are {@linkplain #copy copied} with scrubbed messages
 *       before they are logged or passed on as a cause.</li>
 * </ul>
 */
public final class Redaction {

    /** What a masked value is shown as. */
    public static final String MASK = "***";

    /** Secrets shorter than this are not scrubbed from free text: they would mask ordinary words. */
    static final int MIN_SCRUBBED = 4;

    // A parameter: after ?, & or ; (query and PostgreSQL's URL properties), up to the next ?, &, ; or #. A value is
    // cut at a second ? too, so that a parameter hidden behind one is still found and masked.
    private static final Pattern PARAM = Pattern.compile("([?&;])([^=&;#?]*)=([^&;#?]*)");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|secret|token|key).*");
    // scheme://user:password@host: the password part of the user info.
    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.:-]*://)([^/@?#]*)@");
    private static final int MAX_CHAIN = 16;

    private Redaction() {
    }

    /**
     * A URL as a message may show it: the user info's password and every secret-named parameter masked.
     *
     * @param url any text, usually a URL; {@code null} is shown as {@code ""}
     * @return the masked text
     */
    public static String url(String url) {
        if (url == null) {
            return "";
        }
        Matcher params = PARAM.matcher(url);
        StringBuilder out = new StringBuilder(url.length());
        while (params.find()) {
            String replacement = SECRET_NAME.matcher(params.group(2)).matches()
                    ? params.group(1) + params.group(2) + "=" + MASK : params.group();
            params.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        params.appendTail(out);
        Matcher userInfo = USER_INFO.matcher(out);
        if (userInfo.find()) {
            String info = userInfo.group(2);
            int colon = info.indexOf(':');
            String shown = colon < 0 ? info : info.substring(0, colon) + ":" + MASK;
            return userInfo.group(1) + shown + "@" + out.substring(userInfo.end());
        }
        return out.toString();
    }

    /**
     * The secret values a URL carries: its user info's password and the values of its secret-named parameters, as
     * written and percent-decoded, so that text which repeats them can be {@linkplain #scrub scrubbed}.
     */
    public static List<String> urlSecrets(String url) {
        List<String> secrets = new ArrayList<>();
        if (url == null) {
            return secrets;
        }
        Matcher params = PARAM.matcher(url);
        while (params.find()) {
            if (SECRET_NAME.matcher(params.group(2)).matches()) {
                addWithDecoded(secrets, params.group(3));
            }
        }
        Matcher userInfo = USER_INFO.matcher(url);
        if (userInfo.find() && userInfo.group(2).indexOf(':') >= 0) {
            addWithDecoded(secrets, userInfo.group(2).substring(userInfo.group(2).indexOf(':') + 1));
        }
        return secrets;
    }

    /**
     * Text with every known secret value replaced by {@link #MASK}. Longer secrets are replaced first, so that a
     * secret containing another is masked whole.
     *
     * @param text    any text, may be {@code null}
     * @param secrets the values to remove; those shorter than {@value #MIN_SCRUBBED} characters are ignored
     */
    public static String scrub(String text, Collection<String> secrets) {
        if (text == null || text.isEmpty() || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        List<String> longestFirst = new ArrayList<>(secrets);
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        for (String secret : longestFirst) {
            if (secret != null && secret.length() >= MIN_SCRUBBED) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    /**
     * A copy of an exception chain that is safe to log or to keep as a cause: each link is a
     * {@link RedactedException} whose message is the original's class name and {@linkplain #scrub scrubbed} message,
     * with the original stack trace. The originals, whose messages and {@code toString()}s may hold a secret, are
     * not referenced.
     *
     * @return the copy, or {@code null} for {@code null}
     */
    public static RuntimeException copy(Throwable t, Collection<String> secrets) {
        return copy(t, secrets, new IdentityHashMap<>(), 0);
    }

    private static RedactedException copy(Throwable t, Collection<String> secrets,
            Map<Throwable, RedactedException> seen, int depth) {
        if (t == null || depth == MAX_CHAIN) {
            return null;
        }
        RedactedException known = seen.get(t);
        if (known != null) {
            return known;
        }
        RedactedException copy = new RedactedException(t.getClass().getName(), scrub(t.getMessage(), secrets));
        seen.put(t, copy);
        copy.setStackTrace(t.getStackTrace());
        RedactedException cause = copy(t.getCause(), secrets, seen, depth + 1);
        if (cause != null && cause != copy) {
            copy.initCause(cause);
        }
        return copy;
    }

    private static void addWithDecoded(List<String> secrets, String raw) {
        if (raw.isEmpty()) {
            return;
        }
        secrets.add(raw);
        try {
            String decoded = java.net.URLDecoder.decode(raw, java.nio.charset.StandardCharsets.UTF_8);
            if (!decoded.equals(raw)) {
                secrets.add(decoded);
            }
        } catch (IllegalArgumentException e) {
            // not percent-encoded after all: the raw value is what could be echoed
        }
    }

    /** An exception whose message was scrubbed of secrets; it names the class of the original. */
    public static final class RedactedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final String originalClass;

        RedactedException(String originalClass, String message) {
            super(message);
            this.originalClass = Objects.requireNonNull(originalClass, "originalClass");
        }

        /** The class of the exception this copies. */
        public String originalClass() {
            return originalClass;
        }

        /** Reads like the original's: {@code org.postgresql.util.PSQLException: message}. */
        @Override
        public String toString() {
            String message = getMessage();
            return message == null ? originalClass : originalClass + ": " + message;
        }
    }
}
