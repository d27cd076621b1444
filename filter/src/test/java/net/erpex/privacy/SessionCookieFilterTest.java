package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.erpex.privacy.security.SigningKeys;
import net.erpex.privacy.session.SessionManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The filter's session cookie, as a browser receives it. */
class SessionCookieFilterTest {

    private static final Pattern VALUE = Pattern.compile("^(__Host-)?sid=([A-Za-z0-9_-]{66});");
    private static TestSite site;

    @BeforeAll
    static void start() throws Exception {
        site = TestSite.start("client.trusted-proxies", "127.0.0.1", "session.idle-timeout", "30m",
                "session.absolute-timeout", "8h");
    }

    @AfterAll
    static void stop() throws Exception {
        site.close();
    }

    @Nested
    class Attributes {

        @Test
        void onHttpIsAnHttpOnlyLaxSessionCookieWithoutExpiry() throws Exception {
            String cookie = sessionCookie(site.get("/"));
            assertThat(cookie).matches("sid=[A-Za-z0-9_-]{66}; Path=/; HttpOnly; SameSite=Lax");
        }

        @Test
        void onHttpsViaATrustedProxyIsSecureWithTheHostPrefix() throws Exception {
            String cookie = sessionCookie(site.get("/", "X-Forwarded-Proto", "https"));
            assertThat(cookie).matches("__Host-sid=[A-Za-z0-9_-]{66}; Path=/; Secure; HttpOnly; SameSite=Lax");
        }

        @Test
        void carries128RandomBitsSoNoTwoVisitorsShareOne() throws Exception {
            String a = value(sessionCookie(site.get("/")));
            String b = value(sessionCookie(site.get("/")));
            assertThat(a).isNotEqualTo(b);
        }
    }

    @Nested
    class Lifecycle {

        @Test
        void keepsAValidSessionWithoutSettingTheCookieAgain() throws Exception {
            HttpResponse<String> first = site.get("/");
            String cookie = "sid=" + value(sessionCookie(first));
            HttpResponse<String> second = site.get("/", "Cookie", cookie);
            assertThat(second.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("sid="));
            assertThat(TestSite.parse(second.body()).get("session")).isEqualTo(TestSite.parse(first.body()).get("session"));
        }

        @Test
        void replacesATamperedCookie() throws Exception {
            String value = value(sessionCookie(site.get("/")));
            char flipped = value.charAt(10) == 'A' ? 'B' : 'A';
            String tampered = value.substring(0, 10) + flipped + value.substring(11);
            long before = site.filter().counters().get("session-invalid");
            HttpResponse<String> response = site.get("/", "Cookie", "sid=" + tampered);
            assertThat(value(sessionCookie(response))).isNotEqualTo(tampered).isNotEqualTo(value);
            assertThat(site.filter().counters().get("session-invalid")).isEqualTo(before + 1);
        }

        @Test
        void replacesACookieIdleForLongerThanTheIdleTimeout() throws Exception {
            assertReplaced(made(Duration.ofMinutes(31), Duration.ofMinutes(31)));
        }

        @Test
        void replacesAnActiveCookieOlderThanTheAbsoluteTimeout() throws Exception {
            // Created 9 hours ago, confirmed a minute ago: active, but too old.
            assertReplaced(made(Duration.ofHours(9), Duration.ofMinutes(1)));
        }

        @Test
        void renewsAnActiveSessionSoTheIdleTimeoutCountsFromNow() throws Exception {
            String old = made(Duration.ofMinutes(20), Duration.ofMinutes(10));
            HttpResponse<String> response = site.get("/", "Cookie", "sid=" + old);
            String renewed = value(sessionCookie(response));
            assertThat(renewed).isNotEqualTo(old);
            // Same session, new timestamp: the visit keeps its session hash.
            assertThat(TestSite.parse(response.body()).get("session"))
                    .isEqualTo(TestSite.parse(site.get("/", "Cookie", "sid=" + renewed).body()).get("session"));
        }

        @Test
        void renewsNoSessionOnAResponseASharedCacheKeeps() throws Exception {
            String old = made(Duration.ofMinutes(20), Duration.ofMinutes(10));
            HttpResponse<String> shared = site.get("/?cache=public,%20max-age=60", "Cookie", "sid=" + old);
            assertThat(shared.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("sid="));
            HttpResponse<String> own = site.get("/?cache=private", "Cookie", "sid=" + old);
            assertThat(value(sessionCookie(own))).isNotEqualTo(old);
        }

        @Test
        void doesNotAcceptAPlainCookieOnHttpsWhereOnlyTheHostPrefixedOneCounts() throws Exception {
            String plain = value(sessionCookie(site.get("/")));
            HttpResponse<String> response = site.get("/", "Cookie", "sid=" + plain, "X-Forwarded-Proto", "https");
            assertThat(sessionCookie(response)).startsWith("__Host-sid=");
        }

        @Test
        void treatsASessionCookieSentTwiceWithDifferentValuesAsAbsentNeverFirstValidWins() throws Exception {
            // A sibling subdomain (or anyone on plain http) plants its own sid next to the visitor's: a fixation.
            String visitor = value(sessionCookie(site.get("/")));
            String planted = value(sessionCookie(site.get("/")));
            String plantedHash = TestSite.parse(site.get("/", "Cookie", "sid=" + planted).body()).get("session");
            String visitorHash = TestSite.parse(site.get("/", "Cookie", "sid=" + visitor).body()).get("session");
            for (String header : List.of("sid=" + planted + "; sid=" + visitor, "sid=" + visitor + "; sid=" + planted,
                    "sid=" + planted + "; sid=garbage")) {
                long before = site.filter().counters().get("cookie-ambiguous");
                HttpResponse<String> response = site.get("/", "Cookie", header);
                assertThat(TestSite.parse(response.body()).get("session")).isNotEqualTo(plantedHash)
                        .isNotEqualTo(visitorHash);
                assertThat(value(sessionCookie(response))).isNotEqualTo(planted).isNotEqualTo(visitor);
                assertThat(site.filter().counters().get("cookie-ambiguous")).isEqualTo(before + 1);
            }
        }

        @Test
        void acceptsTheSameSessionCookieRepeated() throws Exception {
            HttpResponse<String> first = site.get("/");
            String value = value(sessionCookie(first));
            HttpResponse<String> second = site.get("/", "Cookie", "sid=" + value + "; sid=" + value);
            assertThat(TestSite.parse(second.body()).get("session"))
                    .isEqualTo(TestSite.parse(first.body()).get("session"));
        }

        private void assertReplaced(String stale) throws Exception {
            long before = site.filter().counters().get("session-expired");
            HttpResponse<String> response = site.get("/", "Cookie", "sid=" + stale);
            assertThat(value(sessionCookie(response))).isNotEqualTo(stale);
            assertThat(site.filter().counters().get("session-expired")).isEqualTo(before + 1);
        }

        /** A correctly signed value created {@code age} ago and last seen {@code idle} ago. */
        private String made(Duration age, Duration idle) {
            Instant now = Instant.now();
            SigningKeys keys = SigningKeys.parse(TestSite.KEY);
            SessionManager past = new SessionManager(keys, Duration.ofMinutes(30), Duration.ofHours(8),
                    Clock.fixed(now, ZoneOffset.UTC));
            return past.encode(past.newToken(now.minus(age)).seenAt(now.minus(idle)));
        }
    }

    static String sessionCookie(HttpResponse<?> response) {
        List<String> cookies = response.headers().allValues("Set-Cookie");
        return cookies.stream().filter(c -> VALUE.matcher(c).find()).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie in " + cookies));
    }

    static String value(String setCookie) {
        Matcher m = VALUE.matcher(setCookie);
        if (!m.find()) {
            throw new AssertionError(setCookie);
        }
        return m.group(2);
    }
}
