package dev.ea4j.bench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The linear/quadratic fit tells a linear series from a quadratic one and recovers the coefficients. */
class MemoryFitTest {

    static final double[] L = {256, 512, 1024, 2048, 4096, 8192};

    @Test
    void linearSeriesIsLinear() {
        double[] y = new double[L.length];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < L.length; i++) y[i] = (3e8 + 4e5 * L[i]) * (1 + 1e-3 * (r.nextDouble() - 0.5));
        MemoryFit f = MemoryFit.of(L, y);
        assertEquals(4e5, f.b(), 4e5 * 0.01);
        assertTrue(f.r2Linear() > 0.999);
        assertFalse(f.superlinear());
        assertEquals("linear", f.verdict());
    }

    @Test
    void quadraticSeriesIsSuperlinear() {
        double[] y = new double[L.length];
        for (int i = 0; i < L.length; i++) y[i] = 3e8 + 4e5 * L[i] + 64 * L[i] * L[i];
        MemoryFit f = MemoryFit.of(L, y);
        assertEquals(64, f.qc(), 1e-6 * 64);
        assertEquals(4e5, f.qb(), 4e5 * 1e-6);
        assertEquals(3e8, f.qa(), 3e8 * 1e-6);
        assertEquals(1.0, f.r2Quadratic(), 1e-12);
        assertTrue(f.r2Linear() < f.r2Quadratic());
        assertTrue(f.superlinear());
        assertEquals("superlinear", f.verdict());
    }

    @Test
    void twoPointsFitOnlyALine() {
        MemoryFit f = MemoryFit.of(new double[] {1, 2}, new double[] {3, 5});
        assertEquals(2, f.b(), 1e-12);
        assertEquals(1, f.a(), 1e-12);
        assertTrue(Double.isNaN(f.qc()));
        assertFalse(f.superlinear());
    }
}
