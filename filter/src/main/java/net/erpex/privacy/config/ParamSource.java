package net.erpex.privacy.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Where the value of each param comes from: system property &gt; environment variable &gt; init-param &gt;
 * default. The sources are injected so that tests and embedded users need not touch the real environment.
 */
public final class ParamSource {

    /** A raw value and where it came from, for error messages. */
    public record Value(String text, String origin) {
        /** The origin of a value that no source set. */
        static final String DEFAULT = "default";

        public Value {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(origin, "origin");
        }

        /** Whether no source set the param and this is its default. */
        public boolean fromDefault() {
            return DEFAULT.equals(origin);
        }
    }

    private final Map<String, String> initParams;
    private final Properties systemProperties;
    private final Function<String, String> environment;
    private final Function<PrivacyParam, String> initParamOrigin;

    /**
     * @param initParams       the filter's init-params by name (web.xml or code)
     * @param systemProperties usually {@link System#getProperties()}
     * @param environment      usually {@link System#getenv(String)}
     */
    public ParamSource(Map<String, String> initParams, Properties systemProperties,
            Function<String, String> environment) {
        this(initParams, systemProperties, environment, param -> "init-param");
    }

    private ParamSource(Map<String, String> initParams, Properties systemProperties,
            Function<String, String> environment, Function<PrivacyParam, String> initParamOrigin) {
        this.initParams = Map.copyOf(initParams);
        this.systemProperties = Objects.requireNonNull(systemProperties, "systemProperties");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.initParamOrigin = initParamOrigin;
    }

    /**
     * The same source, whose init-params are named in messages as the properties they came from
     * ({@code property erpex.privacy.geo.cache-size} for {@code prefix} {@code erpex.privacy.}), for frameworks that
     * feed their own configuration in as init-params.
     */
    public ParamSource namedAsProperties(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return new ParamSource(initParams, systemProperties, environment,
                param -> "property " + prefix + param.paramName());
    }

    /** Reads the real system properties and environment. */
    public static ParamSource of(Map<String, String> initParams) {
        return new ParamSource(initParams, System.getProperties(), System::getenv);
    }

    /** The effective value of a param. */
    public Value get(PrivacyParam param) {
        String sys = systemProperties.getProperty(param.systemProperty());
        if (sys != null) {
            return new Value(sys, "system property " + param.systemProperty());
        }
        String env = environment.apply(param.environmentVariable());
        if (env != null) {
            return new Value(env, "environment variable " + param.environmentVariable());
        }
        String init = initParams.get(param.paramName());
        if (init != null) {
            return new Value(init, initParamOrigin.apply(param));
        }
        return new Value(param.defaultValue(), Value.DEFAULT);
    }

    /**
     * Init-param names that no param declares. A typo in web.xml would otherwise be silently ignored and the
     * default used, which is how privacy settings end up not applied.
     */
    public List<String> unknownInitParams() {
        List<String> unknown = new ArrayList<>();
        for (String name : new TreeMap<>(initParams).keySet()) {
            if (PrivacyParam.byName(name).isEmpty()) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    /** {@code privacy.*} system properties that no param declares; reported, not fatal (they are JVM-wide). */
    public List<String> unknownSystemProperties() {
        List<String> unknown = new ArrayList<>();
        for (String name : new TreeMap<>(propertiesAsMap()).keySet()) {
            if (name.startsWith("privacy.") && PrivacyParam.byName(name.substring("privacy.".length())).isEmpty()) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    private Map<String, String> propertiesAsMap() {
        Map<String, String> map = new TreeMap<>();
        Collection<String> names = systemProperties.stringPropertyNames();
        for (String name : names) {
            map.put(name, systemProperties.getProperty(name));
        }
        return map;
    }
}
