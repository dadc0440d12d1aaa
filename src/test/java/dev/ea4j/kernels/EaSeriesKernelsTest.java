package dev.ea4j.kernels;

import static dev.ea4j.kernels.TestArrays.assertClose;
import static dev.ea4j.kernels.TestArrays.assertFinite;
import static dev.ea4j.kernels.TestArrays.normal;
import static dev.ea4j.kernels.TestArrays.poisoned;
import static dev.ea4j.kernels.TestArrays.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** EA-series reference kernels against the paper's formulas in double precision, and the EA identities. */
class EaSeriesKernelsTest {

    static float[] forward(float[] q, float[] k, float[] v, int B, int L, int D, int p, boolean causal) {
        float[] y = poisoned(q.length);
        if (causal) EaSeriesKernels.causalForward(q, k, v, y, B, L, D, p);
        else EaSeriesKernels.forward(q, k, v, y, B, L, D, p);
        return y;
    }

    @ParameterizedTest(name = "B={0} L={1} D={2} p={3} causal={4} scale={5}")
    @CsvSource({
        "1, 1, 1, 2, false, 0.5", "1, 1, 1, 6, true, 0.5", "2, 63, 60, 2, false, 0.7", "2, 63, 60, 6, true, 0.7",
        "1, 63, 60, 6, false, 1.5", "1, 63, 60, 6, true, 1.5", "1, 1000, 3, 6, true, 0.8", "1, 1000, 3, 2, false, 0.8",
        "1, 40, 5, 4, true, 1.0", "1, 40, 5, 8, false, 1.0", "3, 17, 7, 16, true, 0.4"})
    void forwardMatchesPaperFormula(int B, int L, int D, int p, boolean causal, double scale) {
        int n = B * L * D;
        float[] q = normal(1, n, scale), k = normal(2, n, scale), v = normal(3, n, 1);
        float[] y = forward(q, k, v, B, L, D, p, causal);
        double[] expect = EaDoubleReference.series(toDouble(q), toDouble(k), toDouble(v), B, L, D, p, causal);
        assertClose(expect, y, 2e-4, "EA-" + p + (causal ? " causal" : "") + " forward");
    }

    @ParameterizedTest(name = "L={0} D={1} p={2} causal={3} scale={4}")
    @CsvSource({"7, 3, 2, false, 0.6", "7, 3, 6, false, 0.6", "7, 3, 2, true, 0.6", "7, 3, 6, true, 0.6",
                "9, 2, 6, true, 1.4", "9, 2, 6, false, 1.4", "6, 2, 4, true, 0.3", "70, 1, 6, true, 0.8",
                "130, 1, 2, true, 1.2"})
    void gradientsMatchFiniteDifferences(int L, int D, int p, boolean causal, double scale) {
        int B = 2, n = B * L * D;
        float[] q = normal(11, n, scale), k = normal(12, n, scale), v = normal(13, n, 1), gy = normal(14, n, 1);
        float[] dq = poisoned(n), dk = poisoned(n), dv = poisoned(n);
        if (causal) {
            float[] y = poisoned(n), saved = poisoned((int) EaSeriesKernels.savedFloats(B, L, D, p));
            EaSeriesKernels.causalTrainingForward(q, k, v, y, saved, B, L, D, p);
            assertArrayEquals(forward(q, k, v, B, L, D, p, true), y, "the training forward's y is causalForward's");
            EaSeriesKernels.causalBackward(q, k, v, gy, saved, dq, dk, dv, B, L, D, p);
        } else {
            float[] y = poisoned(n), sums = poisoned(B * EaSeriesKernels.sumSlots(p) * D);
            EaSeriesKernels.trainingForward(q, k, v, y, sums, B, L, D, p);
            assertArrayEquals(forward(q, k, v, B, L, D, p, false), y, "the training forward's y is forward's");
            EaSeriesKernels.backward(q, k, v, gy, sums, dq, dk, dv, B, L, D, p);
        }
        double[][] fd = FiniteDifferences.gradients(toDouble(q), toDouble(k), toDouble(v), toDouble(gy),
                (qq, kk, vv) -> EaDoubleReference.series(qq, kk, vv, B, L, D, p, causal));
        assertClose(fd[0], dq, 1e-3, "dq");
        assertClose(fd[1], dk, 1e-3, "dk");
        assertClose(fd[2], dv, 1e-3, "dv");
    }

    @ParameterizedTest(name = "p={0}")
    @CsvSource({"2", "6", "8"})
    void causalParallelEqualsRecurrentStepByStep(int p) {
        int B = 2, L = 63, D = 60, n = B * L * D;
        float[] q = normal(21, n, 0.9), k = normal(22, n, 0.9), v = normal(23, n, 1);
        float[] parallel = forward(q, k, v, B, L, D, p, true);
        float[] s = new float[B * D * (p + 1)], z = new float[s.length], m = new float[B * D];
        EaRecurrentKernels.reset(s, z, m, B, D, p);
        float[] stepped = poisoned(n);
        float[] qt = new float[B * D], kt = new float[B * D], vt = new float[B * D], yt = new float[B * D];
        for (int i = 0; i < L; i++) {
            for (int b = 0; b < B; b++) {
                System.arraycopy(q, (b * L + i) * D, qt, b * D, D);
                System.arraycopy(k, (b * L + i) * D, kt, b * D, D);
                System.arraycopy(v, (b * L + i) * D, vt, b * D, D);
            }
            EaRecurrentKernels.decodeStep(qt, kt, vt, yt, s, z, m, B, D, p);
            for (int b = 0; b < B; b++) System.arraycopy(yt, b * D, stepped, (b * L + i) * D, D);
        }
        assertClose(parallel, stepped, 1e-6, "recurrent vs causal parallel");
    }

    @ParameterizedTest(name = "p={0}")
    @CsvSource({"2", "6"})
    void prefillThenStepEqualsLastCausalRow(int p) {
        int B = 1, L = 40, D = 9, n = B * L * D;
        float[] q = normal(31, n, 0.8), k = normal(32, n, 0.8), v = normal(33, n, 1);
        float[] causal = forward(q, k, v, B, L, D, p, true);
        float[] s = new float[D * (p + 1)], z = new float[s.length], m = new float[D];
        EaRecurrentKernels.reset(s, z, m, B, D, p);
        float[] prompt = new float[(L - 1) * D], promptV = new float[(L - 1) * D];
        System.arraycopy(k, 0, prompt, 0, prompt.length);
        System.arraycopy(v, 0, promptV, 0, promptV.length);
        EaRecurrentKernels.prefill(prompt, promptV, s, z, m, B, L - 1, D, p);
        float[] y = poisoned(D);
        EaRecurrentKernels.decodeStep(java.util.Arrays.copyOfRange(q, (L - 1) * D, n),
                java.util.Arrays.copyOfRange(k, (L - 1) * D, n), java.util.Arrays.copyOfRange(v, (L - 1) * D, n),
                y, s, z, m, B, D, p);
        assertClose(java.util.Arrays.copyOfRange(causal, (L - 1) * D, n), y, 1e-6, "prefill + step");
    }

    @ParameterizedTest(name = "p={0}")
    @CsvSource({"2", "6"})
    void lastCausalRowEqualsNonCausal(int p) {
        int B = 2, L = 1000, D = 7, n = B * L * D;
        float[] q = normal(41, n, 0.7), k = normal(42, n, 0.7), v = normal(43, n, 1);
        float[] causal = forward(q, k, v, B, L, D, p, true);
        float[] full = forward(q, k, v, B, L, D, p, false);
        for (int b = 0; b < B; b++) {
            int last = (b * L + L - 1) * D;
            assertClose(java.util.Arrays.copyOfRange(full, last, last + D),
                    java.util.Arrays.copyOfRange(causal, last, last + D), 2e-5, "last causal row, batch " + b);
        }
    }

    @ParameterizedTest(name = "causal={0}")
    @CsvSource({"false", "true"})
    void seriesApproachesExactEaAsOrderGrows(boolean causal) {
        int B = 1, L = 64, D = 8, n = B * L * D;
        float[] q = normal(51, n, 0.3), k = normal(52, n, 0.3), v = normal(53, n, 1);
        float[] exact = poisoned(n);
        if (causal) ExactEaKernels.causalForward(q, k, v, exact, B, L, D);
        else ExactEaKernels.forward(q, k, v, exact, B, L, D);
        double previous = Double.POSITIVE_INFINITY;
        for (int p = 2; p <= 8; p += 2) {
            float[] y = forward(q, k, v, B, L, D, p, causal);
            double err = 0;
            for (int i = 0; i < n; i++) err = Math.max(err, Math.abs(y[i] - exact[i]));
            assertTrue(err < previous, "error must shrink as p grows: p=" + p + " err=" + err + " previous=" + previous);
            previous = err;
        }
        assertTrue(previous < 1e-4, "EA-8 vs exact EA at scale 0.3: " + previous);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"queries of magnitude 1e3, 1e3, 1, 1", "keys whose weight underflows, 1, 12, 1",
                "every key huge, 1, 250, 1", "every key huge and queries huge, 1e3, 250, 1",
                "tiny values, 1e-20, 1e-20, 1e-20"})
    void extremeButFiniteInputsMatchShiftedDoubleFormula(String what, double qScale, double kOffset, double vScale) {
        int B = 1, L = 50, D = 6, n = B * L * D;
        float[] q = normal(61, n, qScale), k = normal(62, n, 1), v = normal(63, n, vScale);
        // keys: every other channel far out (its e^{-k^2} underflows), or all of them for "every key huge"
        for (int i = 0; i < n; i++) {
            boolean shift = what.startsWith("every") || i % 2 == 0;
            if (shift && kOffset != 1) k[i] = (float) (kOffset + k[i]);
        }
        if (what.startsWith("tiny")) for (int i = 0; i < n; i++) k[i] *= 1e-20f;
        for (boolean causal : new boolean[] {false, true}) {
            for (int p : new int[] {2, 6}) {
                float[] y = forward(q, k, v, B, L, D, p, causal);
                double[] expect = EaDoubleReference.series(toDouble(q), toDouble(k), toDouble(v), B, L, D, p, causal);
                assertClose(expect, y, 2e-3, what + " p=" + p + " causal=" + causal);
            }
        }
    }

    @ParameterizedTest(name = "q={0} k={1} v={2}")
    @CsvSource({"1e30, 1, 1", "1, 1e20, 1", "1e30, 1e30, 1", "3e38, -3e38, 1e6", "0, 1e-38, 1", "1e-30, 3e38, 1e3"})
    void anyFloatMagnitudeGivesFiniteOutputsAndGradients(float qv, float kv, float vv) {
        int B = 1, L = 5, D = 4, n = B * L * D;
        float[] q = normal(71, n, 1), k = normal(72, n, 1), v = normal(73, n, 1), gy = normal(74, n, 1);
        for (int i = 0; i < n; i++) {
            q[i] *= qv;
            k[i] *= kv;
            v[i] *= vv;
        }
        for (int p : new int[] {2, 6, 8}) {
            float[] y = forward(q, k, v, B, L, D, p, false), yc = forward(q, k, v, B, L, D, p, true);
            assertFinite(y, "forward p=" + p);
            assertFinite(yc, "causal forward p=" + p);
            float[] dq = poisoned(n), dk = poisoned(n), dv = poisoned(n);
            float[] saved = poisoned((int) EaSeriesKernels.savedFloats(B, L, D, p));
            EaSeriesKernels.causalTrainingForward(q, k, v, poisoned(n), saved, B, L, D, p);
            EaSeriesKernels.causalBackward(q, k, v, gy, saved, dq, dk, dv, B, L, D, p);
            assertFinite(dv, "causal dv p=" + p);
            float[] sums = poisoned(B * EaSeriesKernels.sumSlots(p) * D);
            EaSeriesKernels.trainingForward(q, k, v, poisoned(n), sums, B, L, D, p);
            EaSeriesKernels.backward(q, k, v, gy, sums, dq, dk, dv, B, L, D, p);
            assertFinite(dv, "dv p=" + p);
        }
    }
}
