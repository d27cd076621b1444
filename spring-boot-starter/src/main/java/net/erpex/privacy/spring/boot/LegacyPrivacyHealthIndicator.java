package net.erpex.privacy.spring.boot;

import net.erpex.privacy.PrivacyFilter;
import net.erpex.privacy.PrivacyHealth;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** The {@code privacy} health component on Spring Boot 3.5; see {@link HealthDetails}. */
final class LegacyPrivacyHealthIndicator implements HealthIndicator {

    private final PrivacyFilter filter;

    LegacyPrivacyHealthIndicator(PrivacyFilter filter) {
        this.filter = filter;
    }

    @Override
    public Health health() {
        PrivacyHealth health = filter.health().orElse(null);
        Health.Builder builder = health == null ? Health.unknown()
                : health.storeUp() ? Health.up() : Health.down();
        return builder.withDetails(HealthDetails.of(health)).build();
    }
}
