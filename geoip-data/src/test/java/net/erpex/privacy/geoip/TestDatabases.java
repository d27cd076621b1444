package net.erpex.privacy.geoip;

import com.maxmind.db.Reader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Writes small databases in memory and reads them back through MaxMind's own reader. */
final class TestDatabases {

    static final Instant BUILD_TIME = Instant.parse("2025-11-25T00:00:00Z");

    private TestDatabases() {
    }

    static MaxMindDbWriter.Builder builder() {
        return MaxMindDbWriter.builder("Test-City", BUILD_TIME);
    }

    static Map<String, Object> tag(String name) {
        return Map.of("tag", name);
    }

    static byte[] bytes(MaxMindDbWriter writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Reader reader(byte[] database) throws IOException {
        return new Reader(new ByteArrayInputStream(database));
    }

    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> lookUp(byte[] database, InetAddress address) throws IOException {
        try (Reader reader = reader(database)) {
            return Optional.ofNullable((Map<String, Object>) reader.get(address, Map.class));
        }
    }

    static Optional<Object> tagOf(byte[] database, InetAddress address) throws IOException {
        return lookUp(database, address).map(record -> record.get("tag"));
    }

    static InetAddress ip(String literal) throws IOException {
        return InetAddress.getByName(literal);
    }

    /** An IPv4-mapped address kept as 16 bytes; InetAddress.getByName would turn it into an Inet4Address. */
    static InetAddress ipv4Mapped(String ipv4) throws IOException {
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(ip(ipv4).getAddress(), 0, v6, 12, 4);
        return Inet6Address.getByAddress(null, v6, -1);
    }
}
