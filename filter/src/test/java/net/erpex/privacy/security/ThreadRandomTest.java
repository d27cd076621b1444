package net.erpex.privacy.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadRandomTest {

    @Test
    void neverHandsOutTheSameBytesTwiceAcrossRefillsAndThreads() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.execute(() -> {
                // More than a buffer's worth on each thread, with sizes that do not divide it.
                for (int i = 0; i < 3 * ThreadRandom.BUFFER / 16; i++) {
                    byte[] id = new byte[i % 3 == 0 ? 16 : 24];
                    ThreadRandom.nextBytes(id);
                    assertThat(seen.add(HexFormat.of().formatHex(id))).isTrue();
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).hasSize(4 * 3 * ThreadRandom.BUFFER / 16);
    }

    @Test
    void fillsEveryByteOfSmallAndLargeRequestsWithoutBias() {
        // Every byte value appears across 64 KiB, and no position is left at zero by a short copy.
        int[] counts = new int[256];
        byte[] large = new byte[ThreadRandom.BUFFER * 64 + 7];
        ThreadRandom.nextBytes(large);
        for (byte b : large) {
            counts[b & 0xFF]++;
        }
        assertThat(java.util.Arrays.stream(counts).boxed().toList())
                .allMatch(c -> c > large.length / 256 / 2 && c < large.length / 256 * 2);
        Set<Integer> lastBytes = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            byte[] small = new byte[ThreadRandom.BUFFER - 1];
            ThreadRandom.nextBytes(small);
            lastBytes.add(small[small.length - 1] & 0xFF);
        }
        assertThat(lastBytes).hasSizeGreaterThan(100);
    }
}
