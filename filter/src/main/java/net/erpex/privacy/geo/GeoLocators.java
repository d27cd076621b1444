package net.erpex.privacy.geo;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

/** Opens the locator a {@code geo.database} value names. */
public final class GeoLocators {

    /** Prefix of a database shipped on the classpath, e.g. the demo database. */
    public static final String CLASSPATH_PREFIX = "classpath:";

    private GeoLocators() {
    }

    /**
     * Opens a MaxMind DB file ({@code /usr/share/GeoIP/GeoLite2-City.mmdb}) or classpath resource
     * ({@code classpath:net/erpex/privacy/geoip/erpex-demo-city.mmdb}). A file is checked every
     * {@code reloadInterval} (zero: never) and a replaced file is picked up without a restart; a classpath resource
     * is read into memory once.
     *
     * @throws IOException when the database is missing, unreadable, damaged or not a City/Country database; the
     *                     message says which
     */
    public static GeoLocator open(String location, int cacheSize, Duration reloadInterval) throws IOException {
        if (location.startsWith(CLASSPATH_PREFIX)) {
            String resource = location.substring(CLASSPATH_PREFIX.length());
            while (resource.startsWith("/")) {
                resource = resource.substring(1);
            }
            InputStream in = resource(resource);
            if (in == null) {
                throw new FileNotFoundException("no classpath resource " + resource);
            }
            try (in) {
                return GeoDatabase.openStream(location, in, cacheSize);
            }
        }
        Path file;
        try {
            file = Path.of(location);
        } catch (InvalidPathException e) {
            throw new FileNotFoundException("'" + location + "' is not a valid path: " + e.getReason());
        }
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException("no file " + file.toAbsolutePath());
        }
        return GeoDatabase.openFile(file, cacheSize, reloadInterval);
    }

    /**
     * For a database that is not required: a locator that answers unknown until {@code location} becomes a usable
     * file (checked every {@code reloadInterval}), or {@code null} when it cannot be watched (a classpath resource,
     * or the check is off).
     */
    public static GeoLocator waitFor(String location, int cacheSize, Duration reloadInterval) {
        if (location.startsWith(CLASSPATH_PREFIX) || reloadInterval.isZero()) {
            return null;
        }
        try {
            return GeoDatabase.waitFor(Path.of(location), cacheSize, reloadInterval);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static InputStream resource(String name) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        InputStream in = context == null ? null : context.getResourceAsStream(name);
        return in != null ? in : GeoLocators.class.getClassLoader().getResourceAsStream(name);
    }
}
