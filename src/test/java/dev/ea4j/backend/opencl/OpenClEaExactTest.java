package dev.ea4j.backend.opencl;

import static dev.ea4j.backend.opencl.OpenClEaSupport.assertTwinMatches;
import static dev.ea4j.backend.opencl.OpenClEaSupport.poisoned;
import static dev.ea4j.kernels.TestArrays.normal;

import dev.ea4j.kernels.ExactEaKernels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The opencl twins of ExactEaKernels (exact EA, Eq. 2) against the java reference, on odd shapes and extremes. */
class OpenClEaExactTest {

    @BeforeAll
    static void needsOpenCl() {
        OpenClEaSupport.needsOpenCl("OpenClEaExactTest");
    }

    /** kind 0: N(0, scale^2) q, k; 1: queries ~1e3; 2: every key ~250. */
    static float[][] inputs(int kind, int n, double scale) {
        float[] q = normal(51, n, scale), k = normal(52, n, scale), v = normal(53, n, 1), big = normal(54, n, 1);
        for (int i = 0; i < n; i++) {
            if (kind == 1) q[i] = 1e3f * big[i];
            if (kind == 2) k[i] = 250f + 0.5f * big[i];
        }
        return new float[][] {q, k, v};
    }

    @ParameterizedTest(name = "B={0} L={1} D={2} causal={3} kind={4}")
    @CsvSource({"1, 1, 1, false, 0", "1, 1, 1, true, 0", "2, 63, 60, false, 0", "2, 63, 60, true, 0",
                "1, 517, 60, true, 0", "3, 517, 1, false, 0", "1, 1000, 60, true, 0", "1, 1000, 60, false, 0",
                "2, 300, 60, true, 1", "2, 300, 60, false, 1", "2, 300, 60, true, 2", "2, 300, 60, false, 2"})
    void forwardAndBackwardMatchReference(int B, int L, int D, boolean causal, int kind) {
        int n = B * L * D;
        float[][] x = inputs(kind, n, 0.9);
        float[] q = x[0], k = x[1], v = x[2], gy = normal(55, n, 1);
        String what = "exact EA" + (causal ? " causal" : "") + " B=" + B + " L=" + L + " D=" + D + " kind=" + kind;
        assertTwinMatches(0, x, poisoned(n), (g, o) -> causal
                ? g.task("f", ExactEaKernels::causalForward, q, k, v, o[0], B, L, D)
                : g.task("f", ExactEaKernels::forward, q, k, v, o[0], B, L, D), 1e-5, what + " forward", "y");
        // dq = -2 sum_j (q - k_j) w_j g (v_j - y): with |q - k| ~ 1e3 (kinds 1, 2) its terms cancel to ~|q - k| ulp
        // (sum_j w_j (v_j - y) = 0), which both fp32 implementations carry; dk, dv stay tight
        double dqTol = kind == 0 ? 1e-4 : 2e-3;
        assertTwinMatches(0, new float[][] {q, k, v, gy}, poisoned(n, n, n), (g, o) -> causal
                ? g.task("b", ExactEaKernels::causalBackward, q, k, v, gy, o[0], o[1], o[2], B, L, D)
                : g.task("b", ExactEaKernels::backward, q, k, v, gy, o[0], o[1], o[2], B, L, D),
                new double[] {dqTol, 1e-4, 1e-4}, what + " backward", "dq", "dk", "dv");
    }
}
