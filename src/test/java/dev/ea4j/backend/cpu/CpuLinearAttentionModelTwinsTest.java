package dev.ea4j.backend.cpu;

import static dev.ea4j.backend.cpu.CpuDenseTwinsTest.POOL;
import static dev.ea4j.backend.cpu.CpuDenseTwinsTest.close;
import static dev.ea4j.backend.cpu.CpuDenseTwinsTest.nan;
import static dev.ea4j.backend.cpu.CpuDenseTwinsTest.paths;
import static dev.ea4j.backend.cpu.CpuDenseTwinsTest.rand;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.LinearAttentionKernels;
import dev.ea4j.kernels.ModelKernels;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code cpu} twins of LinearAttentionKernels and ModelKernels against their references; the vector
 * twins on both paths (scalar called directly with {@code vector = false}), sizes leaving vector tails.
 */
class CpuLinearAttentionModelTwinsTest {

    @ParameterizedTest(name = "B={0} L={1} D={2} H={3}")
    @CsvSource({"1,1,1,1", "2,63,60,4", "1,130,60,5", "3,17,1,1", "1,33,12,3"})
    void linearAttention(int B, int L, int D, int H) {
        Random r = new Random(B * 1000 + L * 10 + D + H);
        int n = B * L * D;
        float[] q = rand(r, n, 2), k = rand(r, n, 2), v = rand(r, n, 1), gy = rand(r, n, 1);
        for (boolean causal : new boolean[] {false, true}) {
            String w = causal ? "causal " : "";
            float[] y = nan(n), dq = nan(n), dk = nan(n), dv = nan(n);
            float[] y2 = nan(n), dq2 = nan(n), dk2 = nan(n), dv2 = nan(n);
            if (causal) {
                LinearAttentionKernels.causalForward(q, k, v, y, B, L, D, H);
                LinearAttentionKernels.causalBackward(q, k, v, gy, dq, dk, dv, B, L, D, H);
                CpuLinearAttention.causalForward(q, k, v, y2, B, L, D, H, POOL);
                CpuLinearAttention.causalBackward(q, k, v, gy, dq2, dk2, dv2, B, L, D, H, POOL);
            } else {
                LinearAttentionKernels.forward(q, k, v, y, B, L, D, H);
                LinearAttentionKernels.backward(q, k, v, gy, dq, dk, dv, B, L, D, H);
                CpuLinearAttention.forward(q, k, v, y2, B, L, D, H, POOL);
                CpuLinearAttention.backward(q, k, v, gy, dq2, dk2, dv2, B, L, D, H, POOL);
            }
            // same arithmetic in the same order: exact
            close(w + "forward", y2, y, 0);
            close(w + "dq", dq2, dq, 0);
            close(w + "dk", dk2, dk, 0);
            close(w + "dv", dv2, dv, 0);
        }
    }

    @ParameterizedTest(name = "B={0} L={1} D={2} V={3}")
    @CsvSource({"1,1,1,1", "3,7,5,4", "2,63,60,11", "1,130,33,130"})
    void gathersAndPooling(int B, int L, int D, int V) {
        Random r = new Random(B * 31 + L * 7 + D + V);
        int N = B * L;
        int[] ids = new int[N];
        for (int i = 0; i < N; i++) ids[i] = r.nextInt(V);
        float[] table = rand(r, V * D, 1), x = rand(r, N * D, 1), pe = rand(r, (L + 1) * D, 1), gp = rand(r, B * D, 1);
        float[] emb = nan(N * D), gt = nan(V * D), pos = nan(N * D), gpe = nan((L + 1) * D), pool = nan(B * D),
                gx = nan(N * D);
        ModelKernels.embeddingLookup(ids, table, emb, N, V, D);
        ModelKernels.embeddingBackward(ids, x, gt, N, V, D);
        ModelKernels.addPositional(x, pe, pos, B, L, D);
        ModelKernels.positionalBackward(x, gpe, B, L, D);
        ModelKernels.meanPool(x, pool, B, L, D);
        ModelKernels.meanPoolBackward(gp, gx, B, L, D);
        float[] o = nan(N * D);
        CpuModel.embeddingLookup(ids, table, o, N, V, D, POOL);
        close("embeddingLookup", o, emb, 0);
        o = nan(V * D);
        CpuModel.embeddingBackward(ids, x, o, N, V, D, POOL);
        close("embeddingBackward", o, gt, 0);
        o = nan((L + 1) * D);
        CpuModel.positionalBackward(x, o, B, L, D, POOL);
        for (int i = 0; i < o.length; i++) assertEquals(gpe[i], o[i], "positionalBackward at " + i);
        o = nan(B * D);
        CpuModel.meanPool(x, o, B, L, D, POOL);
        close("meanPool", o, pool, 0);
        o = nan(N * D);
        CpuModel.meanPoolBackward(gp, o, B, L, D, POOL);
        close("meanPoolBackward", o, gx, 0);
        for (boolean vec : paths()) {
            o = nan(N * D);
            CpuModel.addPositional(x, pe, o, B, L, D, POOL, vec);
            close("addPositional vec=" + vec, o, pos, 0);
        }
    }

    @ParameterizedTest(name = "n={0}")
    @CsvSource({"1", "63", "4097", "20011"})
    void adamWScaleAndSumOfSquares(int n) {
        Random r = new Random(n);
        float[] w0 = rand(r, n, 1), x = rand(r, n, 3);
        float[] sum = nan(1);
        ModelKernels.sumOfSquares(x, sum, n);
        float[] scaled = x.clone();
        ModelKernels.scale(scaled, 0.77f, n);
        for (boolean vec : paths()) {
            float[] w = w0.clone(), m = new float[n], v = new float[n];
            float[] wr = w0.clone(), mr = new float[n], vr = new float[n];
            for (int t = 1; t <= 3; t++) {
                float[] g = rand(r, n, 1);
                // step 3 clips: gradScale != 1
                float[] hyper = {1e-2f, 0.9f, 0.999f, 1e-8f, 0.05f, t, t == 3 ? 0.3f : 1f};
                ModelKernels.adamW(wr, g, mr, vr, hyper, n);
                CpuModel.adamW(w, g, m, v, hyper, n, POOL, vec);
                close("adamW w step " + t + " vec=" + vec, w, wr, 1e-6);
                close("adamW m step " + t + " vec=" + vec, m, mr, 1e-6);
                close("adamW v step " + t + " vec=" + vec, v, vr, 1e-6);
            }
            float[] s = nan(1);
            CpuModel.sumOfSquares(x, s, n, POOL, vec);
            close("sumOfSquares vec=" + vec, s, sum, 1e-6);
            float[] again = nan(1);
            CpuModel.sumOfSquares(x, again, n, new CpuPool(3), vec);
            assertEquals(s[0], again[0], "sumOfSquares does not depend on the thread count");
            float[] y = x.clone();
            CpuModel.scale(y, 0.77f, n, POOL, vec);
            close("scale vec=" + vec, y, scaled, 0);
        }
    }

    /** The registered twins run through a task graph on "cpu" and agree with "java". */
    @Test
    void executionPlanOnCpuAndJava() {
        int B = 2, L = 9, D = 6, H = 2, n = B * L * D;
        Random r = new Random(4);
        float[] q = rand(r, n, 1), k = rand(r, n, 1), v = rand(r, n, 1);
        float[][] results = new float[2][];
        String[] devices = {"java", "cpu"};
        for (int d = 0; d < 2; d++) {
            float[] y = nan(n), pooled = nan(B * D), norm = nan(1);
            TaskGraph g = new TaskGraph("la")
                    .task("att", LinearAttentionKernels::causalForward, q, k, v, y, B, L, D, H)
                    .task("pool", ModelKernels::meanPool, y, pooled, B, L, D)
                    .task("scale", ModelKernels::scale, pooled, 2f, B * D)
                    .task("norm", ModelKernels::sumOfSquares, pooled, norm, B * D);
            try (ExecutionPlan plan = new ExecutionPlan(g.snapshot()).withDevice(devices[d])) {
                plan.execute();
            }
            float[] all = new float[B * D + 1];
            System.arraycopy(pooled, 0, all, 0, B * D);
            all[B * D] = norm[0];
            results[d] = all;
        }
        close("plan cpu vs java", results[1], results[0], 1e-6);
    }
}
