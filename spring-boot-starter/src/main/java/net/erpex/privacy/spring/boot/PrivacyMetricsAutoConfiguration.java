package net.erpex.privacy.spring.boot;

import net.erpex.privacy.PrivacyFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** With Micrometer present, the filter's counters as {@code erpex.privacy.*} meters; see {@link CounterMeters}. */
@AutoConfiguration(after = PrivacyFilterAutoConfiguration.class)
@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
@ConditionalOnBean(PrivacyFilter.class)
public class PrivacyMetricsAutoConfiguration {

    @Bean
    public PrivacyMeters privacyMeters(PrivacyFilter filter) {
        return new PrivacyMeters(filter);
    }
}
