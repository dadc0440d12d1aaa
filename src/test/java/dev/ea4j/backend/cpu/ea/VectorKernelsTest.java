package dev.ea4j.backend.cpu.ea;

import static dev.ea4j.kernels.TestArrays.assertClose;
import static dev.ea4j.kernels.TestArrays.normal;
import static dev.ea4j.kernels.TestArrays.poisoned;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ea4j.backend.cpu.CpuPool;
import dev.ea4j.kernels.EaSeriesKernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The register-resident EA-2 / EA-6 vector kernels, through {@link CpuEa} with vectors on, against the reference
 * kernels, forward and backward: channel counts with and without a scalar tail, sequences shorter and longer than a
 * chunk, keys whose magnitude falls along the sequence (a new running minimum, so a rescale, in most rows and lanes),
 * queries mixing |q| <= 1 with |q| > 1 lanes, huge and zero queries, keys beyond the clamp.
 */
class VectorKernelsTest {

    static final double FWD_TOL = CpuEaTest.FWD_TOL;
    static final CpuPool POOL = CpuEaTest.POOL;

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

    static float[] forward(float[] q, float[] k, float[] v, int B, int L, int D, int p, boolean causal) {
        return CpuEaTest.twin(q, k, v, B, L, D, p, causal, true);
    }

    /** Forward and dq, dk, dv of the vector path against the reference. */
    static void check(float[] q, float[] k, float[] v, float[] gy, int B, int L, int D, String what) {
        for (int p : new int[] {2, 6}) {
            assertTrue(CpuEa.vectorKernels(p, true));
            for (boolean causal : new boolean[] {false, true}) {
                String tag = "EA-" + p + (causal ? " causal " : " ") + what + " B=" + B + " L=" + L + " D=" + D;
                assertClose(CpuEaTest.reference(q, k, v, B, L, D, p, causal), forward(q, k, v, B, L, D, p, causal),
                        FWD_TOL, tag);
                float[][] expect = CpuEaTest.gradients(q, k, v, gy, B, L, D, p, causal, null);
                float[][] got = CpuEaTest.gradients(q, k, v, gy, B, L, D, p, causal, true);
                assertClose(expect[0], got[0], CpuEaTest.BWD_TOL, tag + " dq");
                assertClose(expect[1], got[1], CpuEaTest.BWD_TOL, tag + " dk");
                assertClose(expect[2], got[2], CpuEaTest.BWD_TOL, tag + " dv");
            }
        }
    }

    @ParameterizedTest(name = "B={0} L={1} D={2}")
    @CsvSource({"2, 1, 16", "2, 1, 17", "2, 1, 60", "1, 1, 768", "2, 63, 16", "2, 63, 17", "2, 63, 60",
                "1, 63, 768", "2, 1000, 16", "2, 1000, 17", "1, 1000, 60", "1, 300, 768"})
    void vectorPathsMatchReferenceWithRescalesAndMixedQueries(int B, int L, int D) {
        int n = B * L * D;
        check(mixedQueries(201, n), fallingKeys(202, B, L, D), normal(203, n, 1), normal(204, n, 1), B, L, D,
                "falling keys, mixed queries");
    }

    @ParameterizedTest(name = "B={0} L={1} D={2} scale={3}")
    @CsvSource({"3, 63, 16, 0.7", "2, 1000, 17, 1.0", "1, 1000, 60, 0.4", "1, 63, 768, 2.0"})
    void vectorPathsMatchReferenceOnRandomInputs(int B, int L, int D, double scale) {
        int n = B * L * D;
        check(normal(211, n, scale), normal(212, n, scale), normal(213, n, 1), normal(214, n, 1), B, L, D, "random");
    }

    /** Rising keys after falling ones, huge and zero queries, keys beyond the clamp: the edges of the scheme. */
    @Test
    void vectorPathsHandleEdgeInputs() {
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
        check(q, k, v, normal(224, n, 1), B, L, D, "edges");
    }

    /**
     * EA-2 and EA-6 read through panels (forced here; the benchmark sizes choose them) give the in-place scan's output bit
     * for bit, for the forward and for the training forward (y and saved): chunks of one row, of 31 and 32 rows, a short last chunk, a channel tail, rescales, keys past the clamp.
     */
    @ParameterizedTest(name = "B={0} L={1} D={2}")
    @CsvSource({"2, 1, 16", "2, 31, 17", "2, 33, 60", "1, 63, 768", "3, 65, 48", "2, 1000, 17", "1, 1000, 768"})
    void panelsGiveTheInPlaceOutput(int B, int L, int D) {
        int n = B * L * D;
        float[] q = mixedQueries(231, n), k = fallingKeys(232, B, L, D), v = normal(233, n, 1);
        for (int i = 0; i < n; i += 19) k[i] = 2000f;
        for (int p : new int[] {2, 6}) {
            float[] inPlace = poisoned(n), panelled = poisoned(n);
            CpuEa.causalScan(q, k, v, inPlace, null, B, L, D, p, POOL, true, Long.MAX_VALUE);
            CpuEa.causalScan(q, k, v, panelled, null, B, L, D, p, POOL, true, 0);
            assertArrayEquals(inPlace, panelled, "EA-" + p + " causal B=" + B + " L=" + L + " D=" + D);
            assertClose(CpuEaTest.reference(q, k, v, B, L, D, p, true), panelled, FWD_TOL, "EA-" + p + " causal panels");
            // the training forward: the same y, and the same checkpoints, in place and through panels
            int planes = (int) EaSeriesKernels.savedFloats(B, L, D, p);
            float[] yIn = poisoned(n), yPan = poisoned(n), savedIn = poisoned(planes), savedPan = poisoned(planes);
            CpuEa.causalScan(q, k, v, yIn, savedIn, B, L, D, p, POOL, true, Long.MAX_VALUE);
            CpuEa.causalScan(q, k, v, yPan, savedPan, B, L, D, p, POOL, true, 0);
            assertArrayEquals(inPlace, yIn, "EA-" + p + " training forward y in place");
            assertArrayEquals(inPlace, yPan, "EA-" + p + " training forward y through panels");
            assertArrayEquals(savedIn, savedPan, "EA-" + p + " training forward saved through panels");
        }
    }

    /** -Dea4j.cpu.panels: never (the default) reads in place at every size, always through panels; a typo is refused. */
    @Test
    void thePanelSettingParses() {
        assertEquals(Long.MAX_VALUE, PanelReader.panelBytes("never"));
        assertEquals(0, PanelReader.panelBytes("always"));
        assertEquals(Long.MAX_VALUE, PanelReader.PANEL_BYTES, "the default (the property is unset in the tests)");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PanelReader.panelBytes("yes"));
        assertEquals("ea4j.cpu.panels must be never or always, got yes", e.getMessage());
    }
}
