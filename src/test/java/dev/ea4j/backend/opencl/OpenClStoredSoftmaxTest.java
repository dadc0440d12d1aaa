package dev.ea4j.backend.opencl;

import static dev.ea4j.backend.DataTransferMode.EVERY_EXECUTION;
import static dev.ea4j.kernels.TestArrays.normal;
import static dev.ea4j.kernels.TestArrays.poisoned;

import dev.ea4j.kernels.StoredSoftmaxKernels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OpenCL twins of StoredSoftmaxKernels vs the java reference, both through TaskGraph + ExecutionPlan. */
class OpenClStoredSoftmaxTest {

    /** Forward (y and probs): OpenCL exp and summation vs Math.exp, a few ulp apart. */
    private static final double FORWARD_TOL = 1e-5;
    /** Backward: the same sums, dk and dv per key row, with the device's exp in probs. */
    private static final double BACKWARD_TOL = 2e-5;

    @BeforeAll
    static void needsOpenCl() {
        OpenClParity.requireOpenCl("OpenClStoredSoftmaxTest");
    }

    @ParameterizedTest(name = "causal={0} B={1} L={2} D={3} H={4}")
    @CsvSource({
        "0, 2, 1, 60, 4", "0, 2, 63, 60, 4", "0, 1, 130, 60, 4", "0, 2, 1, 60, 5", "0, 2, 63, 60, 5",
        "0, 1, 130, 60, 5", "0, 2, 1, 1, 1", "0, 2, 63, 1, 1", "0, 1, 130, 1, 1", "0, 1, 17, 256, 2",
        "1, 2, 1, 60, 4", "1, 2, 63, 60, 4", "1, 1, 130, 60, 4", "1, 2, 1, 60, 5", "1, 2, 63, 60, 5",
        "1, 1, 130, 60, 5", "1, 2, 1, 1, 1", "1, 2, 63, 1, 1", "1, 1, 130, 1, 1", "1, 1, 17, 256, 2"
    })
    void forwardAndBackwardMatchReference(int causal, int B, int L, int D, int H) {
        int n = B * L * D, np = B * H * L * L;
        OpenClParity.Outputs o = OpenClParity.run(g -> {
            float[] q = normal(71, n, 1), k = normal(72, n, 1), v = normal(73, n, 1), gy = normal(74, n, 1);
            float[] y = poisoned(n), p = poisoned(np), dq = poisoned(n), dk = poisoned(n), dv = poisoned(n);
            g.transferToDevice(EVERY_EXECUTION, q, k, v, gy);
            if (causal == 1) g.task("fwd", StoredSoftmaxKernels::causalForward, q, k, v, y, p, B, L, D, H);
            else g.task("fwd", StoredSoftmaxKernels::forward, q, k, v, y, p, B, L, D, H);
            g.task("bwd", StoredSoftmaxKernels::backward, q, k, v, p, gy, dq, dk, dv, B, L, D, H)
                    .transferToHost(EVERY_EXECUTION, y, p, dq, dk, dv);
            return new float[][] {y, p, dq, dk, dv};
        });
        String what = (causal == 1 ? "causal " : "") + "L=" + L + " D=" + D + " H=" + H;
        o.assertClose(0, FORWARD_TOL, "forward y " + what);
        o.assertClose(1, FORWARD_TOL, "forward probs " + what);
        o.assertClose(2, BACKWARD_TOL, "backward dq " + what);
        o.assertClose(3, BACKWARD_TOL, "backward dk " + what);
        o.assertClose(4, BACKWARD_TOL, "backward dv " + what);
    }
}
