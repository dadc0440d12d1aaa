package dev.ea4j.backend.cpu;

import static dev.ea4j.backend.cpu.CpuDenseTwinsTest.POOL;
import static dev.ea4j.backend.cpu.CpuDenseTwinsTest.close;
import static dev.ea4j.backend.cpu.CpuDenseTwinsTest.nan;
import static dev.ea4j.backend.cpu.CpuDenseTwinsTest.paths;
import static dev.ea4j.backend.cpu.CpuDenseTwinsTest.rand;

import dev.ea4j.backend.DataTransferMode;
import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.StoredSoftmaxKernels;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code cpu} twins of StoredSoftmaxKernels against the reference: the scalar path (vector = false) does
 * the reference's arithmetic in the reference's order and must match exactly; the vector path (when this JVM
 * runs vectorized) within a tolerance. Sizes leave vector tails and partial key blocks.
 */
class CpuStoredSoftmaxTest {

    /** Vector path: lane-split dot products and fma, a few ulp per term. */
    private static final double VECTOR_FORWARD_TOL = 1e-5;
    private static final double VECTOR_BACKWARD_TOL = 1e-4;

    @ParameterizedTest(name = "B={0} L={1} D={2} H={3}")
    @CsvSource({"1,1,1,1", "2,1,60,4", "2,63,60,4", "1,63,60,5", "1,130,60,5", "1,130,60,4", "2,17,1,1", "1,130,1,1",
                "1,33,96,3"})
    void twinsMatchReference(int B, int L, int D, int H) {
        Random r = new Random(B * 1000 + L * 10 + D + H);
        int n = B * L * D, np = B * H * L * L;
        float[] q = rand(r, n, 2), k = rand(r, n, 2), v = rand(r, n, 1), gy = rand(r, n, 1);
        for (boolean causal : new boolean[] {false, true}) {
            float[] y = nan(n), p = nan(np), dq = nan(n), dk = nan(n), dv = nan(n);
            if (causal) StoredSoftmaxKernels.causalForward(q, k, v, y, p, B, L, D, H);
            else StoredSoftmaxKernels.forward(q, k, v, y, p, B, L, D, H);
            StoredSoftmaxKernels.backward(q, k, v, p, gy, dq, dk, dv, B, L, D, H);
            for (boolean vec : paths()) {
                String w = (causal ? "causal " : "") + "vec=" + vec;
                double ft = vec ? VECTOR_FORWARD_TOL : 0, bt = vec ? VECTOR_BACKWARD_TOL : 0;
                float[] y2 = nan(n), p2 = nan(np), dq2 = nan(n), dk2 = nan(n), dv2 = nan(n);
                CpuStoredSoftmax.forward(q, k, v, y2, p2, B, L, D, H, causal, POOL, vec);
                close("y " + w, y2, y, ft);
                close("probs " + w, p2, p, ft);
                // the backward from the reference's probs, so the check isolates the backward twin
                CpuStoredSoftmax.backward(q, k, v, p, gy, dq2, dk2, dv2, B, L, D, H, POOL, vec);
                close("dq " + w, dq2, dq, bt);
                close("dk " + w, dk2, dk, bt);
                close("dv " + w, dv2, dv, bt);
            }
        }
    }

    @Test
    void registeredTwinsRunThroughTaskGraphOnCpu() {
        int B = 2, L = 37, D = 60, H = 5, n = B * L * D, np = B * H * L * L;
        Random r = new Random(9);
        float[] q = rand(r, n, 2), k = rand(r, n, 2), v = rand(r, n, 1), gy = rand(r, n, 1);
        float[][] want = null;
        for (String device : new String[] {"java", "cpu"}) {
            float[] y = nan(n), p = nan(np), dq = nan(n), dk = nan(n), dv = nan(n);
            TaskGraph g = new TaskGraph("stored")
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, q, k, v, gy)
                    .task("fwd", StoredSoftmaxKernels::causalForward, q, k, v, y, p, B, L, D, H)
                    .task("bwd", StoredSoftmaxKernels::backward, q, k, v, p, gy, dq, dk, dv, B, L, D, H)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, y, p, dq, dk, dv);
            try (ExecutionPlan plan = new ExecutionPlan(g.snapshot()).withDevice(device).withStrict(true)) {
                plan.execute();
            }
            float[][] got = {y, p, dq, dk, dv};
            if (want == null) {
                want = got;
            } else {
                String[] names = {"y", "probs", "dq", "dk", "dv"};
                for (int i = 0; i < got.length; i++) close("plan on cpu: " + names[i], got[i], want[i], VECTOR_BACKWARD_TOL);
            }
        }
    }
}
