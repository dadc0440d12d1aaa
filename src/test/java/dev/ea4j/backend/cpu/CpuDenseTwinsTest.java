package dev.ea4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.DenseKernels;
import dev.ea4j.kernels.LossKernels;
import dev.ea4j.kernels.NormKernels;
import dev.ea4j.kernels.SoftmaxAttentionKernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code cpu} twins of the dense, norm, loss and softmax-attention kernels against their references, on
 * the vector path (when this JVM runs vectorized) and the scalar path (called directly with
 * {@code vector = false}), with sizes that leave vector tails.
 */
class CpuDenseTwinsTest {

    static final CpuPool POOL = CpuPool.shared();

    /** The paths to test: scalar always, vector when the JVM-wide species is set. */
    static List<Boolean> paths() {
        List<Boolean> p = new ArrayList<>();
        p.add(false);
        if (VectorConfig.vectorized()) p.add(true);
        return p;
    }

    static float[] rand(Random r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        return a;
    }

    static float[] nan(int n) {
        float[] a = new float[n];
        Arrays.fill(a, Float.NaN);
        return a;
    }

    /** |got - want| <= tol (1 + |want|) element-wise. */
    static void close(String what, float[] got, float[] want, double tol) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < got.length; i++) {
            double err = Math.abs(got[i] - want[i]);
            if (!(err <= tol * (1 + Math.abs(want[i])))) {
                fail(what + ": at " + i + " got " + got[i] + " want " + want[i]);
            }
        }
    }

    /** The width the surefire executions ask for (-Dea4j.vector.bits) is the one the twins run at. */
    @Test
    void runsAtTheRequestedWidth() {
        Integer bits = Integer.getInteger(VectorConfig.PROPERTY);
        org.junit.jupiter.api.Assumptions.assumeTrue(bits != null && bits > 0, "no vector width requested");
        assertEquals(bits / 32, VectorConfig.lanes());
        assertEquals(GemmMicro.NV * VectorConfig.lanes(), GemmMicro.NR);
    }

    /**
     * Shapes around every edge of {@link CpuGemm}: rows not a multiple of the tile (4 or 8) nor of the row block
     * ({@link CpuGemm#MC}), columns not a multiple of the tile width ({@link GemmMicro#NR}: 8 to 64), depth around the K slice
     * ({@link CpuGemm#KC}) and its multiples, fewer rows than a tile (the unpacked path), and few row panels
     * with many column panels, or (TN) a K slice of b past {@link CpuGemm#SLICE_BYTES} at 256 and 512 bits (the
     * threads split the columns).
     */
    @ParameterizedTest
    @CsvSource({"1,1,1", "37,29,53", "130,96,70", "8,48,256", "9,49,257", "3,200,5", "300,17,600", "4,16,256",
            "5,17,255", "7,15,513", "129,47,300", "257,95,511", "6,100,20", "12,200,33", "131,1,2", "1,130,9",
            "2,3,1000", "520,64,64", "9,63,257", "13,65,40", "8,129,300", "6,192,17", "40,530,300", "64,1100,130"})
    void matmuls(int M, int N, int K) {
        Random r = new Random(M + 7L * N + 31L * K);
        float[] a = rand(r, M * K, 1), b = rand(r, K * N, 1);
        double tol = 1e-5 * Math.sqrt(K);
        float[] want = nan(M * N), want2 = nan(M * N), want3 = nan(M * N);
        DenseKernels.matmul(a, b, want, M, N, K);
        DenseKernels.matmulTransposeB(a, b, want2, M, N, K);
        DenseKernels.matmulTransposeA(a, b, want3, M, N, K);
        for (boolean vec : paths()) {
            float[] c = nan(M * N);
            CpuDense.matmul(a, b, c, M, N, K, POOL, vec);
            close("matmul vec=" + vec, c, want, tol);
            c = nan(M * N);
            CpuDense.matmulTransposeB(a, b, c, M, N, K, POOL, vec);
            close("matmulTransposeB vec=" + vec, c, want2, tol);
            c = nan(M * N);
            CpuDense.matmulTransposeA(a, b, c, M, N, K, POOL, vec);
            close("matmulTransposeA vec=" + vec, c, want3, tol);
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1", "3,60", "17,130", "5,33"})
    void elementwiseDenseOps(int rows, int cols) {
        Random r = new Random(rows * 13 + cols);
        int n = rows * cols;
        float[] x = rand(r, n, 4), x2 = rand(r, n, 1), bias = rand(r, cols, 1);
        float[] gelu = nan(n), dgelu = nan(n), sum = nan(n), gb = nan(cols);
        DenseKernels.gelu(x, gelu, n);
        DenseKernels.geluBackward(x, x2, dgelu, n);
        DenseKernels.add(x, x2, sum, n);
        DenseKernels.biasGradient(x, gb, rows, cols);
        float[] biased = x.clone();
        DenseKernels.addBias(biased, bias, rows, cols);
        for (boolean vec : paths()) {
            float[] o = nan(n);
            CpuDense.gelu(x, o, n, POOL, vec);
            close("gelu vec=" + vec, o, gelu, 1e-5);
            o = nan(n);
            CpuDense.geluBackward(x, x2, o, n, POOL, vec);
            close("geluBackward vec=" + vec, o, dgelu, 1e-5);
            o = nan(n);
            CpuDense.add(x, x2, o, n, POOL, vec);
            close("add vec=" + vec, o, sum, 0);
            float[] g = nan(cols);
            CpuDense.biasGradient(x, g, rows, cols, POOL, vec);
            close("biasGradient vec=" + vec, g, gb, 1e-5);
            o = x.clone();
            CpuDense.addBias(o, bias, rows, cols, POOL, vec);
            close("addBias vec=" + vec, o, biased, 0);
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1", "3,60", "17,130", "40,33"})
    void layerNorm(int rows, int cols) {
        Random r = new Random(rows * 17 + cols);
        float[] x = rand(r, rows * cols, 2), gamma = rand(r, cols, 1.5), beta = rand(r, cols, 1);
        float[] gy = rand(r, rows * cols, 1);
        float[] y = nan(rows * cols), mean = nan(rows), rstd = nan(rows);
        float[] gx = nan(rows * cols), dg = nan(cols), db = nan(cols);
        NormKernels.layerNorm(x, gamma, beta, y, mean, rstd, rows, cols, 1e-5f);
        NormKernels.layerNormBackward(x, gamma, mean, rstd, gy, gx, dg, db, rows, cols);
        for (boolean vec : paths()) {
            float[] y2 = nan(rows * cols), m2 = nan(rows), r2 = nan(rows);
            CpuNorm.layerNorm(x, gamma, beta, y2, m2, r2, rows, cols, 1e-5f, POOL, vec);
            close("layerNorm y vec=" + vec, y2, y, 1e-4);
            close("layerNorm mean vec=" + vec, m2, mean, 1e-5);
            close("layerNorm rstd vec=" + vec, r2, rstd, 1e-4);
            float[] gx2 = nan(rows * cols), dg2 = nan(cols), db2 = nan(cols);
            CpuNorm.layerNormBackward(x, gamma, mean, rstd, gy, gx2, dg2, db2, rows, cols, POOL, vec);
            close("layerNormBackward gx vec=" + vec, gx2, gx, 1e-4);
            close("layerNormBackward dgamma vec=" + vec, dg2, dg, 1e-4);
            close("layerNormBackward dbeta vec=" + vec, db2, db, 1e-4);
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1", "7,10", "33,130", "64,17"})
    void losses(int rows, int classes) {
        Random r = new Random(rows * 19 + classes);
        float[] logits = rand(r, rows * classes, 5);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) labels[i] = r.nextInt(classes);
        lossesWithLabels(logits, labels, rows, classes, r);
        // ignored rows (label -1): some, and all of them
        for (int i = 0; i < rows; i += 3) labels[i] = LossKernels.IGNORE;
        lossesWithLabels(logits, labels, rows, classes, r);
        java.util.Arrays.fill(labels, LossKernels.IGNORE);
        lossesWithLabels(logits, labels, rows, classes, r);
    }

    private static void lossesWithLabels(float[] logits, int[] labels, int rows, int classes, Random r) {
        float[] loss = nan(1), grad = nan(rows * classes);
        LossKernels.softmaxCrossEntropy(logits, labels, loss, grad, rows, classes);
        int n = rows * classes;
        float[] target = rand(r, n, 5);
        float[] mse = nan(1), mgrad = nan(n);
        LossKernels.meanSquaredError(logits, target, mse, mgrad, n);
        for (boolean vec : paths()) {
            float[] l2 = nan(1), g2 = nan(rows * classes);
            CpuLoss.softmaxCrossEntropy(logits, labels, l2, g2, rows, classes, POOL, vec);
            close("ce loss vec=" + vec, l2, loss, 1e-5);
            close("ce grad vec=" + vec, g2, grad, 1e-5);
            float[] m2 = nan(1), mg2 = nan(n);
            CpuLoss.meanSquaredError(logits, target, m2, mg2, n, POOL, vec);
            close("mse loss vec=" + vec, m2, mse, 1e-5);
            close("mse grad vec=" + vec, mg2, mgrad, 1e-6);
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1,1,1", "2,63,60,4", "1,130,60,5", "2,17,1,1", "1,33,96,3", "2,9,32,4", "1,200,32,4"})
    void softmaxAttention(int B, int L, int D, int H) {
        Random r = new Random(B * 1000 + L * 10 + D + H);
        int n = B * L * D;
        float[] q = rand(r, n, 2), k = rand(r, n, 2), v = rand(r, n, 1), gy = rand(r, n, 1);
        for (boolean causal : new boolean[] {false, true}) {
            float[] y = nan(n), dq = nan(n), dk = nan(n), dv = nan(n);
            if (causal) {
                SoftmaxAttentionKernels.causalForward(q, k, v, y, B, L, D, H);
                SoftmaxAttentionKernels.causalBackward(q, k, v, y, gy, dq, dk, dv, B, L, D, H);
            } else {
                SoftmaxAttentionKernels.forward(q, k, v, y, B, L, D, H);
                SoftmaxAttentionKernels.backward(q, k, v, y, gy, dq, dk, dv, B, L, D, H);
            }
            for (boolean vec : paths()) {
                String w = (causal ? "causal " : "") + "vec=" + vec;
                float[] y2 = nan(n), dq2 = nan(n), dk2 = nan(n), dv2 = nan(n);
                CpuSoftmaxAttention.forward(q, k, v, y2, B, L, D, H, causal, POOL, vec);
                close("forward " + w, y2, y, 1e-5);
                CpuSoftmaxAttention.backward(q, k, v, y, gy, dq2, dk2, dv2, B, L, D, H, causal, POOL, vec);
                close("dq " + w, dq2, dq, 1e-4);
                close("dk " + w, dk2, dk, 1e-4);
                close("dv " + w, dv2, dv, 1e-4);
            }
        }
    }

    @Test
    void kvCacheDecode() {
        int B = 3, D = 60, H = 4, capacity = 9;
        Random r = new Random(5);
        float[] kc = nan(B * capacity * D), vc = nan(B * capacity * D);
        float[] kc2 = nan(B * capacity * D), vc2 = nan(B * capacity * D);
        for (int pos = 0; pos < capacity; pos++) {
            float[] q = rand(r, B * D, 2), k = rand(r, B * D, 2), v = rand(r, B * D, 1);
            SoftmaxAttentionKernels.appendKv(k, v, kc, vc, B, D, pos, capacity);
            CpuSoftmaxAttention.appendKv(k, v, kc2, vc2, B, D, pos, capacity, POOL);
            float[] y = nan(B * D);
            SoftmaxAttentionKernels.decodeStep(q, kc, vc, y, B, D, H, pos, capacity);
            for (boolean vec : paths()) {
                float[] y2 = nan(B * D);
                CpuSoftmaxAttention.decodeStep(q, kc2, vc2, y2, B, D, H, pos, capacity, POOL, vec);
                close("decode pos " + pos + " vec=" + vec, y2, y, 1e-5);
            }
        }
        close("kCache", kc2, kc, 0);
        close("vCache", vc2, vc, 0);
    }

    /** The registered twins run through a task graph on "cpu" and agree with the "java" backend. */
    @Test
    void executionPlanOnCpuAndJava() {
        int M = 37, N = 29, K = 53;
        Random r = new Random(9);
        float[] a = rand(r, M * K, 1), b = rand(r, N * K, 1), bias = rand(r, N, 1);
        float[] want = nan(M * N);
        DenseKernels.matmulTransposeB(a, b, want, M, N, K);
        DenseKernels.addBias(want, bias, M, N);
        DenseKernels.gelu(want.clone(), want, M * N);
        for (String device : new String[] {"cpu", "java"}) {
            float[] c = nan(M * N), y = nan(M * N);
            TaskGraph g = new TaskGraph("linear")
                    .task("mm", DenseKernels::matmulTransposeB, a, b, c, M, N, K)
                    .task("bias", DenseKernels::addBias, c, bias, M, N)
                    .task("gelu", DenseKernels::gelu, c, y, M * N);
            try (ExecutionPlan plan = new ExecutionPlan(g.snapshot()).withDevice(device)) {
                plan.execute();
            }
            close("plan on " + device, y, want, 1e-4);
        }
    }
}
