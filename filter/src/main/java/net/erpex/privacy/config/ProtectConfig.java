package net.erpex.privacy.config;

import static net.erpex.privacy.config.Checks.fail;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import net.erpex.privacy.protect.ProtectSettings;
import net.erpex.privacy.protect.Rate;
import net.erpex.privacy.security.Redaction;

/**
 * The form-protection part of {@link PrivacySettings.Builder}: checks each value as it is set and the pair of
 * reCAPTCHA keys when built. Every message names the init-param.
 */
final class ProtectConfig {

    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()+,;=:@%/-]*(/\\*)?|/\\*");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9/_]{1,64}");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final ProtectSettings.Recaptcha DEFAULTS = ProtectSettings.OFF.recaptcha();

    private List<String> paths = List.of();
    private String honeypotField = ProtectSettings.OFF.honeypotField();
    private Rate rate = ProtectSettings.OFF.rate();
    private int rateIpv6Prefix = ProtectSettings.OFF.rateIpv6Prefix();
    private Set<String> hostnames = Set.of();
    private int difficulty = ProtectSettings.OFF.difficulty();
    private Duration challengeTtl = ProtectSettings.OFF.challengeTtl();
    private String siteKey = "";
    private String secret = "";
    private boolean v3 = true;
    private URI verifyUrl = DEFAULTS.verifyUrl();
    private String scriptHost = DEFAULTS.scriptHost();
    private String action = DEFAULTS.action();
    private double minScore = DEFAULTS.minScore();
    private Duration maxAge = DEFAULTS.maxAge();
    private Duration timeout = DEFAULTS.timeout();
    private ProtectSettings.OnError onError = DEFAULTS.onError();

    void paths(Set<String> value) {
        List<String> out = new ArrayList<>();
        for (String p : value) {
            String v = p.trim();
            if (!PATH.matcher(v).matches() || v.indexOf('*') != v.lastIndexOf('*') || v.length() > 512) {
                throw fail(PrivacyParam.PROTECT_PATHS, "'" + v + "' is not a path");
            }
            out.add(v);
        }
        paths = List.copyOf(out);
    }

    void honeypotField(String value) {
        String v = Objects.requireNonNull(value, PrivacyParam.PROTECT_HONEYPOT_FIELD.paramName()).trim();
        if (!FIELD.matcher(v).matches()) {
            throw fail(PrivacyParam.PROTECT_HONEYPOT_FIELD, "'" + v + "' is not accepted");
        }
        honeypotField = v;
    }

    void rate(Rate value) {
        rate = Objects.requireNonNull(value, PrivacyParam.PROTECT_RATE.paramName());
    }

    void rateIpv6Prefix(int value) {
        if (value < 32 || value > 128) {
            throw fail(PrivacyParam.PROTECT_RATE_IPV6_PREFIX, value + " is out of range");
        }
        rateIpv6Prefix = value;
    }

    void hostnames(Set<String> value) {
        Set<String> hosts = new LinkedHashSet<>();
        for (String host : value) {
            String h = host.trim().toLowerCase(Locale.ROOT);
            if (!PrivacySettings.HOST.matcher(h).matches()) {
                throw fail(PrivacyParam.PROTECT_RECAPTCHA_HOSTNAMES, "'" + host + "' is not a host name");
            }
            hosts.add(h);
        }
        hostnames = Set.copyOf(hosts);
    }

    void difficulty(int value) {
        if (value < 8 || value > 28) {
            throw fail(PrivacyParam.PROTECT_CHALLENGE_DIFFICULTY, value + " is out of range");
        }
        difficulty = value;
    }

    void challengeTtl(Duration value) {
        challengeTtl = between(PrivacyParam.PROTECT_CHALLENGE_TTL, value, Duration.ofSeconds(30), Duration.ofDays(1));
    }

    void siteKey(String value) {
        siteKey = key(PrivacyParam.PROTECT_RECAPTCHA_SITE_KEY, value);
    }

    void secret(String value) {
        secret = key(PrivacyParam.PROTECT_RECAPTCHA_SECRET, value);
    }

    void version(String value) {
        String v = Objects.requireNonNull(value, PrivacyParam.PROTECT_RECAPTCHA_VERSION.paramName()).trim()
                .toLowerCase(Locale.ROOT);
        if (!v.equals("v2") && !v.equals("v3")) {
            throw fail(PrivacyParam.PROTECT_RECAPTCHA_VERSION, "'" + v + "' is not accepted");
        }
        v3 = v.equals("v3");
    }

    void verifyUrl(String value) {
        String v = Objects.requireNonNull(value, PrivacyParam.PROTECT_RECAPTCHA_VERIFY_URL.paramName()).trim();
        try {
            URI uri = new URI(v);
            if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw fail(PrivacyParam.PROTECT_RECAPTCHA_VERIFY_URL, "'" + Redaction.url(v)
                        + "' is not an absolute http(s) URL");
            }
            verifyUrl = uri;
        } catch (URISyntaxException e) {
            throw fail(PrivacyParam.PROTECT_RECAPTCHA_VERIFY_URL, "'" + Redaction.url(v) + "' is not a URL");
        }
    }

    void scriptHost(String value) {
        String v = Objects.requireNonNull(value, PrivacyParam.PROTECT_RECAPTCHA_SCRIPT_HOST.paramName()).trim();
        if (!v.equals("www.google.com") && !v.equals("www.recaptcha.net")) {
            throw fail(PrivacyParam.PROTECT_RECAPTCHA_SCRIPT_HOST, "'" + v + "' is not accepted");
        }
        scriptHost = v;
    }

    void action(String value) {
        String v = Objects.requireNonNull(value, PrivacyParam.PROTECT_RECAPTCHA_ACTION.paramName()).trim();
        if (!ACTION.matcher(v).matches()) {
            throw fail(PrivacyParam.PROTECT_RECAPTCHA_ACTION, "'" + v + "' is not accepted");
        }
        action = v;
    }

    void minScore(double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw fail(PrivacyParam.PROTECT_RECAPTCHA_MIN_SCORE, value + " is out of range");
        }
        minScore = value;
    }

    void maxAge(Duration value) {
        maxAge = between(PrivacyParam.PROTECT_RECAPTCHA_MAX_AGE, value, Duration.ofSeconds(10), Duration.ofMinutes(10));
    }

    void timeout(Duration value) {
        timeout = between(PrivacyParam.PROTECT_RECAPTCHA_TIMEOUT, value, Duration.ofMillis(100), Duration.ofSeconds(30));
    }

    void onError(ProtectSettings.OnError value) {
        onError = Objects.requireNonNull(value, PrivacyParam.PROTECT_RECAPTCHA_ON_ERROR.paramName());
    }

    /**
     * The settings; one reCAPTCHA key without the other is a contradiction, and so are keys without a host name to
     * check tokens against.
     *
     * @param siteHosts {@code referrer.site-hosts}: the reCAPTCHA host names when none are given of their own
     */
    ProtectSettings build(Set<String> siteHosts) {
        if (siteKey.isEmpty() != secret.isEmpty()) {
            PrivacyParam missing = siteKey.isEmpty() ? PrivacyParam.PROTECT_RECAPTCHA_SITE_KEY
                    : PrivacyParam.PROTECT_RECAPTCHA_SECRET;
            throw new ConfigurationException("Invalid init-params " + PrivacyParam.PROTECT_RECAPTCHA_SITE_KEY.paramName()
                    + " and " + PrivacyParam.PROTECT_RECAPTCHA_SECRET.paramName() + ": reCAPTCHA needs both keys; set "
                    + missing.paramName() + " (the secret best as " + PrivacyParam.PROTECT_RECAPTCHA_SECRET
                    .environmentVariable() + ") or remove the other");
        }
        Set<String> hosts = hostnames.isEmpty() ? siteHosts : hostnames;
        if (!siteKey.isEmpty() && hosts.isEmpty()) {
            throw new ConfigurationException("Invalid init-params " + PrivacyParam.PROTECT_RECAPTCHA_SITE_KEY.paramName()
                    + " and " + PrivacyParam.PROTECT_RECAPTCHA_HOSTNAMES.paramName() + ": with reCAPTCHA keys, name the"
                    + " host names your forms are served on in " + PrivacyParam.PROTECT_RECAPTCHA_HOSTNAMES.paramName()
                    + " (or " + PrivacyParam.REFERRER_SITE_HOSTS.paramName() + "): a token is accepted only if Google"
                    + " saw it solved on one of them, and the request's Host header is written by the client");
        }
        return new ProtectSettings(paths, honeypotField, rate, rateIpv6Prefix, difficulty, challengeTtl,
                new ProtectSettings.Recaptcha(siteKey, secret, v3, verifyUrl, scriptHost, action, minScore, maxAge,
                        timeout, onError, hosts));
    }

    private static String key(PrivacyParam param, String value) {
        String v = Objects.requireNonNull(value, param.paramName()).trim();
        if (!v.isEmpty() && !KEY.matcher(v).matches()) {
            // The secret's value never goes into a message.
            throw fail(param, (param == PrivacyParam.PROTECT_RECAPTCHA_SECRET ? "the value" : "'" + v + "'")
                    + " is not a key");
        }
        return v;
    }

    private static Duration between(PrivacyParam param, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, param.paramName());
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw fail(param, Durations.format(value) + " is out of range");
        }
        return value;
    }

}
