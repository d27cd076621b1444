package net.erpex.privacy.geoip;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a MaxMind DB ({@code .mmdb}, format 2.0) that MaxMind's readers, such as GeoIP2's
 * {@code DatabaseReader}, can open.
 *
 * <p>The database is always an IPv6 database ({@code ip_version} 6). IPv4 networks are stored under
 * {@code ::/96}, where readers look up IPv4 addresses, and {@code ::ffff:0:0/96} is an alias of that
 * subtree so that IPv4-mapped addresses find the same records. The 6to4 and Teredo ranges are not
 * aliased. Networks must not overlap each other or the IPv4-mapped range. Identical data records are
 * stored once. The same inserts and settings always produce the same bytes, whatever the insert order.
 *
 * <pre>{@code
 * MaxMindDbWriter writer = MaxMindDbWriter.builder("Example-City", Instant.ofEpochSecond(1_700_000_000))
 *         .languages(List.of("en"))
 *         .description("en", "Example data")
 *         .build();
 * writer.insert("192.0.2.0/24", Map.of("country", Map.of("iso_code", "FR")));
 * writer.write(Path.of("example.mmdb"));
 * }</pre>
 *
 * <p>Not thread-safe: build a database from one thread.
 */
public final class MaxMindDbWriter {

    private static final byte[] METADATA_MARKER = concat(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF},
            "MaxMind.com".getBytes(StandardCharsets.US_ASCII));
    private static final int MAX_METADATA_BYTES = 128 * 1024;

    private final String databaseType;
    private final long buildEpoch;
    private final List<String> languages;
    private final Map<String, String> description;
    private final int recordSize;
    private final SearchTree tree = new SearchTree();

    private MaxMindDbWriter(Builder builder) {
        this.databaseType = builder.databaseType;
        this.buildEpoch = builder.buildTime.getEpochSecond();
        this.languages = List.copyOf(builder.languages);
        this.description = Map.copyOf(builder.description);
        this.recordSize = builder.recordSize;
    }

    /**
     * Starts a writer.
     *
     * @param databaseType the metadata {@code database_type}; GeoIP2's {@code DatabaseReader} serves
     *     {@code city()} lookups for any type that contains "City"
     * @param buildTime the metadata {@code build_epoch}; pass a fixed value for reproducible output
     */
    public static Builder builder(String databaseType, Instant buildTime) {
        return new Builder(databaseType, buildTime);
    }

    /**
     * Maps every address of {@code cidr} to {@code data}.
     *
     * <p>Data values may be {@code String}, {@code Integer} (uint16 when 0..65535, else int32),
     * {@code Long} (uint32 when it fits, else uint64; not negative), {@code Double}, {@code Boolean},
     * {@code BigInteger} (uint64 or uint128), {@code Map<String, ?>} and {@code List<?>} of these.
     *
     * @param cidr an IPv4 or IPv6 network such as {@code 192.0.2.0/24} or {@code 2001:db8::/32},
     *     without host bits
     * @return this writer
     * @throws IllegalArgumentException if the network is malformed, overlaps a network inserted
     *     before or {@code ::ffff:0:0/96}, or the data holds a value of another type
     */
    public MaxMindDbWriter insert(String cidr, Map<String, ?> data) {
        Cidr network = Cidr.parse(cidr);
        tree.insert(network, DataEncoder.encodeRecord(data, network));
        return this;
    }

    /**
     * Writes the database to {@code out}, which is left open.
     *
     * @throws IllegalStateException if the database does not fit the record size chosen in the builder
     */
    public void write(OutputStream out) throws IOException {
        SearchTree.Serialised serialised = tree.serialise(recordSize);
        out.write(serialised.tree());
        out.write(new byte[16]);
        out.write(serialised.dataSection());
        out.write(METADATA_MARKER);
        out.write(metadata(serialised.nodeCount(), serialised.recordSize()));
        out.flush();
    }

    /** Writes the database to {@code file}, replacing it and creating missing parent directories. */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out);
        }
    }

    // Keys in a fixed order so that the output is byte-for-byte reproducible.
    private byte[] metadata(int nodeCount, int recordSize) {
        DataEncoder meta = new DataEncoder("metadata");
        meta.mapHeader(7 + (languages.isEmpty() ? 0 : 1) + (description.isEmpty() ? 0 : 1));
        meta.string("binary_format_major_version");
        meta.uint16(2);
        meta.string("binary_format_minor_version");
        meta.uint16(0);
        meta.string("build_epoch");
        meta.uint64(buildEpoch);
        meta.string("database_type");
        meta.string(databaseType);
        if (!description.isEmpty()) {
            meta.string("description");
            meta.value(new TreeMap<>(description), "description");
        }
        meta.string("ip_version");
        meta.uint16(6);
        if (!languages.isEmpty()) {
            meta.string("languages");
            meta.value(languages, "languages");
        }
        meta.string("node_count");
        meta.uint32(nodeCount);
        meta.string("record_size");
        meta.uint16(recordSize);
        byte[] bytes = meta.toByteArray();
        if (bytes.length + METADATA_MARKER.length > MAX_METADATA_BYTES) {
            throw new IllegalStateException("metadata of " + bytes.length + " bytes exceeds the format's limit of "
                    + MAX_METADATA_BYTES + " bytes; shorten the description");
        }
        return bytes;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] result = new byte[first.length + second.length];
        System.arraycopy(first, 0, result, 0, first.length);
        System.arraycopy(second, 0, result, first.length, second.length);
        return result;
    }

    /** Settings of the database metadata; each one is checked when it is set. */
    public static final class Builder {

        private final String databaseType;
        private final Instant buildTime;
        private final Set<String> languages = new LinkedHashSet<>();
        private final Map<String, String> description = new TreeMap<>();
        private int recordSize = SearchTree.SMALLEST_RECORD_SIZE;

        private Builder(String databaseType, Instant buildTime) {
            if (databaseType == null || databaseType.isBlank()) {
                throw new IllegalArgumentException("database type '" + databaseType + "' is blank; give a name such"
                        + " as 'Example-City'");
            }
            if (databaseType.startsWith("GeoIP")) {
                throw new IllegalArgumentException("database type '" + databaseType + "' starts with 'GeoIP', which"
                        + " the MaxMind DB specification reserves for MaxMind");
            }
            Objects.requireNonNull(buildTime, "buildTime");
            if (buildTime.getEpochSecond() < 0) {
                throw new IllegalArgumentException("build time " + buildTime + " is before 1970-01-01T00:00:00Z;"
                        + " the format stores an unsigned epoch second");
            }
            this.databaseType = databaseType;
            this.buildTime = buildTime;
        }

        /** The locale codes that records have names in, for the metadata {@code languages}; none by default. */
        public Builder languages(List<String> codes) {
            for (String code : codes) {
                if (code == null || code.isBlank() || !languages.add(code)) {
                    throw new IllegalArgumentException("language '" + code + "' in " + codes
                            + " is blank or repeated; give distinct locale codes such as 'en', 'pt-BR'");
                }
            }
            return this;
        }

        /** Adds the metadata description in {@code language}; none by default. */
        public Builder description(String language, String text) {
            if (language == null || language.isBlank() || text == null) {
                throw new IllegalArgumentException("description in language '" + language + "' must have a locale"
                        + " code such as 'en' and non-null text");
            }
            description.put(language, text);
            return this;
        }

        /**
         * Fixes the search tree record size at 24, 28 or 32 bits; by default the writer uses the
         * smallest that holds the database.
         */
        public Builder recordSize(int bits) {
            if (bits != 24 && bits != 28 && bits != 32) {
                throw new IllegalArgumentException("record size " + bits + " is not accepted; expected 24, 28 or 32");
            }
            recordSize = bits;
            return this;
        }

        /** Creates an empty writer with these settings. */
        public MaxMindDbWriter build() {
            return new MaxMindDbWriter(this);
        }
    }
}
