package dev.ea4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** PairedRoofline's arithmetic (no wall-clock checks: timing is for bench/). */
class PairedRooflineTest {

    @Test
    void aRunMovingTheCopysBytesPerSecondIsFractionOne() {
        // 1000 elements x 16 B in 1 ms against a copy of 16000 B in 1 ms
        assertEquals(1.0, PairedRoofline.fraction(16, 1000, 1e-3, 16_000, 1e-3), 1e-12);
    }

    @Test
    void theFractionFollowsTheRunAndTheCopy() {
        double base = PairedRoofline.fraction(28, 3_145_728, 0.010, 536_870_912, 0.012);
        assertEquals(base / 2, PairedRoofline.fraction(28, 3_145_728, 0.020, 536_870_912, 0.012), 1e-12);
        assertEquals(base * 2, PairedRoofline.fraction(28, 3_145_728, 0.010, 536_870_912, 0.024), 1e-12);
        // 28 B x 3145728 / 10 ms = 8.81 GB/s against 536870912 B / 12 ms = 44.74 GB/s
        assertEquals(0.196875, base, 1e-9);
    }

    @Test
    void rejectsNonPositiveTimesAndNoRounds() {
        assertThrows(IllegalArgumentException.class, () -> PairedRoofline.fraction(16, 10, 0, 100, 1));
        assertThrows(IllegalArgumentException.class, () -> PairedRoofline.fraction(16, 10, 1, 100, 0));
        assertThrows(IllegalArgumentException.class, () -> PairedRoofline.measure(0, 10, () -> {}, 100, () -> {},
                () -> {}));
    }

    @Test
    void mediansAreOverTheRounds() {
        PairedRoofline.Result r = new PairedRoofline.Result(new double[] {0.3, 0.1, 0.2},
                new double[] {0.05, 0.25, 0.15});
        assertEquals(0.2, r.fwdMedian(), 1e-12);
        assertEquals(0.15, r.fwdBwdMedian(), 1e-12);
    }
}
