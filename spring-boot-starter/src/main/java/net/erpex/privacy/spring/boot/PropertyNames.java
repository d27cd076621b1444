package net.erpex.privacy.spring.boot;

import net.erpex.privacy.config.PrivacyParam;

/**
 * The names of the starter's properties: {@code erpex.privacy.<init-param>} for each param, and
 * {@code erpex.privacy.enabled}. Free of Spring, so that the build can write the metadata from it.
 */
final class PropertyNames {

    /** The prefix of every property of the starter. */
    static final String PREFIX = "erpex.privacy";
    /** {@code erpex.privacy.enabled=false} turns the filter off; not an init-param. */
    static final String ENABLED = PREFIX + ".enabled";

    private PropertyNames() {
    }

    /** The property of a param: {@code erpex.privacy.geo.database}. */
    static String of(PrivacyParam param) {
        return PREFIX + "." + param.paramName();
    }
}
