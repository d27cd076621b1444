package net.erpex.privacy.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.erpex.privacy.visit.JsonWriter;
import net.erpex.privacy.visit.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index's keyed hashes are stored in index files: a value must hash to what SipHash of the UTF-8 bytes of its
 * kind letter and the value gives under the directory's key, whichever way the bytes are made.
 */
class IndexKeysTest {

    @TempDir
    Path dir;

    /** SipHash of {@code kind + value} in UTF-8 under the key in {@code dir}: the format of the index files. */
    private long reference(char kind, String value) throws IOException {
        ByteBuffer key = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(IndexKeys.KEY_FILE)));
        byte[] bytes = (kind + value).getBytes(StandardCharsets.UTF_8);
        return new SipHash(key.getLong(), key.getLong()).hash(bytes, 0, bytes.length);
    }

    @Test
    void hashesTheUtf8BytesOfTheKindAndTheValueAsTheIndexFilesDo() throws IOException {
        IndexKeys keys = IndexKeys.open(dir);
        String sessionHash = "q1w2e3r4t5y6u7i8o9p0-_";
        assertThat(keys.session(sessionHash)).isEqualTo(reference('s', sessionHash));
        assertThat(keys.consent("c0ffee00-1234-5678-9abc-def012345678"))
                .isEqualTo(reference('c', "c0ffee00-1234-5678-9abc-def012345678"));
        assertThat(keys.session("")).isEqualTo(reference('s', ""));
        // Beyond ASCII (a value nobody should make, but one an index must still agree on), at the first char and later.
        for (String odd : new String[] {"é", "abcé", "abc\u20ac", "a\uD83D\uDE00b", "abc\uD800", "\u007f\u0080"}) {
            assertThat(keys.session(odd)).as(odd).isEqualTo(reference('s', odd));
            assertThat(keys.consent(odd)).as(odd).isEqualTo(reference('c', odd));
        }
        assertThat(keys.session("abc")).isNotEqualTo(keys.consent("abc"));
    }

    @Test
    void aRecordIsFoundByItsTrimmedSessionAndItsConsentIdWhenItHasThem() throws IOException {
        IndexKeys keys = IndexKeys.open(dir);
        List<Long> found = new ArrayList<>();
        keys.forEach(record(" sess-1 ", ""), found::add);
        keys.forEach(record("", "consent-2"), found::add);
        keys.forEach(record("sess-3", "consent-3"), found::add);
        keys.forEach(record("  ", null), found::add);
        keys.forEach(record(null, " \t"), found::add);
        assertThat(found).containsExactly(keys.session("sess-1"), keys.consent("consent-2"), keys.session("sess-3"),
                keys.consent("consent-3"));
    }

    @Test
    void aDirectoryKeepsItsKeyAndAnotherDirectoryHashesDifferently(@TempDir Path other) throws IOException {
        long first = IndexKeys.open(dir).session("sess-1");
        assertThat(IndexKeys.open(dir).session("sess-1")).isEqualTo(first);
        assertThat(IndexKeys.open(dir).keyId()).isEqualTo(IndexKeys.open(dir).keyId());
        assertThat(IndexKeys.open(other).session("sess-1")).isNotEqualTo(first);
        assertThat(IndexKeys.open(other).keyId()).isNotEqualTo(IndexKeys.open(dir).keyId());
    }

    private static LogRecord record(String session, String consentId) {
        return new LogRecord() {
            @Override
            public String stream() {
                return "visits";
            }

            @Override
            public Instant time() {
                return Instant.EPOCH;
            }

            @Override
            public String id() {
                return "r";
            }

            @Override
            public String session() {
                return session;
            }

            @Override
            public String consentId() {
                return consentId;
            }

            @Override
            public void writeJson(JsonWriter w) {
                w.startObject().endObject();
            }
        };
    }
}
