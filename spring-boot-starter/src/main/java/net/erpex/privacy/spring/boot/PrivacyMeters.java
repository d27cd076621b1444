package net.erpex.privacy.spring.boot;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;
import net.erpex.privacy.PrivacyFilter;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * The filter's counters as {@code erpex.privacy.*} meters (named by {@link CounterMeters}). The filter knows its
 * counters only once the container has started it, after meter registries are bound; so the registries are kept
 * and the meters registered when the application is ready. Each meter reads the filter's counter when it is
 * published: nothing is added to the request path.
 */
public final class PrivacyMeters implements MeterBinder, ApplicationListener<ApplicationReadyEvent> {

    private final PrivacyFilter filter;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private volatile boolean ready;

    public PrivacyMeters(PrivacyFilter filter) {
        this.filter = filter;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        registries.add(registry);
        if (ready) {
            register(registry);
        }
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (!ready) {
            ready = true;
            registries.forEach(this::register);
        }
    }

    private void register(MeterRegistry registry) {
        for (String counter : filter.counters().keySet()) {
            CounterMeters.Meter meter = CounterMeters.of(counter);
            Tags tags = Tags.of(meter.tags().entrySet().stream()
                    .map(t -> io.micrometer.core.instrument.Tag.of(t.getKey(), t.getValue())).toList());
            ToDoubleFunction<PrivacyFilter> value = f -> f.counters().getOrDefault(counter, 0L);
            if (meter.kind() == CounterMeters.Kind.GAUGE) {
                Gauge.builder(meter.name(), filter, value).tags(tags)
                        .description("PrivacyFilter.counters() " + counter).register(registry);
            } else {
                FunctionCounter.builder(meter.name(), filter, value).tags(tags)
                        .description("PrivacyFilter.counters() " + counter).register(registry);
            }
        }
    }
}
