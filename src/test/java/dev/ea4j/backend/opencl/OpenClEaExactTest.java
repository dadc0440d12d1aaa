package dev.ea4j.backend.opencl;

import static dev.ea4j.backend.opencl.OpenClParity.assertTwinMatches;
import static dev.ea4j.backend.opencl.OpenClParity.poisoned;
import static dev.ea4j.kernels.TestArrays.normal;

import dev.ea4j.kernels.ExactEaKernels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The opencl twins of ExactEaKernels (exact EA, Eq. 2) against the java reference, on odd shapes; the extreme inputs
 * are in the conformance suite (verify.Conformance), which every backend runs.
 */
class OpenClEaExactTest {

    @BeforeAll
    static void needsOpenCl() {
        OpenClParity.requireOpenCl("OpenClEaExactTest");
    }

    @ParameterizedTest(name = "B={0} L={1} D={2} causal={3}")
    @CsvSource({"1, 1, 1, false", "1, 1, 1, true", "2, 63, 60, false", "2, 63, 60, true",
                "1, 517, 60, true", "3, 517, 1, false", "1, 1000, 60, true", "1, 1000, 60, false"})
    void forwardAndBackwardMatchReference(int B, int L, int D, boolean causal) {
        int n = B * L * D;
        float[] q = normal(51, n, 0.9), k = normal(52, n, 0.9), v = normal(53, n, 1), gy = normal(55, n, 1);
        float[][] x = {q, k, v};
        String what = "exact EA" + (causal ? " causal" : "") + " B=" + B + " L=" + L + " D=" + D;
        assertTwinMatches(0, x, poisoned(n), (g, o) -> causal
                ? g.task("f", ExactEaKernels::causalForward, q, k, v, o[0], B, L, D)
                : g.task("f", ExactEaKernels::forward, q, k, v, o[0], B, L, D), 1e-5, what + " forward", "y");
        assertTwinMatches(0, new float[][] {q, k, v, gy}, poisoned(n, n, n), (g, o) -> causal
                ? g.task("b", ExactEaKernels::causalBackward, q, k, v, gy, o[0], o[1], o[2], B, L, D)
                : g.task("b", ExactEaKernels::backward, q, k, v, gy, o[0], o[1], o[2], B, L, D),
                new double[] {1e-4, 1e-4, 1e-4}, what + " backward", "dq", "dk", "dv");
    }
}
