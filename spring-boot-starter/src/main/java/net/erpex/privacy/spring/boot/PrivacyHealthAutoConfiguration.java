package net.erpex.privacy.spring.boot;

import net.erpex.privacy.PrivacyFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Actuator present, the health component {@code privacy}: whether the visit store takes records, and the
 * recorder's queue and the spool with their limits. Boot 4 moved the health API to its own package; the component
 * is built on whichever the application has. {@code management.health.privacy.enabled=false} leaves it out.
 */
@AutoConfiguration(after = PrivacyFilterAutoConfiguration.class)
@ConditionalOnBean(PrivacyFilter.class)
@ConditionalOnProperty(prefix = "management.health.privacy", name = "enabled", matchIfMissing = true)
public class PrivacyHealthAutoConfiguration {

    /** Spring Boot 4: {@code org.springframework.boot.health.contributor}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Boot4 {
        @Bean
        PrivacyHealthIndicator privacyHealthIndicator(PrivacyFilter filter) {
            return new PrivacyHealthIndicator(filter);
        }
    }

    /** Spring Boot 3.5: {@code org.springframework.boot.actuate.health}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    static class Boot3 {
        @Bean
        LegacyPrivacyHealthIndicator privacyHealthIndicator(PrivacyFilter filter) {
            return new LegacyPrivacyHealthIndicator(filter);
        }
    }
}
