package net.erpex.privacy.geo;

import java.io.Closeable;
import java.net.InetAddress;

/**
 * Finds where an address is. Implementations are thread-safe, never throw for an address, and answer
 * {@link GeoLocation#UNKNOWN} when they cannot tell (private address, not in the database, database broken).
 */
public interface GeoLocator extends Closeable {

    /** The location of {@code address}; never null. */
    GeoLocation locate(InetAddress address);

    /** Whether lookups can give anything: false when geolocation is off. */
    boolean enabled();

    /** What answers, for logs: the database type and build date, or why geolocation is off. */
    String description();

    @Override
    default void close() {
    }

    /** A locator that knows nothing: geolocation is off. */
    static GeoLocator off(String why) {
        return new GeoLocator() {
            @Override
            public GeoLocation locate(InetAddress address) {
                return GeoLocation.UNKNOWN;
            }

            @Override
            public boolean enabled() {
                return false;
            }

            @Override
            public String description() {
                return "geolocation off: " + why;
            }
        };
    }
}
