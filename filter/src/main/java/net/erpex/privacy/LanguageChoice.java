package net.erpex.privacy;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import net.erpex.privacy.language.LanguageNegotiator;
import net.erpex.privacy.session.CookieHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The visitor's own choice of language: {@code ?lang=} in the query (remembered in the {@value #COOKIE} cookie, a
 * user-interface cookie the visitor asked for) or that cookie. A value that names no supported language is ignored
 * and counted.
 */
final class LanguageChoice {

    private static final Logger LOG = LoggerFactory.getLogger(PrivacyFilter.class);

    static final String PARAM = "lang";
    static final String COOKIE = "lang";

    /**
     * What the request asked for.
     *
     * @param tag       the chosen language's tag, or {@code null} when the visitor chose none (or nothing valid)
     * @param setCookie the {@code Set-Cookie} value that remembers a new choice, or {@code null}
     */
    record Choice(String tag, String setCookie) {
        static final Choice NONE = new Choice(null, null);
    }

    private final LanguageNegotiator languages;
    private final Duration cookieMaxAge;
    private final Counters counters;

    LanguageChoice(LanguageNegotiator languages, Duration cookieMaxAge, Counters counters) {
        this.languages = languages;
        this.cookieMaxAge = cookieMaxAge;
        this.counters = counters;
    }

    /**
     * @param cookie the value of the {@value #COOKIE} cookie, or {@code null}
     * @param secure whether a new cookie must be {@code Secure}
     */
    Choice read(HttpServletRequest request, String cookie, boolean secure) {
        String asked = queryParameter(request.getQueryString(), PARAM);
        if (asked != null) {
            Optional<Locale> chosen = languages.match(asked);
            if (chosen.isPresent()) {
                String tag = chosen.get().toLanguageTag();
                return new Choice(tag, tag.equals(cookie) ? null
                        : CookieHeader.build(COOKIE, tag, cookieMaxAge, secure, true));
            }
            counters.increment(Counters.Event.LANGUAGE_CHOICE_IGNORED);
            LOG.debug("ignored ?{}= value that names no supported language", PARAM);
        }
        if (cookie == null) {
            return Choice.NONE;
        }
        if (languages.match(cookie).isEmpty()) {
            counters.increment(Counters.Event.LANGUAGE_CHOICE_IGNORED);
            return Choice.NONE;
        }
        return new Choice(cookie, null);
    }

    /**
     * One parameter from the raw query string. {@code getParameter} would read a form body to find it, and the
     * application must still find its body unread.
     */
    static String queryParameter(String query, String name) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        int from = 0;
        while (from <= query.length()) {
            int end = query.indexOf('&', from);
            if (end < 0) {
                end = query.length();
            }
            if (end - from > name.length() && query.startsWith(name, from) && query.charAt(from + name.length()) == '=') {
                return query.substring(from + name.length() + 1, end);
            }
            from = end + 1;
        }
        return null;
    }
}
