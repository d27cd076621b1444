package net.erpex.privacy.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CookieHeaderTest {

    @Test
    void buildsATrueSessionCookieWithoutExpiry() {
        assertThat(CookieHeader.build("sid", "abc", null, true, true))
                .isEqualTo("sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax");
    }

    @Test
    void buildsAPersistentCookieReadableByScriptsOverHttp() {
        assertThat(CookieHeader.build("lang", "fr", Duration.ofDays(1), false, false))
                .isEqualTo("lang=fr; Path=/; Max-Age=86400; SameSite=Lax");
    }

    @Test
    void expiresAHostOnlyCookie() {
        assertThat(CookieHeader.expire("_ga", false)).isEqualTo("_ga=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
        assertThat(CookieHeader.expire("__Host-x", true))
                .isEqualTo("__Host-x=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax");
    }

    @Test
    void expiresACookieOfADomainOrHostOnly() {
        assertThat(CookieHeader.expire("_ga", true, "example.com"))
                .isEqualTo("_ga=; Path=/; Domain=example.com; Max-Age=0; Secure; HttpOnly; SameSite=Lax");
        assertThat(CookieHeader.expire("_ga", false, null)).isEqualTo("_ga=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    }

    @Test
    void buildsACookieWhoseValueIsLongerThanItsName() {
        String value = "A".repeat(80) + "-_";
        assertThat(CookieHeader.build("sid", value, null, false, true))
                .isEqualTo("sid=" + value + "; Path=/; HttpOnly; SameSite=Lax");
    }

    @Test
    void givesWhatFollowsTheValueApart() {
        assertThat(CookieHeader.attributes(null, true, true)).isEqualTo("; Path=/; Secure; HttpOnly; SameSite=Lax");
        assertThat(CookieHeader.attributes(Duration.ofDays(1), false, false))
                .isEqualTo("; Path=/; Max-Age=86400; SameSite=Lax");
    }
}
