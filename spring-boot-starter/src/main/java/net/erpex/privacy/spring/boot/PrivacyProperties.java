package net.erpex.privacy.spring.boot;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import net.erpex.privacy.config.ConfigurationException;
import net.erpex.privacy.config.ParamSource;
import net.erpex.privacy.config.PrivacyParam;
import net.erpex.privacy.config.PrivacySettings;
import net.erpex.privacy.config.SettingsParser;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * The filter's settings from the {@code erpex.privacy.*} properties: every init-param is the property
 * {@code erpex.privacy.<init-param name>}, bound with Spring Boot's relaxed rules (so
 * {@code ERPEX_PRIVACY_CLIENT_TRUSTEDPROXIES} and {@code erpex.privacy.client.trustedProxies} work too) and then
 * parsed and validated by the filter's own parser, exactly as init-params are. The filter's
 * {@code privacy.*} system properties and {@code PRIVACY_*} environment variables still override them, as they
 * override {@code web.xml}.
 */
final class PrivacyProperties {

    static final String PREFIX = PropertyNames.PREFIX;
    static final String ENABLED = PropertyNames.ENABLED;

    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(PREFIX);

    private PrivacyProperties() {
    }

    /**
     * Parses and validates the settings.
     *
     * @throws ConfigurationException naming the {@code erpex.privacy.*} properties at fault
     */
    static PrivacySettings settings(Environment environment) {
        Binder binder = Binder.get(environment);
        rejectUnknown(environment);
        Map<String, String> params = new TreeMap<>();
        for (PrivacyParam param : PrivacyParam.values()) {
            value(binder, param).ifPresent(v -> params.put(param.paramName(), v));
        }
        try {
            return SettingsParser.parse(ParamSource.of(params).namedAsProperties(PREFIX + "."));
        } catch (ConfigurationException e) {
            throw new ConfigurationException(withPropertyNames(e.getMessage()), e);
        }
    }

    /** A scalar as it is; a YAML list or indexed properties joined with commas, as the params write lists. */
    private static Optional<String> value(Binder binder, PrivacyParam param) {
        ConfigurationPropertyName name = ConfigurationPropertyName.of(PropertyNames.of(param));
        BindResult<String> scalar = binder.bind(name, Bindable.of(String.class));
        if (scalar.isBound()) {
            return Optional.of(scalar.get());
        }
        BindResult<List<String>> list = binder.bind(name, Bindable.listOf(String.class));
        return list.isBound() ? Optional.of(String.join(", ", list.get())) : Optional.empty();
    }

    /**
     * A typo in a property name would otherwise leave the default in force without a word, which is how privacy
     * settings end up not applied; init-params are checked the same way.
     */
    private static void rejectUnknown(Environment environment) {
        List<ConfigurationPropertyName> known = new ArrayList<>();
        known.add(ConfigurationPropertyName.of(ENABLED));
        for (PrivacyParam param : PrivacyParam.values()) {
            known.add(ConfigurationPropertyName.of(PropertyNames.of(param)));
        }
        Set<String> unknown = new LinkedHashSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            iterable.stream().filter(ROOT::isAncestorOf)
                    .filter(name -> known.stream().noneMatch(k -> k.equals(name) || k.isAncestorOf(name)))
                    .forEach(name -> unknown.add(name.toString()));
        }
        if (!unknown.isEmpty()) {
            throw new ConfigurationException("Unknown property " + String.join(", ", unknown) + ": expected "
                    + ENABLED + " or erpex.privacy.<init-param>, one of "
                    + java.util.Arrays.stream(PrivacyParam.values()).map(PrivacyParam::paramName).toList());
        }
    }

    /**
     * The filter's message, followed by the properties it is about: a message about one value already names its
     * property; one about a combination names init-params, which become their properties here.
     */
    static String withPropertyNames(String message) {
        Set<String> named = new LinkedHashSet<>();
        for (PrivacyParam param : PrivacyParam.values()) {
            if (Pattern.compile("(?<![\\w.-])" + Pattern.quote(param.paramName()) + "(?![\\w-])").matcher(message)
                    .find()) {
                named.add(PropertyNames.of(param));
            }
        }
        return named.isEmpty() ? message : message + " [properties: " + String.join(", ", named) + "]";
    }
}
