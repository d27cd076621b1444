package net.erpex.privacy.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The container's session cookie is hardened through Boot's settings, unless the application set them. */
class SessionCookieDefaultsTest {

    private static StandardEnvironment processed(Map<String, Object> properties) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("application", properties));
        new SessionCookieDefaults().postProcessEnvironment(env, new SpringApplication());
        return env;
    }

    @Test
    void setsHttpOnlyAndSameSiteLaxByDefault() {
        StandardEnvironment env = processed(Map.of());
        assertThat(env.getProperty("server.servlet.session.cookie.http-only")).isEqualTo("true");
        assertThat(env.getProperty("server.servlet.session.cookie.same-site")).isEqualTo("lax");
    }

    @Test
    void keepsWhatTheApplicationSet() {
        StandardEnvironment env = processed(Map.of("server.servlet.session.cookie.same-site", "strict",
                "server.servlet.session.cookie.http-only", "false"));
        assertThat(env.getProperty("server.servlet.session.cookie.same-site")).isEqualTo("strict");
        assertThat(env.getProperty("server.servlet.session.cookie.http-only")).isEqualTo("false");
    }

    @Test
    void recognisesTheApplicationsSettingInItsEnvironmentForm() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment",
                Map.of("SERVER_SERVLET_SESSION_COOKIE_SAMESITE", "none")));
        org.springframework.boot.context.properties.source.ConfigurationPropertySources.attach(env);
        new SessionCookieDefaults().postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("server.servlet.session.cookie.same-site")).isEqualTo("none");
    }

    @Test
    void leavesEverythingAloneWhenTheFilterIsOff() {
        StandardEnvironment env = processed(Map.of("erpex.privacy.enabled", "false"));
        assertThat(env.getProperty("server.servlet.session.cookie.same-site")).isNull();
        assertThat(env.getPropertySources().contains(SessionCookieDefaults.SOURCE)).isFalse();
    }
}
