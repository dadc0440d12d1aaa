package dev.ea4j.backend.opencl;

import static dev.ea4j.backend.DataTransferMode.EVERY_EXECUTION;
import static dev.ea4j.kernels.TestArrays.normal;
import static dev.ea4j.kernels.TestArrays.poisoned;

import dev.ea4j.kernels.SoftmaxAttentionKernels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OpenCL twins of SoftmaxAttentionKernels vs the java reference, both through TaskGraph + ExecutionPlan. */
class OpenClSoftmaxAttentionTest {

    /** Forward: online softmax vs the reference's two passes, a few ulp apart. */
    private static final double FORWARD_TOL = 1e-5;
    /** Backward: sums over L terms in a different grouping (dk, dv per key row). */
    private static final double BACKWARD_TOL = 2e-5;

    @BeforeAll
    static void needsOpenCl() {
        OpenClParity.requireOpenCl("OpenClSoftmaxAttentionTest");
    }

    @ParameterizedTest(name = "causal={0} B={1} L={2} D={3} H={4}")
    @CsvSource({
        "0, 2, 1, 60, 4", "0, 2, 63, 60, 4", "0, 1, 130, 60, 4", "0, 2, 1, 60, 5", "0, 2, 63, 60, 5",
        "0, 1, 130, 60, 5", "0, 2, 1, 1, 1", "0, 2, 63, 1, 1", "0, 1, 130, 1, 1", "0, 1, 17, 256, 2",
        "1, 2, 1, 60, 4", "1, 2, 63, 60, 4", "1, 1, 130, 60, 4", "1, 2, 1, 60, 5", "1, 2, 63, 60, 5",
        "1, 1, 130, 60, 5", "1, 2, 1, 1, 1", "1, 2, 63, 1, 1", "1, 1, 130, 1, 1", "1, 1, 17, 256, 2"
    })
    void forwardAndBackwardMatchReference(int causal, int B, int L, int D, int H) {
        int n = B * L * D;
        OpenClParity.Outputs o = OpenClParity.run(g -> {
            float[] q = normal(51, n, 1), k = normal(52, n, 1), v = normal(53, n, 1), gy = normal(54, n, 1);
            float[] y = poisoned(n), dq = poisoned(n), dk = poisoned(n), dv = poisoned(n);
            g.transferToDevice(EVERY_EXECUTION, q, k, v, gy);
            if (causal == 1) {
                g.task("fwd", SoftmaxAttentionKernels::causalForward, q, k, v, y, B, L, D, H)
                        .task("bwd", SoftmaxAttentionKernels::causalBackward, q, k, v, y, gy, dq, dk, dv, B, L, D, H);
            } else {
                g.task("fwd", SoftmaxAttentionKernels::forward, q, k, v, y, B, L, D, H)
                        .task("bwd", SoftmaxAttentionKernels::backward, q, k, v, y, gy, dq, dk, dv, B, L, D, H);
            }
            g.transferToHost(EVERY_EXECUTION, y, dq, dk, dv);
            return new float[][] {y, dq, dk, dv};
        });
        String what = (causal == 1 ? "causal " : "") + "L=" + L + " D=" + D + " H=" + H;
        o.assertClose(0, FORWARD_TOL, "forward y " + what);
        o.assertClose(1, BACKWARD_TOL, "backward dq " + what);
        o.assertClose(2, BACKWARD_TOL, "backward dk " + what);
        o.assertClose(3, BACKWARD_TOL, "backward dv " + what);
    }

    @ParameterizedTest(name = "B={0} D={1} H={2} pos={3} capacity={4}")
    @CsvSource({"3, 60, 5, 0, 70", "3, 60, 4, 37, 70", "2, 1, 1, 69, 70", "1, 256, 2, 5, 9"})
    void appendKvAndDecodeStepMatchReference(int B, int D, int H, int pos, int capacity) {
        OpenClParity.Outputs o = OpenClParity.run(g -> {
            float[] kCache = normal(61, B * capacity * D, 1), vCache = normal(62, B * capacity * D, 1);
            float[] k = normal(63, B * D, 1), v = normal(64, B * D, 1), q = normal(65, B * D, 1);
            float[] y = poisoned(B * D);
            g.transferToDevice(EVERY_EXECUTION, kCache, vCache, k, v, q)
                    .task("append", SoftmaxAttentionKernels::appendKv, k, v, kCache, vCache, B, D, pos, capacity)
                    .task("decode", SoftmaxAttentionKernels::decodeStep, q, kCache, vCache, y, B, D, H, pos, capacity)
                    .transferToHost(EVERY_EXECUTION, kCache, vCache, y);
            return new float[][] {kCache, vCache, y};
        });
        o.assertClose(0, 0, "appendKv kCache");
        o.assertClose(1, 0, "appendKv vCache");
        o.assertClose(2, FORWARD_TOL, "decodeStep y");
    }
}
