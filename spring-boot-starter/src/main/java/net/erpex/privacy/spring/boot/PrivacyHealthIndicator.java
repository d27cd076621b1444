package net.erpex.privacy.spring.boot;

import net.erpex.privacy.PrivacyFilter;
import net.erpex.privacy.PrivacyHealth;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** The {@code privacy} health component on Spring Boot 4; see {@link HealthDetails}. */
final class PrivacyHealthIndicator implements HealthIndicator {

    private final PrivacyFilter filter;

    PrivacyHealthIndicator(PrivacyFilter filter) {
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
