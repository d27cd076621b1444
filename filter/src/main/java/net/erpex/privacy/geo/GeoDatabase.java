package net.erpex.privacy.geo;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.maxmind.db.Reader;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.NamedRecord;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.model.CountryResponse;
import com.maxmind.geoip2.record.Location;
import com.maxmind.geoip2.record.Subdivision;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import net.erpex.privacy.reload.ReloadingFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MaxMind-DB-backed locator: one thread-safe {@link DatabaseReader} at a time, a bounded Caffeine cache in front
 * of it, and, for a file, a {@link ReloadingFile} that swaps in a replaced file (geoipupdate replaces it by rename,
 * so readers of the old mapping are unaffected).
 */
final class GeoDatabase implements GeoLocator {

    private static final Logger LOG = LoggerFactory.getLogger(GeoDatabase.class);

    // Addresses looked up once at open: a tree or data section damaged beyond the metadata shows here, at init,
    // instead of as errors on live traffic.
    private static final List<byte[]> PROBES = List.of(
            new byte[] {1, 1, 1, 1}, new byte[] {8, 8, 8, 8}, new byte[] {(byte) 192, 0, 2, 1},
            new byte[] {32, 1, 13, (byte) 184, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

    private enum Kind { CITY, COUNTRY }

    private record Loaded(DatabaseReader reader, Kind kind, String description) {
    }

    private final String location;
    private final Cache<InetAddress, GeoLocation> cache;
    /** Made once: a method reference in the lookup would be a new object per request. */
    private final java.util.function.Function<InetAddress, GeoLocation> loader = this::lookupUnlessReserved;
    private final AtomicBoolean lookupErrorLogged = new AtomicBoolean();
    private final LongAdder lookupErrors = new LongAdder();
    // A file's database, watched for replacement; null for a database read from a stream.
    private final ReloadingFile<Loaded> file;
    private final Loaded fixed;

    /** Opens the watched file, given where to report replacements. */
    private interface Watch {
        ReloadingFile<Loaded> open(ReloadingFile.Listener<Loaded> listener) throws IOException;
    }

    private GeoDatabase(String location, Loaded fixed, int cacheSize, Watch watch) throws IOException {
        this.location = location;
        this.fixed = fixed;
        this.cache = Caffeine.newBuilder().executor(Runnable::run).maximumSize(cacheSize).build();
        this.file = watch == null ? null : watch.open(this::replaced);
    }

    static GeoDatabase openFile(Path file, int cacheSize, Duration reloadInterval) throws IOException {
        return new GeoDatabase(file.toString(), null, cacheSize, listener -> ReloadingFile.load(file,
                "GeoIP database", GeoDatabase::load, listener, reloadInterval));
    }

    /**
     * A locator for a file that is missing or unusable now: it answers unknown and keeps watching, so the database
     * geoipupdate delivers after start-up is picked up without a restart.
     */
    static GeoDatabase waitFor(Path file, int cacheSize, Duration reloadInterval) {
        try {
            return new GeoDatabase(file.toString(), null, cacheSize, listener -> ReloadingFile.waitFor(file,
                    "GeoIP database", GeoDatabase::load, listener, reloadInterval));
        } catch (IOException e) {
            throw new IllegalStateException("waiting for a file reads nothing", e);
        }
    }

    static GeoDatabase openStream(String location, InputStream in, int cacheSize) throws IOException {
        DatabaseReader reader = new DatabaseReader.Builder(in).build();
        return new GeoDatabase(location, check(location, reader), cacheSize, null);
    }

    private Loaded current() {
        return file == null ? fixed : file.current();
    }

    @Override
    public GeoLocation locate(InetAddress address) {
        if (address == null || current() == null) {
            return GeoLocation.UNKNOWN;
        }
        // Whether an address is reserved is decided once, with the lookup: its check copies the address each time.
        return cache.get(address, loader);
    }

    @Override
    public boolean enabled() {
        return current() != null;
    }

    @Override
    public String description() {
        Loaded db = current();
        return db == null ? "geolocation off until " + location + " is a usable database" : db.description();
    }

    /** Lookups that failed since start (a damaged database); each was answered as unknown. */
    long lookupErrors() {
        return lookupErrors.sum();
    }

    @Override
    public void close() {
        if (file != null) {
            file.close();
        }
        Loaded db = current();
        if (db != null) {
            closeQuietly(db.reader());
        }
    }

    private GeoLocation lookupUnlessReserved(InetAddress address) {
        return ReservedAddresses.isReserved(address) ? GeoLocation.UNKNOWN : lookup(address);
    }

    private GeoLocation lookup(InetAddress address) {
        for (int attempt = 0; attempt < 2; attempt++) {
            Loaded db = current();
            if (db == null) {
                return GeoLocation.UNKNOWN;
            }
            try {
                return find(db, address);
            } catch (com.maxmind.db.ClosedDatabaseException e) {
                // A reload swapped the reader between our read of `current` and the lookup: ask the new one.
                continue;
            } catch (IOException | GeoIp2Exception | RuntimeException e) {
                lookupErrors.increment();
                if (lookupErrorLogged.compareAndSet(false, true)) {
                    LOG.error("GeoIP lookup failed in {} ({}); such addresses are answered as unknown. The database"
                            + " looks damaged: replace the file. Further lookup errors are counted, not logged.",
                            location, e.toString());
                }
                LOG.debug("GeoIP lookup of {} failed", address, e);
                return GeoLocation.UNKNOWN;
            }
        }
        return GeoLocation.UNKNOWN;
    }

    private static GeoLocation find(Loaded db, InetAddress address) throws IOException, GeoIp2Exception {
        if (db.kind() == Kind.CITY) {
            return db.reader().tryCity(address).map(GeoDatabase::fromCity).orElse(GeoLocation.UNKNOWN);
        }
        return db.reader().tryCountry(address).map(GeoDatabase::fromCountry).orElse(GeoLocation.UNKNOWN);
    }

    private static GeoLocation fromCity(CityResponse r) {
        List<Subdivision> subdivisions = r.subdivisions() == null ? List.of() : r.subdivisions();
        Subdivision region = subdivisions.isEmpty() ? null : subdivisions.get(0);
        Location loc = r.location();
        Optional<GeoLocation.Coordinates> coordinates = Optional.empty();
        if (loc != null && loc.latitude() != null && loc.longitude() != null) {
            coordinates = Optional.of(new GeoLocation.Coordinates(loc.latitude(), loc.longitude(),
                    loc.accuracyRadius() == null ? 0 : loc.accuracyRadius()));
        }
        return new GeoLocation(country(r.country(), r.registeredCountry()), name(region),
                region == null ? "" : Objects.requireNonNullElse(region.isoCode(), ""), name(r.city()),
                loc == null ? "" : loc.timeZone(), coordinates);
    }

    private static GeoLocation fromCountry(CountryResponse r) {
        return GeoLocation.ofCountry(country(r.country(), r.registeredCountry()));
    }

    // Some networks (anycast, satellite) have no location country, only the registered one: better than nothing
    // for choosing a language.
    private static String country(com.maxmind.geoip2.record.Country located,
            com.maxmind.geoip2.record.Country registered) {
        String code = located == null ? null : located.isoCode();
        if (code == null && registered != null) {
            code = registered.isoCode();
        }
        return code == null ? "" : code.toUpperCase(Locale.ROOT);
    }

    private static String name(NamedRecord record) {
        if (record == null || record.names() == null || record.names().isEmpty()) {
            return "";
        }
        Map<String, String> names = record.names();
        return names.getOrDefault("en", names.values().iterator().next());
    }

    /** A replaced file is in use: forget what the old one said, and release it. */
    private void replaced(Loaded old, Loaded fresh) {
        cache.invalidateAll();
        if (old != null) {
            closeQuietly(old.reader());
        }
        LOG.info("GeoIP database {}: now using {}", location, fresh.description());
    }

    private static Loaded load(Path file) throws IOException {
        DatabaseReader reader = new DatabaseReader.Builder(file.toFile()).fileMode(Reader.FileMode.MEMORY_MAPPED)
                .build();
        return check(file.toString(), reader);
    }

    private static Loaded check(String location, DatabaseReader reader) throws IOException {
        String type = reader.metadata().databaseType();
        Kind kind;
        if (type.contains("City") || type.contains("Enterprise")) {
            kind = Kind.CITY;
        } else if (type.contains("Country")) {
            kind = Kind.COUNTRY;
        } else {
            closeQuietly(reader);
            throw new IOException(location + " is a " + type + " database: expected a City or Country database"
                    + " (GeoIP2/GeoLite2 City or Country, DB-IP lite, or the demo database)");
        }
        Loaded loaded = new Loaded(reader, kind, type + " built " + reader.metadata().buildTime()
                + " from " + location);
        for (byte[] probe : PROBES) {
            try {
                find(loaded, InetAddress.getByAddress(probe));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            } catch (GeoIp2Exception | IOException | RuntimeException e) {
                closeQuietly(reader);
                throw new IOException(location + " is damaged: a test lookup failed with " + e, e);
            }
        }
        return loaded;
    }

    private static void closeQuietly(DatabaseReader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            LOG.debug("closing a GeoIP reader failed", e);
        }
    }
}
