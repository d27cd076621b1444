package net.erpex.privacy.geoip;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes values in the MaxMind DB data section format (spec v2.0, "Output Data Section").
 *
 * <p>Java types map to fixed wire types so that MaxMind's Java reader hands back the type that went
 * in where it can: {@code String} to utf8_string; {@code Boolean} to boolean; {@code Double} to
 * double; {@code Integer} 0..65535 to uint16, other {@code Integer} values to int32; {@code Long}
 * 0..2<sup>32</sup>-1 to uint32, larger to uint64; {@code BigInteger} below 2<sup>64</sup> to uint64,
 * below 2<sup>128</sup> to uint128; {@code Map} with {@code String} keys to map (keys sorted, so
 * equal maps encode to equal bytes); {@code List} to array. Anything else, {@code null}, negative
 * {@code Long}/{@code BigInteger} and out-of-range values are rejected.
 */
final class DataEncoder {

    private static final int TYPE_UTF8_STRING = 2;
    private static final int TYPE_DOUBLE = 3;
    private static final int TYPE_UINT16 = 5;
    private static final int TYPE_UINT32 = 6;
    private static final int TYPE_MAP = 7;
    private static final int TYPE_INT32 = 8;
    private static final int TYPE_UINT64 = 9;
    private static final int TYPE_UINT128 = 10;
    private static final int TYPE_ARRAY = 11;
    private static final int TYPE_BOOLEAN = 14;

    private static final int MAX_SIZE = 65_821 + 0xFF_FFFF;
    private static final long MAX_UINT32 = 0xFFFF_FFFFL;
    private static final String ACCEPTED =
            "accepted: String, Integer, Long, Double, Boolean, BigInteger, Map<String, ?>, List<?>";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final String owner;

    /** @param owner what the encoded values belong to, for error messages (a network, "metadata") */
    DataEncoder(String owner) {
        this.owner = owner;
    }

    /** Encodes the data record of {@code network}. */
    static byte[] encodeRecord(Map<?, ?> record, Object network) {
        DataEncoder encoder = new DataEncoder(String.valueOf(network));
        if (record == null) {
            throw encoder.unsupported("", "null record");
        }
        encoder.value(record, "");
        return encoder.toByteArray();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    void value(Object value, String path) {
        if (value instanceof String s) {
            string(s);
        } else if (value instanceof Boolean b) {
            control(TYPE_BOOLEAN, b ? 1 : 0);
        } else if (value instanceof Double d) {
            control(TYPE_DOUBLE, 8);
            bigEndian(Double.doubleToLongBits(d), 8);
        } else if (value instanceof Integer i) {
            if (i >= 0 && i <= 0xFFFF) {
                uint16(i);
            } else {
                control(TYPE_INT32, 4);
                bigEndian(i, 4);
            }
        } else if (value instanceof Long l) {
            if (l < 0) {
                throw unsupported(path, "negative Long " + l + "; use Integer for signed 32-bit values");
            }
            if (l <= MAX_UINT32) {
                uint32(l);
            } else {
                unsigned(TYPE_UINT64, BigInteger.valueOf(l));
            }
        } else if (value instanceof BigInteger big) {
            if (big.signum() < 0 || big.bitLength() > 128) {
                throw unsupported(path, "BigInteger " + big + " outside 0 to 2^128-1");
            }
            unsigned(big.bitLength() > 64 ? TYPE_UINT128 : TYPE_UINT64, big);
        } else if (value instanceof Map<?, ?> map) {
            map(map, path);
        } else if (value instanceof List<?> list) {
            arrayHeader(list.size());
            for (int i = 0; i < list.size(); i++) {
                value(list.get(i), path + "[" + i + "]");
            }
        } else if (value == null) {
            throw unsupported(path, "null");
        } else {
            throw unsupported(path, value.getClass().getName());
        }
    }

    private void map(Map<?, ?> map, String path) {
        TreeMap<String, Object> sorted = new TreeMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw unsupported(path, "map key " + entry.getKey() + " (map keys must be String)");
            }
            sorted.put(key, entry.getValue());
        }
        mapHeader(sorted.size());
        sorted.forEach((key, v) -> {
            string(key);
            value(v, path.isEmpty() ? key : path + "." + key);
        });
    }

    void string(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        control(TYPE_UTF8_STRING, bytes.length);
        out.writeBytes(bytes);
    }

    void uint16(int value) {
        unsigned(TYPE_UINT16, BigInteger.valueOf(value));
    }

    void uint32(long value) {
        unsigned(TYPE_UINT32, BigInteger.valueOf(value));
    }

    void uint64(long value) {
        unsigned(TYPE_UINT64, BigInteger.valueOf(value));
    }

    void mapHeader(int pairs) {
        control(TYPE_MAP, pairs);
    }

    void arrayHeader(int elements) {
        control(TYPE_ARRAY, elements);
    }

    // Unsigned integers use as few bytes as the value needs; zero has no payload at all.
    private void unsigned(int type, BigInteger value) {
        byte[] raw = value.toByteArray();
        int skip = 0;
        while (skip < raw.length && raw[skip] == 0) {
            skip++;
        }
        control(type, raw.length - skip);
        out.write(raw, skip, raw.length - skip);
    }

    private void bigEndian(long value, int bytes) {
        for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
    }

    /**
     * Writes the control byte, the extended type byte for types above 7, then the size: below 29 it
     * fits in the control byte, above that 1 to 3 extra bytes hold the excess over 29, 285 or 65,821.
     */
    private void control(int type, int size) {
        if (size > MAX_SIZE) {
            throw new IllegalArgumentException("a value for " + owner + " has " + size
                    + " bytes or entries; the format allows at most " + MAX_SIZE);
        }
        int sizeBits;
        int extra;
        int extraBytes;
        if (size < 29) {
            sizeBits = size;
            extra = 0;
            extraBytes = 0;
        } else if (size < 285) {
            sizeBits = 29;
            extra = size - 29;
            extraBytes = 1;
        } else if (size < 65_821) {
            sizeBits = 30;
            extra = size - 285;
            extraBytes = 2;
        } else {
            sizeBits = 31;
            extra = size - 65_821;
            extraBytes = 3;
        }
        if (type <= 7) {
            out.write((type << 5) | sizeBits);
        } else {
            out.write(sizeBits);
            out.write(type - 7);
        }
        bigEndian(extra, extraBytes);
    }

    private IllegalArgumentException unsupported(String path, String what) {
        String where = path.isEmpty() ? "" : " at '" + path + "'";
        return new IllegalArgumentException(
                "unsupported data value for " + owner + where + ": " + what + "; " + ACCEPTED);
    }
}
