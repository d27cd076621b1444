package net.erpex.privacy.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.erpex.privacy.shared.SharedState.Kind;
import net.erpex.privacy.testing.MutableClock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemorySharedStateTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    private Instant in(Duration d) {
        return clock.instant().plus(d);
    }

    @Nested
    class Claims {

        private final MemorySharedState state = MemorySharedState.inMemory(clock);

        @Test
        void passOnceUntilTheyExpireAndThenOnceAgain() {
            assertThat(state.claim(Kind.USED_CHALLENGE, "c0ffee", in(Duration.ofMinutes(5)))).isTrue();
            assertThat(state.claim(Kind.USED_CHALLENGE, "c0ffee", in(Duration.ofMinutes(5)))).isFalse();
            clock.advance(Duration.ofMinutes(5));
            assertThat(state.claim(Kind.USED_CHALLENGE, "c0ffee", in(Duration.ofMinutes(5)))).isTrue();
        }

        @Test
        void areKeptApartByKind() {
            assertThat(state.claim(Kind.USED_CHALLENGE, "abc", in(Duration.ofMinutes(1)))).isTrue();
            assertThat(state.claim(Kind.USED_RECAPTCHA_TOKEN, "abc", in(Duration.ofMinutes(1)))).isTrue();
            assertThat(state.isClaimed(Kind.REVOKED_SESSION, "abc")).isFalse();
        }

        @Test
        void refuseWhatIsAlreadyExpiredAndKeysThatAreNotKeys() {
            assertThat(state.claim(Kind.USED_CHALLENGE, "old", clock.instant())).isFalse();
            assertThat(state.claim(Kind.USED_CHALLENGE, "with space", in(Duration.ofMinutes(1)))).isFalse();
            assertThat(state.claim(Kind.USED_CHALLENGE, "x".repeat(SharedState.MAX_KEY + 1), in(Duration.ofMinutes(1))))
                    .isFalse();
            assertThat(state.claim(Kind.USED_CHALLENGE, null, in(Duration.ofMinutes(1)))).isFalse();
        }

        @Test
        void showInIsClaimedUntilTheyExpire() {
            state.claim(Kind.REVOKED_SESSION, "hash_1-A", in(Duration.ofHours(8)));
            assertThat(state.isClaimed(Kind.REVOKED_SESSION, "hash_1-A")).isTrue();
            clock.advance(Duration.ofHours(8));
            assertThat(state.isClaimed(Kind.REVOKED_SESSION, "hash_1-A")).isFalse();
        }

        @Test
        void rememberedFromElsewhereKeepTheLaterExpiry() {
            state.remember(Kind.REVOKED_SESSION, "h", in(Duration.ofHours(2)));
            state.remember(Kind.REVOKED_SESSION, "h", in(Duration.ofHours(1)));
            clock.advance(Duration.ofMinutes(90));
            assertThat(state.isClaimed(Kind.REVOKED_SESSION, "h")).isTrue();
        }

        @Test
        void passOnceAmongSixteenConcurrentClaimants() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Callable<Boolean>> tries = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    tries.add(() -> state.claim(Kind.USED_CHALLENGE, "race", in(Duration.ofMinutes(1))));
                }
                int won = 0;
                for (Future<Boolean> f : pool.invokeAll(tries)) {
                    won += f.get() ? 1 : 0;
                }
                assertThat(won).isEqualTo(1);
            } finally {
                pool.shutdown();
            }
        }
    }

    @Nested
    class Buckets {

        private final MemorySharedState state = MemorySharedState.inMemory(clock);

        @Test
        void letABurstOfTheWholeBudgetThroughThenRefillEvenly() {
            for (int i = 0; i < 3; i++) {
                assertThat(state.tryTake("b", 3, Duration.ofMinutes(1))).isTrue();
            }
            assertThat(state.tryTake("b", 3, Duration.ofMinutes(1))).isFalse();
            clock.advance(Duration.ofSeconds(19));
            assertThat(state.tryTake("b", 3, Duration.ofMinutes(1))).isFalse();
            clock.advance(Duration.ofSeconds(1));
            assertThat(state.tryTake("b", 3, Duration.ofMinutes(1))).isTrue();
            assertThat(state.tryTake("b", 3, Duration.ofMinutes(1))).isFalse();
        }

        @Test
        void areFullAgainAfterAnIdlePeriodAndSeparatePerName() {
            state.tryTake("a", 1, Duration.ofMinutes(1));
            assertThat(state.tryTake("a", 1, Duration.ofMinutes(1))).isFalse();
            assertThat(state.tryTake("other", 1, Duration.ofMinutes(1))).isTrue();
            clock.advance(Duration.ofHours(1));
            assertThat(state.tryTake("a", 1, Duration.ofMinutes(1))).isTrue();
        }
    }

    @Nested
    class Journal {

        @TempDir
        Path dir;

        @Test
        void bringsLiveClaimsBackAfterARestartAndForgetsExpiredOnes() throws Exception {
            Path file = dir.resolve("shared-state.jsonl");
            try (MemorySharedState before = MemorySharedState.journaled(file, clock)) {
                assertThat(before.claim(Kind.USED_CHALLENGE, "used", in(Duration.ofMinutes(10)))).isTrue();
                assertThat(before.claim(Kind.REVOKED_SESSION, "gone", in(Duration.ofHours(8)))).isTrue();
                assertThat(before.claim(Kind.USED_CHALLENGE, "short", in(Duration.ofMinutes(1)))).isTrue();
            }
            clock.advance(Duration.ofMinutes(2));
            try (MemorySharedState after = MemorySharedState.journaled(file, clock)) {
                assertThat(after.claim(Kind.USED_CHALLENGE, "used", in(Duration.ofMinutes(10)))).isFalse();
                assertThat(after.isClaimed(Kind.REVOKED_SESSION, "gone")).isTrue();
                assertThat(after.claim(Kind.USED_CHALLENGE, "short", in(Duration.ofMinutes(1)))).isTrue();
            }
        }

        @Test
        void skipsLinesThatAreNotClaimsIncludingATornLastOne() throws Exception {
            Path file = dir.resolve("shared-state.jsonl");
            long until = in(Duration.ofMinutes(10)).toEpochMilli();
            Files.writeString(file, "garbage\n{\"kind\":\"nope\",\"key\":\"k\",\"expires\":" + until + "}\n"
                    + "{\"kind\":\"challenge\",\"key\":\"ok\",\"expires\":" + until + "}\n"
                    + "{\"kind\":\"challenge\",\"key\":\"extra\",\"expires\":" + until + "} trailing\n"
                    + "[1,2]\n{\"kind\":\"challenge\",\"key\":\"torn\",\"exp", StandardCharsets.UTF_8);
            try (MemorySharedState state = MemorySharedState.journaled(file, clock)) {
                assertThat(state.isClaimed(Kind.USED_CHALLENGE, "ok")).isTrue();
                assertThat(state.isClaimed(Kind.USED_CHALLENGE, "extra")).isFalse();
                assertThat(state.isClaimed(Kind.USED_CHALLENGE, "torn")).isFalse();
            }
        }

        @Test
        void compactsToTheLiveClaimsWhenDeadLinesDominate() throws Exception {
            Path file = dir.resolve("shared-state.jsonl");
            try (MemorySharedState state = MemorySharedState.journaled(file, clock)) {
                for (int i = 0; i < 1500; i++) {
                    state.claim(Kind.USED_CHALLENGE, "dead" + i, in(Duration.ofMinutes(1)));
                }
                state.claim(Kind.USED_CHALLENGE, "live", in(Duration.ofHours(1)));
                clock.advance(Duration.ofMinutes(2));
                state.compactIfWorthIt();
                assertThat(Files.readAllLines(file)).hasSize(1).allMatch(l -> l.contains("\"live\""));
                state.claim(Kind.USED_CHALLENGE, "later", in(Duration.ofHours(1)));
            }
            try (MemorySharedState again = MemorySharedState.journaled(file, clock)) {
                assertThat(again.isClaimed(Kind.USED_CHALLENGE, "live")).isTrue();
                assertThat(again.isClaimed(Kind.USED_CHALLENGE, "later")).isTrue();
            }
        }

        @Test
        void neverThrowsOnRandomLines() throws Exception {
            java.util.Random random = new java.util.Random(11);
            String alphabet = "{}[]\":,0123456789abcdefghijklmnopqrstuvwxyz-\\ ";
            for (int run = 0; run < 5000; run++) {
                StringBuilder line = new StringBuilder();
                for (int i = random.nextInt(80); i > 0; i--) {
                    line.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                ClaimJournal.parse(line.toString());
            }
        }
    }
}
