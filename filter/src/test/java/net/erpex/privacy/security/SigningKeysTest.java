package net.erpex.privacy.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SigningKeysTest {

    /** Two 32-byte keys; the second decodes from URL-safe base64 only. */
    private static final String FIRST = base64(fill(32, (byte) 1));
    private static final String SECOND = Base64.getUrlEncoder().encodeToString(fill(32, (byte) 0xfb));
    private static final byte[] DATA = "payload".getBytes(StandardCharsets.US_ASCII);

    private static byte[] fill(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Nested
    class Tags {

        /** Keys of the shortest length, longer, exactly a SHA-256 block, and longer than a block (hashed first). */
        @ParameterizedTest
        @ValueSource(ints = {32, 33, 63, 64, 65, 131})
        void areThoseOfThePlatformsHmacSha256ForEveryLengthOfKeyAndData(int keyLength) throws Exception {
            byte[] key = new byte[keyLength];
            new Random(keyLength).nextBytes(key);
            SigningKeys keys = SigningKeys.parse(base64(key));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (int length = 0; length <= 130; length++) {
                byte[] data = new byte[length];
                new Random(length).nextBytes(data);
                byte[] expected = mac.doFinal(data);
                assertThat(keys.sign(data)).isEqualTo(Arrays.copyOf(expected, SigningKeys.TAG_BYTES));
                String purpose = "p".repeat(length);
                assertThat(keys.derive(purpose)).isEqualTo(
                        mac.doFinal(("erpex-derive:" + purpose).getBytes(StandardCharsets.UTF_8)));
            }
        }

        @Test
        void areTheSameFromManyThreadsAtOnce() throws Exception {
            SigningKeys keys = SigningKeys.parse(FIRST);
            byte[] expected = keys.sign(DATA);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> all = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    all.add(pool.submit(() -> {
                        boolean same = true;
                        for (int i = 0; i < 20_000; i++) {
                            same &= Arrays.equals(keys.sign(DATA), expected) && keys.verify(DATA, expected);
                        }
                        return same;
                    }));
                }
                for (Future<Boolean> f : all) {
                    assertThat(f.get()).isTrue();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class Parsing {

        @Test
        void readsStandardAndUrlSafeKeysSeparatedByCommasAndBlanks() {
            assertThat(SECOND).contains("-").contains("_");
            SigningKeys keys = SigningKeys.parse(" " + FIRST + " ,, " + SECOND + " ");
            assertThat(keys.toString()).isEqualTo("SigningKeys[2]");
            assertThat(keys.ephemeral()).isFalse();
        }

        @Test
        void readsAStandardKeyWithPlusAndSlash() {
            String key = base64(fill(33, (byte) 0xfb));
            assertThat(key).contains("+").contains("/");
            SigningKeys keys = SigningKeys.parse(key);
            assertThat(keys.verify(DATA, keys.sign(DATA))).isTrue();
        }

        @Test
        void readsUrlSafeKeysWhoseOnlyUrlSafeCharacterComesFirst() {
            // '-' (62) and '_' (63) as the first sextet, the rest 'A' (0): 44 characters, 33 bytes.
            SigningKeys dash = SigningKeys.parse("-" + "A".repeat(43));
            SigningKeys underscore = SigningKeys.parse("_" + "A".repeat(43));
            assertThat(dash.sign(DATA)).isNotEqualTo(underscore.sign(DATA));
        }

        @Test
        void acceptsAKeyOfExactlyTheMinimumLength() {
            assertThat(SigningKeys.parse(base64(fill(SigningKeys.MIN_KEY_BYTES, (byte) 7))).toString())
                    .isEqualTo("SigningKeys[1]");
        }

        @Test
        void rejectsAShortKeyByPositionAndLengthWithoutPrintingIt() {
            String shortKey = base64(fill(SigningKeys.MIN_KEY_BYTES - 1, (byte) 7));
            assertThatIllegalArgumentException().isThrownBy(() -> SigningKeys.parse(FIRST + "," + shortKey))
                    .withMessageStartingWith("key #2 has 31 bytes: expected at least 32")
                    .withMessageNotContaining(shortKey).withMessageNotContaining(FIRST);
        }

        @Test
        void rejectsAnEntryThatIsNotBase64ByPositionWithoutPrintingAnyKey() {
            assertThatIllegalArgumentException().isThrownBy(() -> SigningKeys.parse(FIRST + ",!!typo," + SECOND))
                    .withMessageStartingWith("key #2 is not base64")
                    .withMessageNotContaining("!!typo").withMessageNotContaining(FIRST)
                    .withMessageNotContaining(SECOND);
        }

        @Test
        void rejectsAnEmptyOrMissingList() {
            assertThatIllegalArgumentException().isThrownBy(() -> SigningKeys.parse(" , "))
                    .withMessageStartingWith("no key given");
            assertThatIllegalArgumentException().isThrownBy(() -> SigningKeys.parse(null))
                    .withMessageStartingWith("no key given");
        }
    }

    @Nested
    class SigningAndVerifying {

        private final SigningKeys keys = SigningKeys.parse(FIRST + "," + SECOND);

        @Test
        void verifiesItsOwnTagsOfTheDocumentedLength() {
            byte[] tag = keys.sign(DATA);
            assertThat(tag).hasSize(SigningKeys.TAG_BYTES);
            assertThat(keys.verify(DATA, tag)).isTrue();
        }

        @Test
        void rejectsATagOfOtherData() {
            assertThat(keys.verify("other".getBytes(StandardCharsets.US_ASCII), keys.sign(DATA))).isFalse();
        }

        @Test
        void rejectsAnEmptyAMissingATruncatedAndAnOverlongTag() {
            byte[] tag = keys.sign(DATA);
            assertThat(keys.verify(DATA, new byte[0])).isFalse();
            assertThat(keys.verify(DATA, null)).isFalse();
            assertThat(keys.verify(DATA, Arrays.copyOf(tag, SigningKeys.TAG_BYTES - 1))).isFalse();
            assertThat(keys.verify(DATA, Arrays.copyOf(tag, SigningKeys.TAG_BYTES + 1))).isFalse();
        }

        @Test
        void signsWithTheFirstKeyOnly() {
            byte[] tag = keys.sign(DATA);
            assertThat(SigningKeys.parse(FIRST).verify(DATA, tag)).isTrue();
            assertThat(SigningKeys.parse(SECOND).verify(DATA, tag)).isFalse();
        }

        @Test
        void verifiesATagOfTheSecondKeyDuringARotation() {
            byte[] oldTag = SigningKeys.parse(SECOND).sign(DATA);
            assertThat(keys.verify(DATA, oldTag)).isTrue();
        }

        @Test
        void rejectsATagOfAKeyNoLongerListed() {
            byte[] tag = SigningKeys.parse(base64(fill(32, (byte) 9))).sign(DATA);
            assertThat(keys.verify(DATA, tag)).isFalse();
        }
    }

    @Nested
    class RandomKeys {

        @Test
        void areEphemeralAndSaySo() {
            SigningKeys keys = SigningKeys.random();
            assertThat(keys.ephemeral()).isTrue();
            assertThat(keys.toString()).isEqualTo("SigningKeys[1 ephemeral]");
        }

        @Test
        void areNeverTheAllZeroKeyAndDifferFromEachOther() {
            SigningKeys zero = SigningKeys.parse(base64(new byte[SigningKeys.MIN_KEY_BYTES]));
            SigningKeys a = SigningKeys.random();
            SigningKeys b = SigningKeys.random();
            assertThat(a.sign(DATA)).isNotEqualTo(zero.sign(DATA)).isNotEqualTo(b.sign(DATA));
            assertThat(zero.verify(DATA, a.sign(DATA))).isFalse();
        }
    }

    @Nested
    class Derivation {

        private final SigningKeys keys = SigningKeys.parse(FIRST + "," + SECOND);

        @Test
        void isStablePerPurposeAndKeyAndDiffersBetweenPurposes() {
            assertThat(keys.derive("ip")).isEqualTo(SigningKeys.parse(FIRST).derive("ip")).hasSize(32)
                    .isNotEqualTo(keys.derive("other"));
            assertThat(SigningKeys.parse(SECOND).derive("ip")).isNotEqualTo(keys.derive("ip"));
        }
    }
}
