package dev.ea4j.verify;

import dev.ea4j.backend.Backends;
import dev.ea4j.backend.DataTransferMode;
import dev.ea4j.backend.Device;
import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.DenseKernels;
import dev.ea4j.kernels.EaRecurrentKernels;
import dev.ea4j.kernels.EaSeriesKernels;
import dev.ea4j.kernels.ExactEaKernels;
import dev.ea4j.kernels.LinearAttentionKernels;
import dev.ea4j.kernels.LossKernels;
import dev.ea4j.kernels.ModelKernels;
import dev.ea4j.kernels.NormKernels;
import dev.ea4j.kernels.SoftmaxAttentionKernels;
import dev.ea4j.kernels.StoredSoftmaxKernels;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The conformance suite: runs every kernel of {@code dev.ea4j.kernels} through a task graph on a device and
 * on the {@code java} reference device, on the same seeded inputs with odd shapes (L = 1, 63, 1000 for the
 * O(L) kernels, L = 1, 63, 130 for the O(L^2) ones; D = 1 and 60), with outputs NaN-poisoned before each
 * call, and compares every output with an explicit per-kernel tolerance on
 * {@code max|device - reference| / max(1, max|reference|)}.
 *
 * <p>A case fails when the error exceeds its tolerance, when the device leaves a NaN (or any non-finite
 * value) where the reference is finite, when the reference itself leaves a NaN in an output (a kernel
 * that does not write all of its outputs), or when either run throws.
 */
public final class Conformance {

    /** Tolerance for forward kernels and elementwise ops. */
    public static final double TOL = 1e-4;
    /** Tolerance for backward kernels and matmuls (longer reductions). */
    public static final double TOL_LOOSE = 5e-4;

    private static final int[][] LD_LINEAR = {{1, 1}, {1, 60}, {63, 1}, {63, 60}, {1000, 1}, {1000, 60}};
    private static final int[][] LD_QUADRATIC = {{1, 1}, {1, 60}, {63, 1}, {63, 60}, {130, 1}, {130, 60}};

    private Conformance() {}

    /** Runs every case on {@code device} against the {@code java} reference, printing one line per case. */
    public static Report run(Device device, PrintStream progress) {
        return run(device, cases(), progress);
    }

    /** Runs {@code cases} on {@code device} against the {@code java} reference. */
    public static Report run(Device device, List<Case> cases, PrintStream progress) {
        Device reference = Backends.select("java", true, System.err);
        List<CaseResult> results = new ArrayList<>();
        for (Case c : cases) {
            CaseResult r = runCase(c, device, reference);
            results.add(r);
            if (progress != null) {
                progress.println(r.line());
                progress.flush();
            }
        }
        return new Report(device.id(), reference.id(), List.copyOf(results));
    }

    /** Runs one case on {@code device} and on {@code reference} and compares the outputs. */
    public static CaseResult runCase(Case c, Device device, Device reference) {
        Buffers ref, dev;
        try {
            ref = execute(c, reference);
        } catch (RuntimeException | AssertionError e) {
            return new CaseResult(c.name(), Double.NaN, c.tolerance(), false, "reference threw " + describe(e));
        }
        try {
            dev = execute(c, device);
        } catch (RuntimeException | AssertionError e) {
            return new CaseResult(c.name(), Double.NaN, c.tolerance(), false, device.id() + " threw " + describe(e));
        }
        return compare(c, ref, dev);
    }

    private static Buffers execute(Case c, Device device) {
        TaskGraph g = new TaskGraph("verify");
        Buffers a = new Buffers(g, c.seed());
        c.body().build(a, g);
        for (Buffers.Named n : a.arrays()) {
            if (n.role() == Buffers.Role.OUT || n.role() == Buffers.Role.INOUT) {
                g.transferToHost(DataTransferMode.EVERY_EXECUTION, n.array());
            }
        }
        try (ExecutionPlan plan = new ExecutionPlan(g.snapshot()).withDevice(device).withStrict(true)) {
            plan.execute();
        }
        return a;
    }

    private static CaseResult compare(Case c, Buffers ref, Buffers dev) {
        double worst = 0;
        String where = "";
        List<Buffers.Named> rs = ref.arrays(), ds = dev.arrays();
        for (int i = 0; i < rs.size(); i++) {
            Buffers.Named r = rs.get(i);
            if (r.role() != Buffers.Role.OUT && r.role() != Buffers.Role.INOUT) continue;
            if (!(r.array() instanceof float[] ra)) continue;
            float[] da = (float[]) ds.get(i).array();
            double scale = 1;
            for (int j = 0; j < ra.length; j++) {
                if (Float.isNaN(ra[j])) {
                    return new CaseResult(c.name(), Double.NaN, c.tolerance(), false, "reference left NaN in "
                            + r.name() + "[" + j + "] (output not written: kernel not implemented?)");
                }
                if (Float.isFinite(ra[j])) scale = Math.max(scale, Math.abs(ra[j]));
            }
            for (int j = 0; j < ra.length; j++) {
                double err;
                if (!Float.isFinite(ra[j])) err = ra[j] == da[j] ? 0 : Double.POSITIVE_INFINITY;
                else if (!Float.isFinite(da[j])) err = Double.POSITIVE_INFINITY;
                else err = Math.abs((double) da[j] - ra[j]) / scale;
                if (err > worst || (err == Double.POSITIVE_INFINITY && where.isEmpty())) {
                    worst = err;
                    where = r.name() + "[" + j + "]: device " + da[j] + " reference " + ra[j];
                }
            }
        }
        boolean ok = worst <= c.tolerance();
        return new CaseResult(c.name(), worst, c.tolerance(), ok, ok ? "" : "worst at " + where);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }

    /** Every case, kernel family by kernel family. */
    public static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        eaSeries(out);
        eaRecurrent(out);
        exactEa(out);
        softmax(out);
        storedSoftmax(out);
        dense(out);
        norm(out);
        loss(out);
        linearAttention(out);
        model(out);
        return List.copyOf(out);
    }

    private static int batch(int L, int D) {
        return L * D <= 63 * 60 ? 2 : 1;
    }

    private static String bld(int B, int L, int D) {
        return " B=" + B + " L=" + L + " D=" + D;
    }

    private static void eaSeries(List<Case> out) {
        for (int p : new int[] {2, 6}) {
            for (int[] ld : LD_LINEAR) {
                int L = ld[0], D = ld[1], B = batch(L, D), n = B * L * D;
                String s = " p=" + p + bld(B, L, D);
                out.add(new Case("EaSeriesKernels.forward" + s, TOL, (a, g) -> {
                    float[] q = a.in("q", n), k = a.in("k", n), v = a.in("v", n), y = a.out("y", n);
                    g.task("t", EaSeriesKernels::forward, q, k, v, y, B, L, D, p);
                }));
                out.add(new Case("EaSeriesKernels.causalForward" + s, TOL, (a, g) -> {
                    float[] q = a.in("q", n), k = a.in("k", n), v = a.in("v", n), y = a.out("y", n);
                    g.task("t", EaSeriesKernels::causalForward, q, k, v, y, B, L, D, p);
                }));
                out.add(new Case("EaSeriesKernels.backward" + s, TOL_LOOSE, (a, g) -> {
                    float[] q = a.in("q", n), k = a.in("k", n), v = a.in("v", n), gy = a.in("gy", n);
                    float[] dq = a.out("dq", n), dk = a.out("dk", n), dv = a.out("dv", n);
                    g.task("t", EaSeriesKernels::backward, q, k, v, gy, dq, dk, dv, B, L, D, p);
                }));
                out.add(new Case("EaSeriesKernels.causalBackward" + s, TOL_LOOSE, (a, g) -> {
                    float[] q = a.in("q", n), k = a.in("k", n), v = a.in("v", n), gy = a.in("gy", n);
                    float[] yRef = new float[n];
                    EaSeriesKernels.causalForward(q, k, v, yRef, B, L, D, p);
                    float[] y = a.given("y", yRef);
                    float[] dq = a.out("dq", n), dk = a.out("dk", n), dv = a.out("dv", n);
                    float[] work = a.scratch("work", 2 * n);
                    g.task("t", EaSeriesKernels::causalBackward, q, k, v, y, gy, dq, dk, dv, work, B, L, D, p);
                }));
            }
        }
    }

    private static void eaRecurrent(List<Case> out) {
        for (int p : new int[] {2, 6}) {
            for (int D : new int[] {1, 60}) {
                int B = 2, t = p + 1;
                out.add(new Case("EaRecurrentKernels.reset p=" + p + " B=" + B + " D=" + D, TOL, (a, g) -> {
                    float[] s = a.out("s", B * D * t), z = a.out("z", B * D * t), m = a.out("m", B * D);
                    g.task("t", EaRecurrentKernels::reset, s, z, m, B, D, p);
                }));
            }
            for (int[] ld : LD_LINEAR) {
                int L = ld[0], D = ld[1], B = batch(L, D), t = p + 1;
                out.add(new Case("EaRecurrentKernels.prefill p=" + p + bld(B, L, D), TOL, (a, g) -> {
                    float[] k = a.in("k", B * L * D), v = a.in("v", B * L * D);
                    float[] s = a.out("s", B * D * t), z = a.out("z", B * D * t), m = a.out("m", B * D);
                    g.task("reset", EaRecurrentKernels::reset, s, z, m, B, D, p);
                    g.task("prefill", EaRecurrentKernels::prefill, k, v, s, z, m, B, L, D, p);
                }));
                // prefill L - steps tokens, then feed the last tokens one step at a time
                int steps = Math.min(L, 3), pre = L - steps;
                out.add(new Case("EaRecurrentKernels.decodeStep p=" + p + bld(B, L, D), TOL, (a, g) -> {
                    float[] s = a.out("s", B * D * t), z = a.out("z", B * D * t), m = a.out("m", B * D);
                    float[] k = pre > 0 ? a.in("k", B * pre * D) : null, v = pre > 0 ? a.in("v", B * pre * D) : null;
                    float[][] qs = new float[steps][], ks = new float[steps][], vs = new float[steps][], ys = new float[steps][];
                    for (int i = 0; i < steps; i++) {
                        qs[i] = a.in("q" + i, B * D);
                        ks[i] = a.in("k" + i, B * D);
                        vs[i] = a.in("v" + i, B * D);
                        ys[i] = a.out("y" + i, B * D);
                    }
                    g.task("reset", EaRecurrentKernels::reset, s, z, m, B, D, p);
                    if (pre > 0) g.task("prefill", EaRecurrentKernels::prefill, k, v, s, z, m, B, pre, D, p);
                    for (int i = 0; i < steps; i++) {
                        g.task("step" + i, EaRecurrentKernels::decodeStep, qs[i], ks[i], vs[i], ys[i], s, z, m, B, D, p);
                    }
                }));
            }
        }
    }

    private static void exactEa(List<Case> out) {
        for (int[] ld : LD_QUADRATIC) {
            int L = ld[0], D = ld[1], B = batch(L, D), n = B * L * D;
            String s = bld(B, L, D);
            out.add(new Case("ExactEaKernels.forward" + s, TOL, (a, g) -> {
                float[] q = a.in("q", n), k = a.in("k", n), v = a.in("v", n), y = a.out("y", n);
                g.task("t", ExactEaKernels::forward, q, k, v, y, B, L, D);
            }));
            out.add(new Case("ExactEaKernels.causalForward" + s, TOL, (a, g) -> {
                float[] q = a.in("q", n), k = a.in("k", n), v = a.in("v", n), y = a.out("y", n);
                g.task("t", ExactEaKernels::causalForward, q, k, v, y, B, L, D);
            }));
            out.add(new Case("ExactEaKernels.backward" + s, TOL_LOOSE, (a, g) -> {
                float[] q = a.in("q", n), k = a.in("k", n), v = a.in("v", n), gy = a.in("gy", n);
                float[] dq = a.out("dq", n), dk = a.out("dk", n), dv = a.out("dv", n);
                g.task("t", ExactEaKernels::backward, q, k, v, gy, dq, dk, dv, B, L, D);
            }));
            out.add(new Case("ExactEaKernels.causalBackward" + s, TOL_LOOSE, (a, g) -> {
                float[] q = a.in("q", n), k = a.in("k", n), v = a.in("v", n), gy = a.in("gy", n);
                float[] dq = a.out("dq", n), dk = a.out("dk", n), dv = a.out("dv", n);
                g.task("t", ExactEaKernels::causalBackward, q, k, v, gy, dq, dk, dv, B, L, D);
            }));
        }
    }

    private static void softmax(List<Case> out) {
        for (int[] ld : LD_QUADRATIC) {
            int L = ld[0], D = ld[1], B = batch(L, D), n = B * L * D;
            int H = D == 1 ? 1 : L == 130 ? 5 : 4;
            String s = bld(B, L, D) + " H=" + H;
            out.add(new Case("SoftmaxAttentionKernels.forward" + s, TOL, (a, g) -> {
                float[] q = a.in("q", n), k = a.in("k", n), v = a.in("v", n), y = a.out("y", n);
                g.task("t", SoftmaxAttentionKernels::forward, q, k, v, y, B, L, D, H);
            }));
            out.add(new Case("SoftmaxAttentionKernels.causalForward" + s, TOL, (a, g) -> {
                float[] q = a.in("q", n), k = a.in("k", n), v = a.in("v", n), y = a.out("y", n);
                g.task("t", SoftmaxAttentionKernels::causalForward, q, k, v, y, B, L, D, H);
            }));
            for (boolean causal : new boolean[] {false, true}) {
                out.add(new Case("SoftmaxAttentionKernels." + (causal ? "causalBackward" : "backward") + s, TOL_LOOSE,
                        (a, g) -> {
                            float[] q = a.in("q", n), k = a.in("k", n), v = a.in("v", n), gy = a.in("gy", n);
                            float[] yRef = new float[n];
                            if (causal) SoftmaxAttentionKernels.causalForward(q, k, v, yRef, B, L, D, H);
                            else SoftmaxAttentionKernels.forward(q, k, v, yRef, B, L, D, H);
                            float[] y = a.given("y", yRef);
                            float[] dq = a.out("dq", n), dk = a.out("dk", n), dv = a.out("dv", n);
                            if (causal) {
                                g.task("t", SoftmaxAttentionKernels::causalBackward, q, k, v, y, gy, dq, dk, dv, B, L, D, H);
                            } else {
                                g.task("t", SoftmaxAttentionKernels::backward, q, k, v, y, gy, dq, dk, dv, B, L, D, H);
                            }
                        }));
            }
        }
        int capacity = 130;
        for (int D : new int[] {1, 60}) {
            for (int pos : new int[] {0, 62, 129}) {
                int B = 2, H = D == 1 ? 1 : pos == 129 ? 5 : 4;
                out.add(new Case("SoftmaxAttentionKernels.appendKv B=2 D=" + D + " pos=" + pos + " cap=" + capacity,
                        TOL, (a, g) -> {
                            float[] k = a.in("k", B * D), v = a.in("v", B * D);
                            float[] kc = a.inout("kCache", B * capacity * D), vc = a.inout("vCache", B * capacity * D);
                            g.task("t", SoftmaxAttentionKernels::appendKv, k, v, kc, vc, B, D, pos, capacity);
                        }));
                out.add(new Case("SoftmaxAttentionKernels.decodeStep B=2 D=" + D + " H=" + H + " pos=" + pos, TOL,
                        (a, g) -> {
                            float[] q = a.in("q", B * D);
                            float[] kc = a.in("kCache", B * capacity * D), vc = a.in("vCache", B * capacity * D);
                            float[] y = a.out("y", B * D);
                            g.task("t", SoftmaxAttentionKernels::decodeStep, q, kc, vc, y, B, D, H, pos, capacity);
                        }));
            }
        }
    }

    private static void storedSoftmax(List<Case> out) {
        for (int[] ld : LD_QUADRATIC) {
            int L = ld[0], D = ld[1], B = batch(L, D), n = B * L * D;
            int H = D == 1 ? 1 : L == 130 ? 5 : 4, np = B * H * L * L;
            String s = bld(B, L, D) + " H=" + H;
            out.add(new Case("StoredSoftmaxKernels.forward" + s, TOL, (a, g) -> {
                float[] q = a.in("q", n), k = a.in("k", n), v = a.in("v", n);
                float[] y = a.out("y", n), probs = a.out("probs", np);
                g.task("t", StoredSoftmaxKernels::forward, q, k, v, y, probs, B, L, D, H);
            }));
            out.add(new Case("StoredSoftmaxKernels.causalForward" + s, TOL, (a, g) -> {
                float[] q = a.in("q", n), k = a.in("k", n), v = a.in("v", n);
                float[] y = a.out("y", n), probs = a.out("probs", np);
                g.task("t", StoredSoftmaxKernels::causalForward, q, k, v, y, probs, B, L, D, H);
            }));
            for (boolean causal : new boolean[] {false, true}) {
                out.add(new Case("StoredSoftmaxKernels.backward" + (causal ? " (causal probs)" : "") + s, TOL_LOOSE,
                        (a, g) -> {
                            float[] q = a.in("q", n), k = a.in("k", n), v = a.in("v", n), gy = a.in("gy", n);
                            float[] yRef = new float[n], probsRef = new float[np];
                            if (causal) StoredSoftmaxKernels.causalForward(q, k, v, yRef, probsRef, B, L, D, H);
                            else StoredSoftmaxKernels.forward(q, k, v, yRef, probsRef, B, L, D, H);
                            float[] probs = a.given("probs", probsRef);
                            float[] dq = a.out("dq", n), dk = a.out("dk", n), dv = a.out("dv", n);
                            g.task("t", StoredSoftmaxKernels::backward, q, k, v, probs, gy, dq, dk, dv, B, L, D, H);
                        }));
            }
        }
    }

    private static void dense(List<Case> out) {
        int[][] mnk = {{1, 1, 1}, {63, 60, 33}, {130, 61, 67}};
        for (int[] s : mnk) {
            int M = s[0], N = s[1], K = s[2];
            String name = " M=" + M + " N=" + N + " K=" + K;
            out.add(new Case("DenseKernels.matmul" + name, TOL_LOOSE, (a, g) -> {
                float[] x = a.in("a", M * K), w = a.in("b", K * N), c = a.out("c", M * N);
                g.task("t", DenseKernels::matmul, x, w, c, M, N, K);
            }));
            out.add(new Case("DenseKernels.matmulTransposeB" + name, TOL_LOOSE, (a, g) -> {
                float[] x = a.in("a", M * K), w = a.in("b", N * K), c = a.out("c", M * N);
                g.task("t", DenseKernels::matmulTransposeB, x, w, c, M, N, K);
            }));
            out.add(new Case("DenseKernels.matmulTransposeA" + name, TOL_LOOSE, (a, g) -> {
                float[] x = a.in("a", K * M), w = a.in("b", K * N), c = a.out("c", M * N);
                g.task("t", DenseKernels::matmulTransposeA, x, w, c, M, N, K);
            }));
        }
        int[][] rc = {{1, 1}, {63, 60}, {1000, 60}};
        for (int[] s : rc) {
            int rows = s[0], cols = s[1], n = rows * cols;
            String name = " rows=" + rows + " cols=" + cols;
            out.add(new Case("DenseKernels.addBias" + name, TOL, (a, g) -> {
                float[] x = a.inout("x", n), b = a.in("bias", cols);
                g.task("t", DenseKernels::addBias, x, b, rows, cols);
            }));
            out.add(new Case("DenseKernels.biasGradient" + name, TOL_LOOSE, (a, g) -> {
                float[] gy = a.in("gy", n), gb = a.out("gb", cols);
                g.task("t", DenseKernels::biasGradient, gy, gb, rows, cols);
            }));
            out.add(new Case("DenseKernels.gelu n=" + n, TOL, (a, g) -> {
                float[] x = a.in("x", n, -4f, 4f), y = a.out("y", n);
                g.task("t", DenseKernels::gelu, x, y, n);
            }));
            out.add(new Case("DenseKernels.geluBackward n=" + n, TOL, (a, g) -> {
                float[] x = a.in("x", n, -4f, 4f), gy = a.in("gy", n), gx = a.out("gx", n);
                g.task("t", DenseKernels::geluBackward, x, gy, gx, n);
            }));
            out.add(new Case("DenseKernels.add n=" + n, TOL, (a, g) -> {
                float[] x = a.in("a", n), y = a.in("b", n), o = a.out("out", n);
                g.task("t", DenseKernels::add, x, y, o, n);
            }));
        }
    }

    private static void norm(List<Case> out) {
        int[][] rc = {{1, 1}, {63, 60}, {1000, 60}};
        float eps = 1e-5f;
        for (int[] s : rc) {
            int rows = s[0], cols = s[1], n = rows * cols;
            String name = " rows=" + rows + " cols=" + cols;
            out.add(new Case("NormKernels.layerNorm" + name, TOL, (a, g) -> {
                float[] x = a.in("x", n, -2f, 2f), gamma = a.in("gamma", cols, 0.5f, 1.5f), beta = a.in("beta", cols);
                float[] y = a.out("y", n), mean = a.out("mean", rows), rstd = a.out("rstd", rows);
                g.task("t", NormKernels::layerNorm, x, gamma, beta, y, mean, rstd, rows, cols, eps);
            }));
            out.add(new Case("NormKernels.layerNormBackward" + name, TOL_LOOSE, (a, g) -> {
                float[] x = a.in("x", n, -2f, 2f), gamma = a.in("gamma", cols, 0.5f, 1.5f), beta = a.in("beta", cols);
                float[] yRef = new float[n], meanRef = new float[rows], rstdRef = new float[rows];
                NormKernels.layerNorm(x, gamma, beta, yRef, meanRef, rstdRef, rows, cols, eps);
                float[] mean = a.given("mean", meanRef), rstd = a.given("rstd", rstdRef), gy = a.in("gy", n);
                float[] gx = a.out("gx", n), dgamma = a.out("dgamma", cols), dbeta = a.out("dbeta", cols);
                g.task("t", NormKernels::layerNormBackward, x, gamma, mean, rstd, gy, gx, dgamma, dbeta, rows, cols);
            }));
        }
    }

    private static void loss(List<Case> out) {
        int[][] rc = {{1, 1}, {63, 5}, {1000, 60}};
        for (int[] s : rc) {
            int rows = s[0], classes = s[1];
            out.add(new Case("LossKernels.softmaxCrossEntropy rows=" + rows + " classes=" + classes, TOL, (a, g) -> {
                float[] logits = a.in("logits", rows * classes, -3f, 3f);
                int[] labels = a.labels("labels", rows, classes);
                float[] loss = a.out("loss", 1), grad = a.out("grad", rows * classes);
                g.task("t", LossKernels::softmaxCrossEntropy, logits, labels, loss, grad, rows, classes);
            }));
            if (rows > 1) {
                out.add(new Case("LossKernels.softmaxCrossEntropy ignored labels rows=" + rows + " classes=" + classes,
                        TOL, (a, g) -> {
                    float[] logits = a.in("logits", rows * classes, -3f, 3f);
                    int[] labels = a.labels("labels", rows, classes);
                    for (int i = 0; i < rows; i += 3) labels[i] = LossKernels.IGNORE;
                    float[] loss = a.out("loss", 1), grad = a.out("grad", rows * classes);
                    g.task("t", LossKernels::softmaxCrossEntropy, logits, labels, loss, grad, rows, classes);
                }));
            }
            int n = rows * classes;
            out.add(new Case("LossKernels.meanSquaredError n=" + n, TOL, (a, g) -> {
                float[] pred = a.in("pred", n), target = a.in("target", n);
                float[] loss = a.out("loss", 1), grad = a.out("grad", n);
                g.task("t", LossKernels::meanSquaredError, pred, target, loss, grad, n);
            }));
        }
    }

    private static void linearAttention(List<Case> out) {
        for (int[] ld : LD_QUADRATIC) {
            int L = ld[0], D = ld[1], B = batch(L, D), n = B * L * D;
            int H = D == 1 ? 1 : L == 130 ? 5 : 4;
            String s = bld(B, L, D) + " H=" + H;
            out.add(new Case("LinearAttentionKernels.forward" + s, TOL, (a, g) -> {
                float[] q = a.in("q", n), k = a.in("k", n), v = a.in("v", n), y = a.out("y", n);
                g.task("t", LinearAttentionKernels::forward, q, k, v, y, B, L, D, H);
            }));
            out.add(new Case("LinearAttentionKernels.causalForward" + s, TOL, (a, g) -> {
                float[] q = a.in("q", n), k = a.in("k", n), v = a.in("v", n), y = a.out("y", n);
                g.task("t", LinearAttentionKernels::causalForward, q, k, v, y, B, L, D, H);
            }));
            out.add(new Case("LinearAttentionKernels.backward" + s, TOL_LOOSE, (a, g) -> {
                float[] q = a.in("q", n), k = a.in("k", n), v = a.in("v", n), gy = a.in("gy", n);
                float[] dq = a.out("dq", n), dk = a.out("dk", n), dv = a.out("dv", n);
                g.task("t", LinearAttentionKernels::backward, q, k, v, gy, dq, dk, dv, B, L, D, H);
            }));
            out.add(new Case("LinearAttentionKernels.causalBackward" + s, TOL_LOOSE, (a, g) -> {
                float[] q = a.in("q", n), k = a.in("k", n), v = a.in("v", n), gy = a.in("gy", n);
                float[] dq = a.out("dq", n), dk = a.out("dk", n), dv = a.out("dv", n);
                g.task("t", LinearAttentionKernels::causalBackward, q, k, v, gy, dq, dk, dv, B, L, D, H);
            }));
        }
    }

    private static void model(List<Case> out) {
        int[][] nvd = {{1, 1, 1}, {63, 11, 60}, {1000, 37, 60}};
        for (int[] s : nvd) {
            int N = s[0], V = s[1], D = s[2];
            String name = " N=" + N + " V=" + V + " D=" + D;
            out.add(new Case("ModelKernels.embeddingLookup" + name, TOL, (a, g) -> {
                int[] ids = a.labels("ids", N, V);
                float[] table = a.in("table", V * D), o = a.out("out", N * D);
                g.task("t", ModelKernels::embeddingLookup, ids, table, o, N, V, D);
            }));
            out.add(new Case("ModelKernels.embeddingBackward" + name, TOL_LOOSE, (a, g) -> {
                int[] ids = a.labels("ids", N, V);
                float[] gout = a.in("gout", N * D), gtable = a.out("gtable", V * D);
                g.task("t", ModelKernels::embeddingBackward, ids, gout, gtable, N, V, D);
            }));
        }
        for (int[] ld : LD_LINEAR) {
            int L = ld[0], D = ld[1], B = batch(L, D), n = B * L * D;
            String s = bld(B, L, D);
            out.add(new Case("ModelKernels.addPositional" + s, TOL, (a, g) -> {
                float[] x = a.in("x", n), pe = a.in("pe", L * D), o = a.out("out", n);
                g.task("t", ModelKernels::addPositional, x, pe, o, B, L, D);
            }));
            out.add(new Case("ModelKernels.positionalBackward" + s, TOL_LOOSE, (a, g) -> {
                float[] gout = a.in("gout", n), gpe = a.out("gpe", L * D);
                g.task("t", ModelKernels::positionalBackward, gout, gpe, B, L, D);
            }));
            out.add(new Case("ModelKernels.meanPool" + s, TOL, (a, g) -> {
                float[] x = a.in("x", n), o = a.out("out", B * D);
                g.task("t", ModelKernels::meanPool, x, o, B, L, D);
            }));
            out.add(new Case("ModelKernels.meanPoolBackward" + s, TOL, (a, g) -> {
                float[] gout = a.in("gout", B * D), gx = a.out("gx", n);
                g.task("t", ModelKernels::meanPoolBackward, gout, gx, B, L, D);
            }));
        }
        for (int n : new int[] {1, 63 * 60, 1000 * 60 + 7}) {
            out.add(new Case("ModelKernels.adamW n=" + n + " steps=1..3", TOL, (a, g) -> {
                // moments start at zero and are updated in place; three steps, compared through w;
                // hyper = [lr, beta1, beta2, eps, weightDecay, step, gradScale], step 2 clipped (gradScale 0.5)
                float[] w = a.inout("w", n), m = a.given("m", new float[n]), v = a.given("v", new float[n]);
                float[] g1 = a.in("g1", n), g2 = a.in("g2", n), g3 = a.in("g3", n);
                float[] h1 = a.given("h1", new float[] {1e-2f, 0.9f, 0.999f, 1e-8f, 0.01f, 1, 1f});
                float[] h2 = a.given("h2", new float[] {1e-2f, 0.9f, 0.999f, 1e-8f, 0.01f, 2, 0.5f});
                float[] h3 = a.given("h3", new float[] {1e-2f, 0.9f, 0.999f, 1e-8f, 0.01f, 3, 1f});
                g.task("s1", ModelKernels::adamW, w, g1, m, v, h1, n);
                g.task("s2", ModelKernels::adamW, w, g2, m, v, h2, n);
                g.task("s3", ModelKernels::adamW, w, g3, m, v, h3, n);
            }));
            out.add(new Case("ModelKernels.sumOfSquares n=" + n, TOL, (a, g) -> {
                float[] x = a.in("x", n), o = a.out("out", 1);
                g.task("t", ModelKernels::sumOfSquares, x, o, n);
            }));
            out.add(new Case("ModelKernels.scale n=" + n, TOL, (a, g) -> {
                float[] x = a.inout("x", n);
                g.task("t", ModelKernels::scale, x, -1.5f, n);
            }));
        }
    }
}
