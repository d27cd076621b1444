package net.erpex.privacy.geoip;

import java.io.InputStream;

/**
 * The demo City database shipped in this jar: <strong>fake geography on documentation address
 * ranges</strong> (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8:1::/48 and 2001:db8:2::/48
 * are given invented cities), for tests and demos only. No real visitor address is in it.
 *
 * <p>The build generates it from {@code src/main/data/erpex-demo-city.json} with
 * {@link DemoDatabaseBuilder}. GeoIP2's {@code DatabaseReader} opens it like any City database.
 */
public final class DemoDatabase {

    /** Where the database is on the classpath, for {@code ClassLoader.getResource} and {@code geo.database}. */
    public static final String CLASSPATH_LOCATION = "net/erpex/privacy/geoip/erpex-demo-city.mmdb";

    /** Its metadata {@code database_type}; a reader can check it to warn that the data is not real. */
    public static final String DATABASE_TYPE = "ERPEX-Demo-City";

    private DemoDatabase() {
    }

    /**
     * Opens the database; the caller closes the stream.
     *
     * @throws IllegalStateException if the resource is missing, which means this module was built
     *     without its {@code process-classes} phase
     */
    public static InputStream open() {
        InputStream in = DemoDatabase.class.getClassLoader().getResourceAsStream(CLASSPATH_LOCATION);
        if (in == null) {
            throw new IllegalStateException("classpath resource " + CLASSPATH_LOCATION + " is missing; build the"
                    + " geoip-data module with Maven (the database is generated in process-classes)");
        }
        return in;
    }
}
