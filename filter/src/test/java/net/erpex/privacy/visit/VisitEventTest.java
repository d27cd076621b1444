package net.erpex.privacy.visit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class VisitEventTest {

    @Nested
    class Normalisation {

        @Test
        void turnsAbsentStringsIntoEmptyOnesAndKeepsAnUnknownAddressAbsent() {
            VisitEvent event = new VisitEvent("id-1", TestRecords.NOON, null, null, null, null, 200, null, null,
                    null, null, null, null, null, null, null);

            assertThat(event.address()).isNull();
            assertThat(event.id()).isEqualTo("id-1");
            assertThat(new String[] {event.ip(), event.method(), event.path(), event.userAgent(), event.secChUa(),
                event.secChUaMobile(), event.secChUaPlatform(), event.language(), event.referer(),
                event.requestHost(), event.sessionHash(), event.countryHint()}).containsOnly("");
        }

        @Test
        void keepsEveryValueItIsGiven() {
            VisitEvent event = new VisitEvent("id-2", TestRecords.NOON, null, "192.0.2.1", "POST", "/contact", 303,
                    "Mozilla/5.0", "\"Chromium\";v=\"131\"", "?0", "\"Linux\"", "fr", "https://example.net/a",
                    "shop.example", "sess", "CH", "honeypot");

            assertThat(new String[] {event.ip(), event.method(), event.path(), event.userAgent(), event.secChUa(),
                event.secChUaMobile(), event.secChUaPlatform(), event.language(), event.referer(),
                event.requestHost(), event.sessionHash(), event.countryHint(), event.blocked()})
                    .containsExactly("192.0.2.1", "POST", "/contact", "Mozilla/5.0", "\"Chromium\";v=\"131\"", "?0",
                            "\"Linux\"", "fr", "https://example.net/a", "shop.example", "sess", "CH", "honeypot");
            assertThat(event.status()).isEqualTo(303);
        }

        @Test
        void givesAnEventWithoutIdANewOne() {
            VisitEvent event = new VisitEvent(null, TestRecords.NOON, null, "", "GET", "/", 200, "", "", "", "", "",
                    "", "", "", "");

            assertThat(UUID.fromString(event.id()).version()).isEqualTo(7);
            assertThat(UUID.fromString(event.id()).getMostSignificantBits() >>> 16)
                    .isEqualTo(TestRecords.NOON.toEpochMilli());
        }

        @Test
        void requiresATime() {
            assertThatThrownBy(() -> new VisitEvent("id", null, null, "", "", "", 200, "", "", "", "", "", "", "",
                    "", "")).isInstanceOf(NullPointerException.class).hasMessage("time");
        }

        @Test
        void isDroppable() {
            assertThat(TestRecords.event(TestRecords.NOON).droppable()).isTrue();
        }
    }

    @Nested
    class Ids {

        @Test
        void areVersionSevenUuidsInUrlSafeText() {
            long before = System.currentTimeMillis();
            String id = VisitEvent.newId();
            UUID uuid = UUID.fromString(id);

            assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            assertThat(uuid.version()).isEqualTo(7);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid.getMostSignificantBits() >>> 16).isBetween(before, System.currentTimeMillis());
        }

        @Test
        void sortByTimeSoThatAnIndexTakesNewRowsAtItsEnd() {
            String earlier = VisitEvent.newId(1_700_000_000_000L);
            String later = VisitEvent.newId(1_700_000_000_001L);
            // As text and as PostgreSQL compares uuid values (bytes, unsigned): the millisecond decides.
            assertThat(earlier.compareTo(later)).isNegative();
            assertThat(earlier.replace("-", "")).startsWith(String.format("%012x", 1_700_000_000_000L));
            assertThat(VisitEvent.newId(1_700_000_000_000L)).isNotEqualTo(earlier);
        }

        @Test
        void doNotRepeat() {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 100_000; i++) {
                ids.add(VisitEvent.newId());
            }

            assertThat(ids).hasSize(100_000);
        }
    }
}
