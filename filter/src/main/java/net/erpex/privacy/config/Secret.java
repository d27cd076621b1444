package net.erpex.privacy.config;

import java.util.Objects;

/** A password: compared and used, never printed (records print their components). */
public final class Secret {
    /** No password. */
    public static final Secret NONE = new Secret("");
    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The password itself, for the driver only. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "(none)" : "***";
    }
}
