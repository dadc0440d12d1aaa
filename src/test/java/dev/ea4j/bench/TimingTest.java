package dev.ea4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimingTest {

    @Test
    void steadyTimingWarmsUpAtLeastAsAskedThenTimesTheRepeats() {
        int[] calls = {0};
        Timing.Steady s = Timing.timeSteady(3, 5, () -> calls[0]++);
        assertTrue(s.warmupRuns() >= 3, "warmup runs " + s.warmupRuns());
        assertEquals(5, s.stats().runs().length);
        assertEquals(s.warmupRuns() + 5, calls[0]);
        assertTrue(s.warmupSeconds() <= Timing.MAX_WARMUP_SECONDS + 1, "warmup took " + s.warmupSeconds() + " s");
    }

    @Test
    void steadyTimingRejectsBadCounts() {
        assertThrows(IllegalArgumentException.class, () -> Timing.timeSteady(-1, 5, () -> {}));
        assertThrows(IllegalArgumentException.class, () -> Timing.timeSteady(0, 0, () -> {}));
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertEquals(2.0, Timing.median(new double[] {3, 1, 2}));
        assertEquals(2.5, Timing.median(new double[] {4, 1, 2, 3}));
    }
}
