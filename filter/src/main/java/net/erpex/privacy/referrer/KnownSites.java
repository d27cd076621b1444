package net.erpex.privacy.referrer;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The search engines and social networks recognised by host name.
 *
 * <p>A listed domain matches itself and its subdomains ({@code m.facebook.com} is Facebook), always at
 * a label boundary, so {@code notgoogle.com} is not Google. Brands that run one site per country
 * ({@code google}, {@code yahoo}, {@code yandex}, {@code pinterest}) match that brand label followed by
 * a country-style ending only ({@code google.de}, {@code google.co.uk}, {@code google.com.au}), so
 * {@code google.com.evil.example} is not Google. Every Google host counts as search, including
 * {@code news.google.com}: there is no reliable host-level line between Google's search surfaces.
 */
final class KnownSites {

    private static final Set<String> SEARCH_DOMAINS = Set.of(
            "bing.com", "duckduckgo.com", "baidu.com", "ecosia.org", "qwant.com", "startpage.com",
            "search.brave.com", "naver.com", "seznam.cz", "ask.com", "ya.ru");

    private static final Set<String> SEARCH_BRANDS = Set.of("google", "yahoo", "yandex");

    private static final Set<String> SOCIAL_DOMAINS = Set.of(
            "facebook.com", "fb.com", "fb.me", "instagram.com", "t.co", "twitter.com", "x.com",
            "linkedin.com", "lnkd.in", "reddit.com", "youtube.com", "youtu.be", "tiktok.com", "threads.net",
            "bsky.app", "news.ycombinator.com", "mastodon.social", "whatsapp.com", "wa.me", "telegram.org",
            "t.me", "vk.com");

    private static final Set<String> SOCIAL_BRANDS = Set.of("pinterest");

    // What may follow a per-country brand label: a generic "com", a two-letter country code, or a
    // second-level "co."/"com." under one (google.co.uk, google.com.br).
    private static final Pattern COUNTRY_ENDING = Pattern.compile("com|cat|[a-z]{2}|(?:co|com)\\.[a-z]{2}");

    private KnownSites() {
    }

    /** SEARCH or SOCIAL for a lower-case host, empty for any other host. */
    static Optional<ReferrerKind> kindOf(String host) {
        if (matches(host, SEARCH_DOMAINS, SEARCH_BRANDS)) {
            return Optional.of(ReferrerKind.SEARCH);
        }
        if (matches(host, SOCIAL_DOMAINS, SOCIAL_BRANDS)) {
            return Optional.of(ReferrerKind.SOCIAL);
        }
        return Optional.empty();
    }

    private static boolean matches(String host, Set<String> domains, Set<String> brands) {
        String suffix = host;
        while (true) {
            if (domains.contains(suffix)) {
                return true;
            }
            int dot = suffix.indexOf('.');
            if (dot < 0) {
                return false;
            }
            if (brands.contains(suffix.substring(0, dot)) && COUNTRY_ENDING.matcher(suffix.substring(dot + 1)).matches()) {
                return true;
            }
            suffix = suffix.substring(dot + 1);
        }
    }
}
