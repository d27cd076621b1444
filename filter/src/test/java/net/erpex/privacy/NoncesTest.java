package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** CSP nonces: 128 random bits each, base64, never repeated, across the batches the generator is asked for. */
class NoncesTest {

    @Test
    void areBase64Of128BitsAndNeverRepeat() {
        Nonces nonces = new Nonces();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < Nonces.BATCH * 5 + 3; i++) {
            String nonce = nonces.next();
            assertThat(nonce).matches("[A-Za-z0-9+/]{22}==");
            assertThat(Base64.getDecoder().decode(nonce)).hasSize(16);
            assertThat(seen.add(nonce)).as("nonce %d repeated", i).isTrue();
        }
    }

    @Test
    void useEveryBitValue() {
        // 64 nonces of 128 random bits: each bit position is 0 in some and 1 in others (a fixed or zeroed buffer
        // would show as a position that never changes).
        Nonces nonces = new Nonces();
        byte[] or = new byte[16];
        byte[] and = new byte[16];
        java.util.Arrays.fill(and, (byte) 0xFF);
        for (int i = 0; i < 64; i++) {
            byte[] b = Base64.getDecoder().decode(nonces.next());
            for (int j = 0; j < 16; j++) {
                or[j] |= b[j];
                and[j] &= b[j];
            }
        }
        for (int j = 0; j < 16; j++) {
            assertThat(or[j]).as("byte %d", j).isEqualTo((byte) 0xFF);
            assertThat(and[j]).as("byte %d", j).isEqualTo((byte) 0);
        }
    }
}
