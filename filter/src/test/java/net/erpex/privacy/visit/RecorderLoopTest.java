package net.erpex.privacy.visit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How long the recorder sleeps between drains of a batch. */
class RecorderLoopTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long FLUSH = 200 * MS;

    @Test
    void sleepsTwiceAsLongWhileASliceBringsAtMostAnEighthOfTheQueue() {
        assertThat(RecorderLoop.nextSlice(5 * MS, 0, 10_000, FLUSH)).isEqualTo(10 * MS);
        assertThat(RecorderLoop.nextSlice(5 * MS, 1_250, 10_000, FLUSH)).isEqualTo(10 * MS);
    }

    @Test
    void sleepsHalfAsLongWhenASliceBringsMore() {
        assertThat(RecorderLoop.nextSlice(40 * MS, 1_251, 10_000, FLUSH)).isEqualTo(20 * MS);
        assertThat(RecorderLoop.nextSlice(5 * MS, 3, 16, FLUSH)).isEqualTo(2 * MS + MS / 2);
    }

    @Test
    void staysBetweenOneMillisecondAndTheFlushInterval() {
        assertThat(RecorderLoop.nextSlice(150 * MS, 0, 10_000, FLUSH)).isEqualTo(FLUSH);
        assertThat(RecorderLoop.nextSlice(FLUSH, 0, 10_000, FLUSH)).isEqualTo(FLUSH);
        assertThat(RecorderLoop.nextSlice(MS, 9_000, 10_000, FLUSH)).isEqualTo(MS);
        assertThat(RecorderLoop.nextSlice(MS, 0, 10_000, 0)).isEqualTo(MS);
    }
}
