package net.erpex.privacy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Two webapps on one host keep separate cookies: the default names are scoped to the context path. */
class CookieScopeTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "'', sid",
            "/, sid",
            "/shop, sid-shop",
            "/shop/eu, sid-shop.eu",
            "/my_app-2, sid-my_app-2",
            "/shop.eu, (hashed)",
            "/caf%C3%A9, (hashed)",
    })
    void derivesTheSessionCookieNameFromTheContextPath(String contextPath, String expected) {
        String name = PrivacySettings.builder().build().forContextPath(contextPath).sessionCookieName();
        if (expected.equals("(hashed)")) {
            assertThat(name).matches("sid-[0-9a-f]{16}");
        } else {
            assertThat(name).isEqualTo(expected);
        }
    }

    @Test
    void givesDistinctNamesToPathsThatOnlyDifferInPunctuation() {
        Set<String> names = new HashSet<>();
        for (String path : List.of("/shop/eu", "/shop.eu", "/shop-eu", "/shop_eu", "/shop%2Feu", "/Shop/eu")) {
            names.add(PrivacySettings.builder().build().forContextPath(path).sessionCookieName());
        }
        assertThat(names).hasSize(6);
    }

    @Test
    void keepsNamesShortEnoughForTheHostPrefix() {
        String name = PrivacySettings.builder().build().forContextPath("/" + "a".repeat(200)).consent()
                .cookieName();
        assertThat(("__Host-" + name).length()).isLessThanOrEqualTo(64);
    }

    @Nested
    class ConsentCookie {

        @Test
        void isScopedLikeTheSessionCookie() {
            PrivacySettings s = PrivacySettings.builder().build().forContextPath("/shop");
            assertThat(s.consent().cookieName()).isEqualTo("consent-shop");
        }

        @Test
        void keepsANameThatWasSet() {
            PrivacySettings s = PrivacySettings.builder().sessionCookieName("S").consentCookieName("C").build()
                    .forContextPath("/shop");
            assertThat(s.sessionCookieName()).isEqualTo("S");
            assertThat(s.consent().cookieName()).isEqualTo("C");
        }

        @Test
        void mayNotEndUpWithTheSessionCookiesName() {
            PrivacySettings s = PrivacySettings.builder().consentCookieName("sid-shop").build();
            assertThatThrownBy(() -> s.forContextPath("/shop")).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("consent.cookie-name and session.cookie-name: both name the cookie"
                            + " 'sid-shop'");
        }
    }
}
