package net.erpex.privacy.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.function.LongConsumer;
import net.erpex.privacy.visit.LogRecord;

/**
 * What the JSON-lines index stores in place of a record's keys: a keyed 64-bit hash ({@link SipHash}) of its session
 * hash and of its consent id, never the values themselves. The 128-bit key is made at random the first time and kept
 * in {@code index/key} beside the index files; whoever holds the index files without it learns only which lines share
 * a key, which the data files show anyway. A lost key only makes the indexes unusable: they are rebuilt.
 */
final class IndexKeys {

    static final String KEY_FILE = "key";
    private static final int KEY_BYTES = 16;

    private final SipHash hash;
    /** Stamped in every index file: an index made under another key is not used. */
    private final long keyId;

    private IndexKeys(byte[] key) {
        ByteBuffer b = ByteBuffer.wrap(key);
        this.hash = new SipHash(b.getLong(), b.getLong());
        byte[] probe = "erpex-index-key-id".getBytes(StandardCharsets.US_ASCII);
        this.keyId = hash.hash(probe, 0, probe.length);
    }

    /** The key of {@code indexDir}, made if there is none (or none of the right length). */
    static IndexKeys open(Path indexDir) throws IOException {
        Path file = indexDir.resolve(KEY_FILE);
        if (Files.isRegularFile(file) && Files.size(file) == KEY_BYTES) {
            return new IndexKeys(Files.readAllBytes(file));
        }
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Path temp = indexDir.resolve(KEY_FILE + ".new");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap(key));
            out.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return new IndexKeys(key);
    }

    long keyId() {
        return keyId;
    }

    long session(String value) {
        return of('s', value);
    }

    long consent(String value) {
        return of('c', value);
    }

    /** The hashes a record is found by: its session's and its consent id's, when it has them. */
    void forEach(String session, String consentId, LongConsumer sink) {
        if (session != null && !session.isBlank()) {
            sink.accept(session(session.trim()));
        }
        if (consentId != null && !consentId.isBlank()) {
            sink.accept(consent(consentId.trim()));
        }
    }

    void forEach(LogRecord record, LongConsumer sink) {
        forEach(record.session(), record.consentId(), sink);
    }

    private long of(char kind, String value) {
        byte[] bytes = (kind + value).getBytes(StandardCharsets.UTF_8);
        return hash.hash(bytes, 0, bytes.length);
    }
}
