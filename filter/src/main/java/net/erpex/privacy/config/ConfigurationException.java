package net.erpex.privacy.config;

import net.erpex.privacy.security.Redaction;

/**
 * A setting that cannot be used: thrown at start-up, never per request. The message names the param, the value and
 * what is accepted, so that the log line alone tells an operator what to fix.
 */
public final class ConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient PrivacyParam param;
    private final String problem;

    /** A message that already names everything. */
    public ConfigurationException(String message) {
        super(message);
        this.param = null;
        this.problem = message;
    }

    private ConfigurationException(PrivacyParam param, String problem) {
        super("Invalid init-param " + param.paramName() + ": " + problem);
        this.param = param;
        this.problem = problem;
    }

    /** A message that already names everything, and the parse error behind it. */
    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
        this.param = null;
        this.problem = message;
    }

    /** A single param's problem, without its value (the builder does not know where a value came from). */
    static ConfigurationException of(PrivacyParam param, String problem) {
        return new ConfigurationException(param, problem);
    }

    /** The same problem, told with the raw value and its origin when this is about {@code param}. */
    ConfigurationException withValue(PrivacyParam param, ParamSource.Value value) {
        if (this.param != param) {
            return this;
        }
        return invalid(param, value, problem);
    }

    /**
     * The standard form: {@code Invalid init-param geo.cache-size='-1' (from web.xml): expected ...}. The value is shown
     * as {@link PrivacyParam#printable} allows, and the problem, which a parser may have written with the value in it,
     * is scrubbed of the value's secrets.
     */
    static ConfigurationException invalid(PrivacyParam param, ParamSource.Value value, String problem) {
        return new ConfigurationException("Invalid init-param " + param.paramName() + "='" + param.printable(value.text())
                + "' (from " + value.origin() + "): " + Redaction.scrub(problem, param.secretsIn(value.text())));
    }
}
