package net.erpex.privacy.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** SipHash-2-4 against the reference vectors of its paper (key 00..0f, messages 00..(n-1)). */
class SipHashTest {

    private static final SipHash REFERENCE = new SipHash(0x0706050403020100L, 0x0f0e0d0c0b0a0908L);

    private static long of(int length) {
        byte[] message = new byte[length];
        for (int i = 0; i < length; i++) {
            message[i] = (byte) i;
        }
        return REFERENCE.hash(message, 0, length);
    }

    @Test
    void matchesTheReferenceVectors() {
        assertThat(of(0)).isEqualTo(0x726fdb47dd0e0e31L);
        assertThat(of(1)).isEqualTo(0x74f839c593dc67fdL);
        assertThat(of(7)).isEqualTo(0xab0200f58b01d137L);
        assertThat(of(8)).isEqualTo(0x93f5f5799a932462L);
        assertThat(of(15)).isEqualTo(0xa129ca6149be45e5L);
        assertThat(of(63)).isEqualTo(0x958a324ceb064572L);
    }

    @Test
    void readsTheMessageAtItsOffsetWithinALargerArray() {
        for (int length : new int[] {0, 1, 7, 8, 15, 63}) {
            for (int offset : new int[] {1, 3, 8}) {
                byte[] padded = new byte[offset + length + 9];
                java.util.Arrays.fill(padded, (byte) 0xA5);
                for (int i = 0; i < length; i++) {
                    padded[offset + i] = (byte) i;
                }
                assertThat(REFERENCE.hash(padded, offset, length)).as("length %d at %d", length, offset)
                        .isEqualTo(of(length));
            }
        }
    }
}
