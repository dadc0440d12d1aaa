package dev.ea4j.backend.opencl;

import static dev.ea4j.backend.opencl.OpenClParity.assertTwinMatches;
import static dev.ea4j.backend.opencl.OpenClParity.poisoned;
import static dev.ea4j.kernels.TestArrays.normal;

import dev.ea4j.backend.DataTransferMode;
import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.LinearAttentionKernels;
import dev.ea4j.kernels.ModelKernels;
import dev.ea4j.kernels.TestArrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The opencl twins of LinearAttentionKernels and ModelKernels against the java reference through ExecutionPlan. */
class OpenClLinearAttentionModelTest {

    @BeforeAll
    static void needsOpenCl() {
        OpenClParity.requireOpenCl("OpenClLinearAttentionModelTest");
    }

    @ParameterizedTest(name = "B={0} L={1} D={2} H={3} causal={4}")
    @CsvSource({"1, 1, 1, 1, false", "1, 1, 1, 1, true", "2, 63, 60, 4, false", "2, 63, 60, 4, true",
                "1, 130, 60, 5, false", "1, 130, 60, 5, true", "3, 130, 1, 1, true", "3, 63, 1, 1, false"})
    void linearAttentionMatchesReference(int B, int L, int D, int H, boolean causal) {
        int n = B * L * D;
        float[] q = normal(61, n, 1), k = normal(62, n, 1), v = normal(63, n, 1), gy = normal(64, n, 1);
        String what = "linear attention" + (causal ? " causal" : "") + " B=" + B + " L=" + L + " D=" + D + " H=" + H;
        assertTwinMatches(0, new float[][] {q, k, v}, poisoned(n), (g, o) -> causal
                ? g.task("f", LinearAttentionKernels::causalForward, q, k, v, o[0], B, L, D, H)
                : g.task("f", LinearAttentionKernels::forward, q, k, v, o[0], B, L, D, H), 1e-5, what + " forward", "y");
        assertTwinMatches(0, new float[][] {q, k, v, gy}, poisoned(n, n, n), (g, o) -> causal
                ? g.task("b", LinearAttentionKernels::causalBackward, q, k, v, gy, o[0], o[1], o[2], B, L, D, H)
                : g.task("b", LinearAttentionKernels::backward, q, k, v, gy, o[0], o[1], o[2], B, L, D, H),
                1e-4, what + " backward", "dq", "dk", "dv");
    }

    @ParameterizedTest(name = "B={0} L={1} D={2}")
    @CsvSource({"1, 1, 1", "3, 7, 5", "2, 63, 60", "1, 130, 33"})
    void positionalAndPooling(int B, int L, int D) {
        int n = B * L * D;
        float[] x = normal(71, n, 1), pe = normal(72, (L + 3) * D, 1), gp = normal(73, B * D, 1);
        assertTwinMatches(0, new float[][] {x, pe, gp}, poisoned(n, (L + 3) * D, B * D, n), (g, o) -> g
                .task("pos", ModelKernels::addPositional, x, pe, o[0], B, L, D)
                .task("gpe", ModelKernels::positionalBackward, x, o[1], B, L, D)
                .task("pool", ModelKernels::meanPool, x, o[2], B, L, D)
                .task("gpool", ModelKernels::meanPoolBackward, gp, o[3], B, L, D), 1e-6, "B=" + B + " L=" + L + " D=" + D,
                "addPositional", null, "meanPool", "meanPoolBackward");
        // positionalBackward leaves rows past L alone (NaN here): compare the first L rows only
        float[][] ref = OpenClParity.run("java", new float[][] {x}, poisoned((L + 3) * D),
                (g, o) -> g.task("gpe", ModelKernels::positionalBackward, x, o[0], B, L, D));
        float[][] got = OpenClParity.run(OpenClParity.OPENCL, new float[][] {x}, poisoned((L + 3) * D),
                (g, o) -> g.task("gpe", ModelKernels::positionalBackward, x, o[0], B, L, D));
        TestArrays.assertClose(java.util.Arrays.copyOf(ref[0], L * D), java.util.Arrays.copyOf(got[0], L * D), 1e-6,
                "positionalBackward");
        for (int i = L * D; i < (L + 3) * D; i++) {
            if (!Float.isNaN(got[0][i])) throw new AssertionError("positionalBackward wrote row past L at " + i);
        }
    }

    @ParameterizedTest(name = "N={0} V={1} D={2}")
    @CsvSource({"1, 1, 1", "7, 3, 5", "63, 11, 60", "130, 130, 33"})
    void embeddings(int N, int V, int D) {
        SplittableRandom r = new SplittableRandom(N * 7L + V);
        int[] ids = new int[N];
        for (int i = 0; i < N; i++) ids[i] = r.nextInt(V);
        float[] table = normal(81, V * D, 1), gout = normal(82, N * D, 1);
        float[][] outs = new float[2][];
        String[] devices = {"java", OpenClParity.OPENCL};
        float[][] ref = null;
        for (int d = 0; d < 2; d++) {
            float[] out = TestArrays.poisoned(N * D), gt = TestArrays.poisoned(V * D);
            TaskGraph g = new TaskGraph("emb")
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, ids, table, gout, out, gt)
                    .task("lookup", ModelKernels::embeddingLookup, ids, table, out, N, V, D)
                    .task("grad", ModelKernels::embeddingBackward, ids, gout, gt, N, V, D)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, out, gt);
            try (ExecutionPlan plan = new ExecutionPlan(g.snapshot()).withDevice(devices[d]).withStrict(true)) {
                plan.execute();
            }
            if (d == 0) ref = new float[][] {out, gt};
            else outs = new float[][] {out, gt};
        }
        TestArrays.assertClose(ref[0], outs[0], 0, "embeddingLookup");
        TestArrays.assertClose(ref[1], outs[1], 1e-6, "embeddingBackward");
    }

    @ParameterizedTest(name = "n={0}")
    @CsvSource({"1", "63", "4097", "70001"})
    void adamWScaleSumOfSquares(int n) {
        float[] g1 = normal(91, n, 1), g2 = normal(92, n, 1), g3 = normal(93, n, 1), x = normal(94, n, 3);
        float[] w0 = normal(95, n, 1);
        // hyper = [lr, beta1, beta2, eps, weightDecay, step, gradScale]; step 2 clips (gradScale != 1)
        float[] h1 = {1e-2f, 0.9f, 0.999f, 1e-8f, 0.05f, 1, 1f};
        float[] h2 = {1e-2f, 0.9f, 0.999f, 1e-8f, 0.05f, 2, 0.4f};
        float[] h3 = {1e-2f, 0.9f, 0.999f, 1e-8f, 0.05f, 3, 1f};
        float[][] init = {w0.clone(), new float[n], new float[n], x.clone(), TestArrays.poisoned(1)};
        assertTwinMatches(0, new float[][] {g1, g2, g3, h1, h2, h3}, init, (g, o) -> g
                .task("s1", ModelKernels::adamW, o[0], g1, o[1], o[2], h1, n)
                .task("s2", ModelKernels::adamW, o[0], g2, o[1], o[2], h2, n)
                .task("s3", ModelKernels::adamW, o[0], g3, o[1], o[2], h3, n)
                .task("scale", ModelKernels::scale, o[3], -0.5f, n)
                .task("norm", ModelKernels::sumOfSquares, o[3], o[4], n),
                new double[] {1e-5, 1e-6, 1e-6, 0, 1e-5}, "n=" + n, "w", "m", "v", "scaled", "sumOfSquares");
    }

    @Test
    void sumOfSquaresOfNothingIsZero() {
        float[] x = new float[0];
        float[][] got = OpenClParity.run(OpenClParity.OPENCL, new float[][] {x}, poisoned(1),
                (g, o) -> g.task("norm", ModelKernels::sumOfSquares, x, o[0], 0));
        TestArrays.assertClose(new float[] {0f}, got[0], 0, "sumOfSquares n=0");
    }
}
