package dev.ea4j.verify;

import dev.ea4j.backend.Backends;
import dev.ea4j.backend.DataTransferMode;
import dev.ea4j.backend.Device;
import dev.ea4j.backend.DeviceSession;
import dev.ea4j.backend.GraphStep;
import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.ImmutableTaskGraph;
import dev.ea4j.graph.ProfilerMode;
import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.DenseKernels;
import dev.ea4j.kernels.DropoutKernels;
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
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The conformance suite: runs every kernel of {@code dev.ea4j.kernels} through a task graph on a device and
 * on the {@code java} reference device, on the same seeded inputs with odd shapes (L = 1, 63, 1000 for the
 * O(L) kernels, L = 1, 63, 130 for the O(L^2) ones; D = 1 and 60), with outputs NaN-poisoned before each
 * call, and compares every output with an explicit per-kernel tolerance on
 * {@code max|device - reference| / max(1, max|reference|)}. The EA kernels also get the inputs where their
 * schemes are hardest: keys falling in magnitude (rescales) with queries mixing |q| <= 1 and |q| > 1, keys past the
 * clamp, queries ~1e3, underflowing weights, every key ~250, and float extremes up to infinite inputs.
 *
 * <p>A case fails when the error exceeds its tolerance, when the device leaves a NaN (or any non-finite
 * value) where the reference is finite, when the reference itself leaves a NaN in an output (a kernel
 * that does not write all of its outputs), when either run throws, or when the device ran the reference for
 * a kernel its backend has a twin of ({@code Backend.twinIds()}).
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

    /**
     * Runs one case on {@code device} and on {@code reference} and compares the outputs; the case also fails when
     * the device ran the reference for a kernel its backend has a twin of.
     */
    public static CaseResult runCase(Case c, Device device, Device reference) {
        Run ref, dev;
        try {
            ref = execute(c, reference);
        } catch (RuntimeException | AssertionError e) {
            return new CaseResult(c.name(), Double.NaN, c.tolerance(), false, "reference threw " + describe(e), "");
        }
        try {
            dev = execute(c, device);
        } catch (RuntimeException | AssertionError e) {
            return new CaseResult(c.name(), Double.NaN, c.tolerance(), false, device.id() + " threw " + describe(e),
                    "");
        }
        CaseResult r = compare(c, ref.buffers(), dev.buffers(), dev.implementations());
        Set<String> twins = Backends.backend(device.backend()).twinIds();
        for (Ran t : dev.tasks()) {
            if (twins.contains(t.kernel()) && t.implementation().equals(DeviceSession.REFERENCE)) {
                return new CaseResult(c.name(), r.maxError(), r.tolerance(), false, device.id()
                        + " ran the reference for " + t.kernel() + ", which has a twin there", r.implementation());
            }
        }
        return r;
    }

    /** Which kernel one task ran and the implementation that ran it (as the profiler names it). */
    private record Ran(String kernel, String implementation) {}

    /** One execution of a case: its buffers, and what ran each task. */
    private record Run(Buffers buffers, List<Ran> tasks) {
        /** The distinct implementations that ran the tasks, joined by '+'. */
        String implementations() {
            return String.join("+", new LinkedHashSet<>(tasks.stream().map(Ran::implementation).toList()));
        }
    }

    private static Run execute(Case c, Device device) {
        TaskGraph g = new TaskGraph("verify");
        Buffers a = new Buffers(g, c.seed());
        c.body().build(a, g);
        for (Buffers.Named n : a.arrays()) {
            if (n.role() == Buffers.Role.OUT || n.role() == Buffers.Role.INOUT) {
                g.transferToHost(DataTransferMode.EVERY_EXECUTION, n.array());
            }
        }
        ImmutableTaskGraph snapshot = g.snapshot();
        Map<String, String> kernelOf = new HashMap<>();
        for (GraphStep s : snapshot.steps()) {
            if (s instanceof GraphStep.Launch l) kernelOf.put(l.taskId(), l.kernel().id());
        }
        try (ExecutionPlan plan = new ExecutionPlan(snapshot).withDevice(device).withStrict(true)
                .withProfiler(ProfilerMode.SILENT)) {
            List<Ran> ran = plan.execute().profile().stream().filter(p -> kernelOf.containsKey(p.taskId()))
                    .map(p -> new Ran(kernelOf.get(p.taskId()), p.implementation())).toList();
            return new Run(a, ran);
        }
    }

    private static CaseResult compare(Case c, Buffers ref, Buffers dev, String implementation) {
        double worst = 0, worstTol = c.tolerance();
        boolean ok = true;
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
                            + r.name() + "[" + j + "] (output not written: kernel not implemented?)", implementation);
                }
                if (Float.isFinite(ra[j])) scale = Math.max(scale, Math.abs(ra[j]));
            }
            double tol = Double.isNaN(r.tolerance()) ? c.tolerance() : r.tolerance();
            for (int j = 0; j < ra.length; j++) {
                double err;
                if (!Float.isFinite(ra[j])) err = ra[j] == da[j] ? 0 : Double.POSITIVE_INFINITY;
                else if (!Float.isFinite(da[j])) err = Double.POSITIVE_INFINITY;
                else err = Math.abs((double) da[j] - ra[j]) / scale;
                // the worst element is the one furthest past (or closest to) its own tolerance
                if (err / tol > worst / worstTol || (err == Double.POSITIVE_INFINITY && where.isEmpty())) {
                    worst = err;
                    worstTol = tol;
                    where = r.name() + "[" + j + "]: device " + da[j] + " reference " + ra[j];
                }
                if (!(err <= tol)) ok = false;
            }
        }
        return new CaseResult(c.name(), worst, worstTol, ok, ok ? "" : "worst at " + where, implementation);
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

    /** Makes a case's q, k, v [B, L, D] through {@code a}. */
    @FunctionalInterface
    private interface Inputs {
        float[][] make(Buffers a, int B, int L, int D);
    }

    /** q, k, v uniform in [-1, 1). */
    private static final Inputs UNIFORM = (a, B, L, D) -> {
        int n = B * L * D;
        return new float[][] {a.in("q", n), a.in("k", n), a.in("v", n)};
    };

    /** Keys falling in magnitude along the sequence (rescales) and queries mixing |q| <= 1 with |q| > 1. */
    private static final Inputs FALLING_MIXED = (a, B, L, D) -> new float[][] {
            a.mixedQueries("q", B * L * D), a.fallingKeys("k", B, L, D), a.normal("v", B * L * D, 1)};

    /**
     * As {@link #FALLING_MIXED} and then: key magnitudes rising again in the second half (no new minima), queries
     * 0, 1e30 and -1, keys 2000 (beyond the key clamp, weight underflows).
     */
    private static final Inputs EDGES = (a, B, L, D) -> {
        float[][] x = FALLING_MIXED.make(a, B, L, D);
        float[] q = x[0], k = x[1];
        for (int i = 0; i < q.length; i++) {
            if ((i / D) % L > L / 2) k[i] = -k[i] * 3f;
            if (i % 11 == 0) q[i] = 0f;
            if (i % 13 == 0) q[i] = 1e30f;
            if (i % 17 == 0) q[i] = -1f;
            if (i % 19 == 0) k[i] = 2000f;
        }
        return x;
    };

    /** q, k, v N(0, 1) times qs, ks, vs in float (so products past Float.MAX_VALUE become infinite inputs). */
    private static Inputs scaled(float qs, float ks, float vs) {
        return (a, B, L, D) -> {
            int n = B * L * D;
            float[] q = a.normal("q", n, 1), k = a.normal("k", n, 1), v = a.normal("v", n, 1);
            for (int i = 0; i < n; i++) {
                q[i] *= qs;
                k[i] *= ks;
                v[i] *= vs;
            }
            return new float[][] {q, k, v};
        };
    }

    /** Queries ~1e3 (kind 0), keys N(0, 14^2) whose weights e^{-k^2} underflow (1), every key ~250 (2). */
    private static Inputs extreme(int kind) {
        return (a, B, L, D) -> {
            int n = B * L * D;
            float[] q = a.normal("q", n, 0.8), k = a.normal("k", n, 0.8), v = a.normal("v", n, 1);
            float[] big = a.normal("big", n, 1);
            for (int i = 0; i < n; i++) {
                switch (kind) {
                    case 0 -> q[i] = 1e3f * big[i];
                    case 1 -> k[i] = 14f * big[i];
                    default -> k[i] = 250f + 0.5f * big[i];
                }
            }
            return new float[][] {q, k, v};
        };
    }

    private static final String[] EXTREME = {"queries ~1e3", "underflowing weights", "every key ~250"};

    private static void eaSeries(List<Case> out) {
        for (int p : new int[] {2, 6}) {
            for (int[] ld : LD_LINEAR) {
                int L = ld[0], D = ld[1];
                eaSeries(out, "", p, batch(L, D), L, D, UNIFORM, true, TOL_LOOSE);
            }
            // the hard inputs: the |q| > 1 branch, rescales, the key clamp, float extremes
            for (int[] bld : new int[][] {{2, 63, 17}, {1, 1000, 60}}) {
                eaSeries(out, " falling keys, mixed queries", p, bld[0], bld[1], bld[2], FALLING_MIXED, true,
                        TOL_LOOSE);
            }
            eaSeries(out, " edges", p, 2, 300, 33, EDGES, false, 0);
            for (int kind = 0; kind < 3; kind++) {
                // every key ~250: dq, dk sum terms of size ~|k|^n that cancel, so both fp32 implementations carry
                // rounding of ~|k| ulp there; dv stays tight
                eaSeries(out, " " + EXTREME[kind], p, 2, 300, 60, extreme(kind), true, kind == 2 ? 1e-2 : TOL_LOOSE);
            }
            float[][] magnitudes = {{1e30f, 1, 1}, {1, 1e20f, 1}, {1e30f, 1e30f, 1}, {3e38f, -3e38f, 1e6f},
                                    {0, 1e-38f, 1}, {1e-30f, 3e38f, 1e3f}, {1e-20f, 1e-20f, 1e-20f}};
            for (float[] m : magnitudes) {
                String label = " q*" + m[0] + " k*" + m[1] + " v*" + m[2];
                eaSeries(out, label, p, 1, 5, 20, scaled(m[0], m[1], m[2]), false, 0);
            }
        }
    }

    /**
     * The EA-series kernels on one shape and input kind: forward, causalForward and the two training forwards, and
     * (withBackward) backward and causalBackward (each after its training forward) with {@code dqDkTol} on dq and dk
     * (dv: {@link #TOL_LOOSE}).
     */
    private static void eaSeries(List<Case> out, String label, int p, int B, int L, int D, Inputs inputs,
                                 boolean withBackward, double dqDkTol) {
        int n = B * L * D;
        String s = label + " p=" + p + bld(B, L, D);
        out.add(new Case("EaSeriesKernels.forward" + s, TOL, (a, g) -> {
            float[][] x = inputs.make(a, B, L, D);
            g.task("t", EaSeriesKernels::forward, x[0], x[1], x[2], a.out("y", n), B, L, D, p);
        }));
        out.add(new Case("EaSeriesKernels.causalForward" + s, TOL, (a, g) -> {
            float[][] x = inputs.make(a, B, L, D);
            g.task("t", EaSeriesKernels::causalForward, x[0], x[1], x[2], a.out("y", n), B, L, D, p);
        }));
        out.add(new Case("EaSeriesKernels.trainingForward" + s, TOL, (a, g) -> {
            float[][] x = inputs.make(a, B, L, D);
            float[] sums = a.scratch("sums", B * EaSeriesKernels.sumSlots(p) * D);
            g.task("t", EaSeriesKernels::trainingForward, x[0], x[1], x[2], a.out("y", n), sums, B, L, D, p);
        }));
        out.add(new Case("EaSeriesKernels.causalTrainingForward" + s, TOL, (a, g) -> {
            float[][] x = inputs.make(a, B, L, D);
            float[] saved = a.scratch("saved", (int) EaSeriesKernels.savedFloats(B, L, D, p));
            g.task("t", EaSeriesKernels::causalTrainingForward, x[0], x[1], x[2], a.out("y", n), saved, B, L, D, p);
        }));
        if (!withBackward) return;
        out.add(new Case("EaSeriesKernels.backward" + s, TOL_LOOSE, (a, g) -> {
            float[][] x = inputs.make(a, B, L, D);
            float[] gy = a.in("gy", n);
            float[] dq = a.out("dq", n, dqDkTol), dk = a.out("dk", n, dqDkTol), dv = a.out("dv", n);
            float[] sums = a.scratch("sums", B * EaSeriesKernels.sumSlots(p) * D), yTrain = a.scratch("yTrain", n);
            g.task("f", EaSeriesKernels::trainingForward, x[0], x[1], x[2], yTrain, sums, B, L, D, p);
            g.task("t", EaSeriesKernels::backward, x[0], x[1], x[2], gy, sums, dq, dk, dv, B, L, D, p);
        }));
        out.add(new Case("EaSeriesKernels.causalBackward" + s, TOL_LOOSE, (a, g) -> {
            float[][] x = inputs.make(a, B, L, D);
            float[] q = x[0], k = x[1], v = x[2], gy = a.in("gy", n);
            float[] dq = a.out("dq", n, dqDkTol), dk = a.out("dk", n, dqDkTol), dv = a.out("dv", n);
            float[] saved = a.scratch("saved", (int) EaSeriesKernels.savedFloats(B, L, D, p));
            float[] yTrain = a.scratch("yTrain", n);
            g.task("f", EaSeriesKernels::causalTrainingForward, q, k, v, yTrain, saved, B, L, D, p);
            g.task("t", EaSeriesKernels::causalBackward, q, k, v, gy, saved, dq, dk, dv, B, L, D, p);
        }));
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
            for (int D : new int[] {17, 60}) {
                eaRecurrentSession(out, " falling keys, mixed queries", p, 2, 63, 1, D, 1f, 0f);
            }
        }
        // the second prompt's keys far from the first's: every weight relative to the first prompt underflows
        eaRecurrentSession(out, " queries ~1e3, second prompt keys ~250", 6, 2, 300, 40, 60, 1e3f, 250f);
        eaRecurrentSession(out, " queries ~1e3, second prompt keys ~14", 2, 2, 300, 40, 60, 1e3f, 14f);
    }

    /**
     * reset, a prompt of L1 keys falling in magnitude, a second prompt of L2 keys N(0, 0.9^2) + kOffset onto the
     * non-empty state, then three steps with mixed queries times qScale, the last with every third key 1000x
     * smaller (new minima: rescales); compares the step outputs and the final state.
     */
    private static void eaRecurrentSession(List<Case> out, String label, int p, int B, int L1, int L2, int D,
                                           float qScale, float kOffset) {
        int bd = B * D, t = p + 1;
        String name = "EaRecurrentKernels.decodeStep" + label + " p=" + p + " B=" + B + " L=" + L1 + "+" + L2
                + " D=" + D;
        out.add(new Case(name, TOL, (a, g) -> {
            float[] k1 = a.fallingKeys("prompt1.k", B, L1, D), v1 = a.normal("prompt1.v", B * L1 * D, 1);
            float[] k2 = a.normal("prompt2.k", B * L2 * D, 0.9), v2 = a.normal("prompt2.v", B * L2 * D, 1);
            for (int i = 0; i < k2.length; i++) k2[i] += kOffset;
            float[] s = a.out("s", bd * t), z = a.out("z", bd * t), m = a.out("m", bd);
            g.task("reset", EaRecurrentKernels::reset, s, z, m, B, D, p);
            g.task("prefill1", EaRecurrentKernels::prefill, k1, v1, s, z, m, B, L1, D, p);
            g.task("prefill2", EaRecurrentKernels::prefill, k2, v2, s, z, m, B, L2, D, p);
            for (int step = 0; step < 3; step++) {
                float[] q = a.mixedQueries("q" + step, bd), k = a.normal("k" + step, bd, 1.2);
                for (int i = 0; i < bd; i++) q[i] *= qScale;
                if (step == 2) for (int i = 0; i < bd; i += 3) k[i] *= 1e-3f;
                float[] v = a.normal("v" + step, bd, 1), y = a.out("y" + step, bd);
                g.task("step" + step, EaRecurrentKernels::decodeStep, q, k, v, y, s, z, m, B, D, p);
            }
        }));
    }

    private static void exactEa(List<Case> out) {
        for (int[] ld : LD_QUADRATIC) {
            int L = ld[0], D = ld[1];
            exactEa(out, "", batch(L, D), L, D, UNIFORM, TOL_LOOSE);
        }
        // dq = -2 sum_j (q - k_j) w_j g (v_j - y): with |q - k| ~ 1e3 its terms cancel to ~|q - k| ulp in fp32
        exactEa(out, " " + EXTREME[0], 2, 300, 60, extreme(0), 2e-3);
        exactEa(out, " " + EXTREME[2], 2, 300, 60, extreme(2), 2e-3);
    }

    /** The exact-EA kernels on one shape and input kind; {@code dqTol} on dq (dk, dv: {@link #TOL_LOOSE}). */
    private static void exactEa(List<Case> out, String label, int B, int L, int D, Inputs inputs, double dqTol) {
        int n = B * L * D;
        String s = label + bld(B, L, D);
        out.add(new Case("ExactEaKernels.forward" + s, TOL, (a, g) -> {
            float[][] x = inputs.make(a, B, L, D);
            g.task("t", ExactEaKernels::forward, x[0], x[1], x[2], a.out("y", n), B, L, D);
        }));
        out.add(new Case("ExactEaKernels.causalForward" + s, TOL, (a, g) -> {
            float[][] x = inputs.make(a, B, L, D);
            g.task("t", ExactEaKernels::causalForward, x[0], x[1], x[2], a.out("y", n), B, L, D);
        }));
        out.add(new Case("ExactEaKernels.backward" + s, TOL_LOOSE, (a, g) -> {
            float[][] x = inputs.make(a, B, L, D);
            float[] gy = a.in("gy", n), dq = a.out("dq", n, dqTol), dk = a.out("dk", n), dv = a.out("dv", n);
            g.task("t", ExactEaKernels::backward, x[0], x[1], x[2], gy, dq, dk, dv, B, L, D);
        }));
        out.add(new Case("ExactEaKernels.causalBackward" + s, TOL_LOOSE, (a, g) -> {
            float[][] x = inputs.make(a, B, L, D);
            float[] gy = a.in("gy", n), dq = a.out("dq", n, dqTol), dk = a.out("dk", n), dv = a.out("dv", n);
            g.task("t", ExactEaKernels::causalBackward, x[0], x[1], x[2], gy, dq, dk, dv, B, L, D);
        }));
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
            for (double rate : new double[] {0, 0.1, 0.5}) {
                out.add(new Case("DropoutKernels.dropout rate=" + rate + " n=" + n, TOL, (a, g) -> {
                    float[] x = a.in("x", n), y = a.out("y", n);
                    int[] control = a.given("control", new int[] {DropoutKernels.threshold(rate), -123456789 + n});
                    g.task("t", DropoutKernels::dropout, x, y, control, 7, n);
                }));
            }
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
