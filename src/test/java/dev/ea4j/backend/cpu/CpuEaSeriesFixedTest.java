package dev.ea4j.backend.cpu;

import static dev.ea4j.kernels.TestArrays.assertClose;
import static dev.ea4j.kernels.TestArrays.normal;
import static dev.ea4j.kernels.TestArrays.poisoned;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.kernels.EaSeriesKernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The register-resident EA-2 / EA-6 paths ({@link CpuEaSeriesFixed}, called directly and through
 * {@link CpuEaSeries}'s dispatch) against the reference kernels: channel counts with and without a scalar
 * tail, sequences shorter and longer than a chunk, keys whose magnitude falls along the sequence (a new
 * running minimum, so a rescale, in most rows and lanes), and queries mixing |q| <= 1 with |q| > 1 lanes.
 */
class CpuEaSeriesFixedTest {

    static final double FWD_TOL = CpuEaSeriesTest.FWD_TOL;
    static final CpuPool POOL = CpuEaSeriesTest.POOL;

    /** Keys k_ic = sign_c * (2.5 * (1 - i/L) + 0.05) * (1 + 0.05 noise): |k| falls along i in every channel. */
    static float[] fallingKeys(long seed, int B, int L, int D) {
        float[] noise = normal(seed, B * L * D, 0.05);
        float[] k = new float[B * L * D];
        for (int b = 0; b < B; b++) {
            for (int i = 0; i < L; i++) {
                for (int c = 0; c < D; c++) {
                    int at = (b * L + i) * D + c;
                    float sign = (c * 7 + b) % 3 == 0 ? -1f : 1f;
                    k[at] = sign * (float) ((2.5 * (1.0 - (double) i / L) + 0.05) * (1 + noise[at]));
                }
            }
        }
        return k;
    }

    /** Queries N(0, 1.3^2) (about 44% of lanes with |q| > 1), every 5th element 40x larger, every 7th tiny. */
    static float[] mixedQueries(long seed, int n) {
        float[] q = normal(seed, n, 1.3);
        for (int i = 0; i < n; i += 5) q[i] *= 40f;
        for (int i = 3; i < n; i += 7) q[i] *= 1e-3f;
        return q;
    }

    static float[] fixed(float[] q, float[] k, float[] v, int B, int L, int D, int p, boolean causal) {
        float[] y = poisoned(q.length);
        if (causal) CpuEaSeriesFixed.causalForward(q, k, v, y, B, L, D, p, POOL);
        else CpuEaSeriesFixed.forward(q, k, v, y, B, L, D, p, POOL);
        return y;
    }

    static float[] dispatched(float[] q, float[] k, float[] v, int B, int L, int D, int p, boolean causal) {
        float[] y = poisoned(q.length);
        if (causal) CpuEaSeries.causalForward(q, k, v, y, B, L, D, p, POOL, true);
        else CpuEaSeries.forward(q, k, v, y, B, L, D, p, POOL, true);
        return y;
    }

    @ParameterizedTest(name = "B={0} L={1} D={2}")
    @CsvSource({"2, 1, 16", "2, 1, 17", "2, 1, 60", "1, 1, 768", "2, 63, 16", "2, 63, 17", "2, 63, 60",
                "1, 63, 768", "2, 1000, 16", "2, 1000, 17", "1, 1000, 60", "1, 1000, 768"})
    void fixedPathsMatchReferenceWithRescalesAndMixedQueries(int B, int L, int D) {
        int n = B * L * D;
        float[] q = mixedQueries(201, n), k = fallingKeys(202, B, L, D), v = normal(203, n, 1);
        for (int p : new int[] {2, 6}) {
            assertTrue(CpuEaSeriesFixed.handles(p));
            for (boolean causal : new boolean[] {false, true}) {
                float[] expect = CpuEaSeriesTest.reference(q, k, v, B, L, D, p, causal);
                String what = "EA-" + p + (causal ? " causal" : "") + " B=" + B + " L=" + L + " D=" + D;
                assertClose(expect, fixed(q, k, v, B, L, D, p, causal), FWD_TOL, what + " fixed");
                assertClose(expect, dispatched(q, k, v, B, L, D, p, causal), FWD_TOL, what + " dispatched");
            }
        }
    }

    @ParameterizedTest(name = "B={0} L={1} D={2} scale={3}")
    @CsvSource({"3, 63, 16, 0.7", "2, 1000, 17, 1.0", "1, 1000, 60, 0.4", "1, 63, 768, 2.0"})
    void fixedPathsMatchReferenceOnRandomInputs(int B, int L, int D, double scale) {
        int n = B * L * D;
        float[] q = normal(211, n, scale), k = normal(212, n, scale), v = normal(213, n, 1);
        for (int p : new int[] {2, 6}) {
            for (boolean causal : new boolean[] {false, true}) {
                float[] expect = CpuEaSeriesTest.reference(q, k, v, B, L, D, p, causal);
                assertClose(expect, fixed(q, k, v, B, L, D, p, causal), FWD_TOL,
                        "EA-" + p + (causal ? " causal" : "") + " random");
            }
        }
    }

    /** Rising keys after falling ones, huge and zero queries, keys beyond the clamp: the edges of the scheme. */
    @Test
    void fixedPathsHandleEdgeInputs() {
        int B = 2, L = 300, D = 33, n = B * L * D;
        float[] q = mixedQueries(221, n), k = fallingKeys(222, B, L, D), v = normal(223, n, 1);
        for (int i = 0; i < n; i++) {
            int row = (i / D) % L;
            if (row > L / 2) k[i] = -k[i] * 3f;          // magnitudes rise again: no new minima
            if (i % 11 == 0) q[i] = 0f;
            if (i % 13 == 0) q[i] = 1e30f;
            if (i % 17 == 0) q[i] = -1f;
            if (i % 19 == 0) k[i] = 2000f;                // beyond the EA-6 clamp (weight underflows)
        }
        for (int p : new int[] {2, 6}) {
            for (boolean causal : new boolean[] {false, true}) {
                float[] expect = CpuEaSeriesTest.reference(q, k, v, B, L, D, p, causal);
                assertClose(expect, fixed(q, k, v, B, L, D, p, causal), FWD_TOL,
                        "EA-" + p + (causal ? " causal" : "") + " edges");
            }
        }
    }

    /**
     * EA-6 read through chunk panels (forced here; the benchmark sizes choose them) gives the in-place scan's
     * output bit for bit: chunks of one row, of 31 and 32 rows, a short last chunk, a channel tail, rescales,
     * keys past the clamp.
     */
    @ParameterizedTest(name = "B={0} L={1} D={2}")
    @CsvSource({"2, 1, 16", "2, 31, 17", "2, 33, 60", "1, 63, 768", "3, 65, 48", "2, 1000, 17", "1, 1000, 768"})
    void panelsGiveTheInPlaceOutput(int B, int L, int D) {
        int n = B * L * D;
        float[] q = mixedQueries(231, n), k = fallingKeys(232, B, L, D), v = normal(233, n, 1);
        for (int i = 0; i < n; i += 19) k[i] = 2000f;
        float[] inPlace = poisoned(n), panelled = poisoned(n);
        CpuEaSeriesFixed.causalForward(q, k, v, inPlace, B, L, D, 6, POOL, Long.MAX_VALUE);
        CpuEaSeriesFixed.causalForward(q, k, v, panelled, B, L, D, 6, POOL, 0);
        assertArrayEquals(inPlace, panelled, "EA-6 causal B=" + B + " L=" + L + " D=" + D);
        assertClose(CpuEaSeriesTest.reference(q, k, v, B, L, D, 6, true), panelled, FWD_TOL, "EA-6 causal panels");
    }
}
