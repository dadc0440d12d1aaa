package dev.ea4j.backend.cpu;

import static dev.ea4j.kernels.TestArrays.assertClose;
import static dev.ea4j.kernels.TestArrays.assertFinite;
import static dev.ea4j.kernels.TestArrays.normal;
import static dev.ea4j.kernels.TestArrays.poisoned;

import dev.ea4j.kernels.ExactEaKernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The cpu twins of ExactEaKernels (vector and scalar paths) against the reference kernels. */
class CpuExactEaTest {

    static final double FWD_TOL = 1e-5;
    static final double BWD_TOL = 1e-4;
    static final CpuPool POOL = new CpuPool(3);

    @ParameterizedTest(name = "B={0} L={1} D={2} scale={3}")
    @CsvSource({"1, 1, 1, 1", "3, 1, 17, 1", "2, 63, 15, 1", "3, 63, 17, 2", "1, 63, 60, 0.5", "2, 200, 100, 1",
                "1, 300, 1, 3", "2, 40, 60, 30"})
    void twinsMatchReference(int B, int L, int D, double scale) {
        int n = B * L * D;
        float[] q = normal(301, n, scale), k = normal(302, n, scale), v = normal(303, n, 1), gy = normal(304, n, 1);
        for (boolean causal : new boolean[] {false, true}) {
            float[] y = poisoned(n);
            if (causal) ExactEaKernels.causalForward(q, k, v, y, B, L, D);
            else ExactEaKernels.forward(q, k, v, y, B, L, D);
            float[] dq = poisoned(n), dk = poisoned(n), dv = poisoned(n);
            if (causal) ExactEaKernels.causalBackward(q, k, v, gy, dq, dk, dv, B, L, D);
            else ExactEaKernels.backward(q, k, v, gy, dq, dk, dv, B, L, D);
            for (boolean vector : new boolean[] {true, false}) {
                String tag = (causal ? "causal " : "") + (vector ? "vector" : "scalar");
                float[] y2 = poisoned(n);
                CpuExactEa.forward(q, k, v, y2, B, L, D, causal, POOL, vector);
                assertClose(y, y2, FWD_TOL, tag + " forward");
                float[] dq2 = poisoned(n), dk2 = poisoned(n), dv2 = poisoned(n);
                CpuExactEa.backward(q, k, v, gy, dq2, dk2, dv2, B, L, D, causal, POOL, vector);
                assertClose(dq, dq2, BWD_TOL, tag + " dq");
                assertClose(dk, dk2, BWD_TOL, tag + " dk");
                assertClose(dv, dv2, BWD_TOL, tag + " dv");
            }
        }
    }

    @ParameterizedTest(name = "scale={0}")
    @CsvSource({"1e3", "1e19", "5e37"})
    void hugeInputsStayFiniteAndMatch(float scale) {
        int B = 1, L = 9, D = 18, n = B * L * D;
        float[] q = normal(9, n, scale), k = normal(10, n, scale), v = normal(11, n, 1);
        for (boolean causal : new boolean[] {false, true}) {
            float[] y = poisoned(n);
            if (causal) ExactEaKernels.causalForward(q, k, v, y, B, L, D);
            else ExactEaKernels.forward(q, k, v, y, B, L, D);
            for (boolean vector : new boolean[] {true, false}) {
                float[] y2 = poisoned(n);
                CpuExactEa.forward(q, k, v, y2, B, L, D, causal, POOL, vector);
                assertFinite(y2, "exact forward at scale " + scale);
                assertClose(y, y2, FWD_TOL, "exact forward at scale " + scale);
            }
        }
    }
}
