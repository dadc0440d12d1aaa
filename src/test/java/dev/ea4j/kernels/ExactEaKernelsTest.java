package dev.ea4j.kernels;

import static dev.ea4j.kernels.TestArrays.assertClose;
import static dev.ea4j.kernels.TestArrays.assertFinite;
import static dev.ea4j.kernels.TestArrays.normal;
import static dev.ea4j.kernels.TestArrays.poisoned;
import static dev.ea4j.kernels.TestArrays.toDouble;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exact EA (Eq. 2) reference kernels against the double formula and finite differences. */
class ExactEaKernelsTest {

    @ParameterizedTest(name = "B={0} L={1} D={2} causal={3} scale={4}")
    @CsvSource({"1, 1, 1, false, 1", "2, 63, 60, true, 1", "2, 63, 60, false, 1", "1, 130, 3, true, 3",
                "1, 20, 4, false, 30"})
    void forwardMatchesFormula(int B, int L, int D, boolean causal, double scale) {
        int n = B * L * D;
        float[] q = normal(1, n, scale), k = normal(2, n, scale), v = normal(3, n, 1), y = poisoned(n);
        if (causal) ExactEaKernels.causalForward(q, k, v, y, B, L, D);
        else ExactEaKernels.forward(q, k, v, y, B, L, D);
        assertClose(EaDoubleReference.exact(toDouble(q), toDouble(k), toDouble(v), B, L, D, causal), y, 1e-5,
                "exact EA forward");
    }

    @ParameterizedTest(name = "causal={0} scale={1}")
    @CsvSource({"false, 0.7", "true, 0.7", "false, 2", "true, 2"})
    void gradientsMatchFiniteDifferences(boolean causal, double scale) {
        int B = 2, L = 8, D = 3, n = B * L * D;
        float[] q = normal(5, n, scale), k = normal(6, n, scale), v = normal(7, n, 1), gy = normal(8, n, 1);
        float[] dq = poisoned(n), dk = poisoned(n), dv = poisoned(n);
        if (causal) ExactEaKernels.causalBackward(q, k, v, gy, dq, dk, dv, B, L, D);
        else ExactEaKernels.backward(q, k, v, gy, dq, dk, dv, B, L, D);
        double[][] fd = FiniteDifferences.gradients(toDouble(q), toDouble(k), toDouble(v), toDouble(gy),
                (qq, kk, vv) -> EaDoubleReference.exact(qq, kk, vv, B, L, D, causal));
        assertClose(fd[0], dq, 1e-3, "dq");
        assertClose(fd[1], dk, 1e-3, "dk");
        assertClose(fd[2], dv, 1e-3, "dv");
    }

    @ParameterizedTest(name = "scale={0}")
    @CsvSource({"1e3", "1e19", "5e37"})
    void hugeInputsStayFinite(float scale) {
        int B = 1, L = 9, D = 2, n = B * L * D;
        float[] q = normal(9, n, scale), k = normal(10, n, scale), v = normal(11, n, 1), y = poisoned(n);
        ExactEaKernels.causalForward(q, k, v, y, B, L, D);
        assertFinite(y, "exact causal forward at scale " + scale);
    }
}
