package dev.ea4j.api;

import dev.ea4j.backend.Backends;
import dev.ea4j.backend.DataTransferMode;
import dev.ea4j.backend.Device;
import dev.ea4j.backend.TaskProfile;
import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.ExecutionResult;
import dev.ea4j.graph.ProfilerMode;
import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.EaRecurrentKernels;
import dev.ea4j.kernels.EaSeriesKernels;
import dev.ea4j.kernels.ExactEaKernels;
import dev.ea4j.kernels.SoftmaxAttentionKernels;
import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Runs one attention operation on a chosen device through a task graph, for the CLI and for users who
 * want a single call. Every call validates its arguments with {@link Checks} first, builds a graph
 * named {@code attention}, runs it in an {@link ExecutionPlan} on the device, and returns the outputs
 * together with the device and kernel implementation that ran them.
 *
 * <pre>
 *   forward (series, exact, softmax):   q,k,v --toDevice--> [ea_fwd | exact_fwd | softmax_fwd] --> y --toHost
 *   backward:  q,k,v,gy --toDevice--> [*_fwd] --y (+ saved, causal EA)--> [*_bwd] --> y,dq,dk,dv --toHost
 *   recurrent: init plan [ea_reset] --> s,z,m --toHost
 *              step plan  s,z,m --toDevice once; per token: q_t,k_t,v_t --toDevice--> [ea_step] --> y_t --toHost
 * </pre>
 *
 * A device that is not present falls back loudly to the default one (a warning on the warnings
 * stream, stderr by default), or throws {@link dev.ea4j.backend.DeviceNotFoundException} when strict.
 */
public final class Attention {

    /** Which attention to run. */
    public enum Mode {
        /** EA-series of even degree p (Feng 2025, Eqs. 5-6), O(pLD). */
        SERIES,
        /** Recurrent causal EA-series, token by token (Eqs. 7-16); forward only. */
        RECURRENT,
        /** Exact element-wise attention (Eq. 2), O(L^2 D). */
        EXACT,
        /** Multi-head softmax dot-product attention with H heads, O(L^2 D). */
        SOFTMAX
    }

    /**
     * What to run.
     *
     * @param mode the attention
     * @param causal prefix attention (j <= i); always true for {@link Mode#RECURRENT}
     * @param order the even Taylor degree p for {@link Mode#SERIES} and {@link Mode#RECURRENT}
     * @param heads the number of heads for {@link Mode#SOFTMAX}
     */
    public record Spec(Mode mode, boolean causal, int order, int heads) {
        /** Validates the order (series, recurrent) or the heads (softmax) that this mode uses. */
        public Spec {
            if (mode == null) throw new InvalidInputException("attention mode is null");
            if (mode == Mode.RECURRENT) causal = true;
            if (mode == Mode.SERIES || mode == Mode.RECURRENT) Checks.order(order);
            if (mode == Mode.SOFTMAX && heads < 1) throw new InvalidInputException("heads H = " + heads + "; need H >= 1");
        }

        /** EA-series of degree {@code p}. */
        public static Spec series(int p, boolean causal) {
            return new Spec(Mode.SERIES, causal, p, 1);
        }

        /** Recurrent causal EA-series of degree {@code p}. */
        public static Spec recurrent(int p) {
            return new Spec(Mode.RECURRENT, true, p, 1);
        }

        /** Exact EA. */
        public static Spec exact(boolean causal) {
            return new Spec(Mode.EXACT, causal, 2, 1);
        }

        /** Softmax attention with {@code heads} heads. */
        public static Spec softmax(int heads, boolean causal) {
            return new Spec(Mode.SOFTMAX, causal, 2, heads);
        }
    }

    /**
     * Outputs of one call.
     *
     * @param y the attention output, [B, L, D]
     * @param dq gradient for q, or null for a forward call
     * @param dk gradient for k, or null
     * @param dv gradient for v, or null
     * @param device the id of the device that ran the graph, e.g. {@code cpu:0}
     * @param implementation the kernel implementations that ran, e.g. {@code vector} or {@code reference}
     */
    public record Result(float[] y, float[] dq, float[] dk, float[] dv, String device, String implementation) {}

    private final String deviceRequest;
    private final boolean strict;
    private PrintStream warnings = System.err;

    /** Runs on the default device (the highest-ranked backend with a device). */
    public Attention() {
        this("", false);
    }

    /** Runs on {@code device} ({@code cpu}, {@code java}, {@code cpu:0}, ...); strict makes a missing device an error. */
    public Attention(String device, boolean strict) {
        this.deviceRequest = device == null ? "" : device;
        this.strict = strict;
    }

    /** Where fallback warnings go (stderr by default). */
    public Attention withWarnings(PrintStream out) {
        this.warnings = out;
        return this;
    }

    /** Resolves the device this facade runs on (warning about, or in strict mode rejecting, a missing one). */
    public Device device() {
        return Backends.select(deviceRequest, strict, warnings);
    }

    /** Forward pass: y for q, k, v of {@code dims}. */
    public Result forward(Spec spec, float[] q, float[] k, float[] v, Checks.Dims dims) {
        checkInputs(spec, q, k, v, null, dims);
        Device dev = device();
        if (spec.mode() == Mode.RECURRENT) return recurrent(dev, spec.order(), q, k, v, dims);
        int B = dims.B(), L = dims.L(), D = dims.D();
        float[] y = new float[dims.size()];
        TaskGraph g = new TaskGraph("attention").transferToDevice(DataTransferMode.EVERY_EXECUTION, q, k, v);
        addForward(g, spec, q, k, v, y, B, L, D);
        g.transferToHost(DataTransferMode.EVERY_EXECUTION, y);
        return run(g, dev, y, null, null, null);
    }

    /** Forward and backward pass: y and the gradients dq, dk, dv for the output gradient {@code gy}. */
    public Result backward(Spec spec, float[] q, float[] k, float[] v, float[] gy, Checks.Dims dims) {
        if (spec.mode() == Mode.RECURRENT) {
            throw new InvalidInputException("gradients are not available for the recurrent mode (forward only);"
                    + " use the causal EA-series mode");
        }
        checkInputs(spec, q, k, v, gy, dims);
        Device dev = device();
        int B = dims.B(), L = dims.L(), D = dims.D(), n = dims.size();
        float[] y = new float[n], dq = new float[n], dk = new float[n], dv = new float[n];
        TaskGraph g = new TaskGraph("attention").transferToDevice(DataTransferMode.EVERY_EXECUTION, q, k, v, gy);
        switch (spec.mode()) {
            case SERIES -> {
                // the training forward keeps what the backward needs: when causal, the running sums every
                // CHECKPOINT_ROWS rows (the backward replays the rows between); if not, the sums per sequence
                int p = spec.order();
                if (spec.causal()) {
                    float[] saved = new float[Math.toIntExact(EaSeriesKernels.savedFloats(B, L, D, p))];
                    g.task("ea_fwd", EaSeriesKernels::causalTrainingForward, q, k, v, y, saved, B, L, D, p);
                    g.task("ea_bwd", EaSeriesKernels::causalBackward, q, k, v, gy, saved, dq, dk, dv, B, L, D, p);
                } else {
                    float[] sums = new float[B * EaSeriesKernels.sumSlots(p) * D];
                    g.task("ea_fwd", EaSeriesKernels::trainingForward, q, k, v, y, sums, B, L, D, p);
                    g.task("ea_bwd", EaSeriesKernels::backward, q, k, v, gy, sums, dq, dk, dv, B, L, D, p);
                }
            }
            case EXACT -> {
                addForward(g, spec, q, k, v, y, B, L, D);
                if (spec.causal()) g.task("exact_bwd", ExactEaKernels::causalBackward, q, k, v, gy, dq, dk, dv, B, L, D);
                else g.task("exact_bwd", ExactEaKernels::backward, q, k, v, gy, dq, dk, dv, B, L, D);
            }
            case SOFTMAX -> {
                addForward(g, spec, q, k, v, y, B, L, D);
                int H = spec.heads();
                if (spec.causal()) {
                    g.task("softmax_bwd", SoftmaxAttentionKernels::causalBackward, q, k, v, y, gy, dq, dk, dv, B, L, D, H);
                } else {
                    g.task("softmax_bwd", SoftmaxAttentionKernels::backward, q, k, v, y, gy, dq, dk, dv, B, L, D, H);
                }
            }
            case RECURRENT -> throw new AssertionError();
        }
        g.transferToHost(DataTransferMode.EVERY_EXECUTION, y, dq, dk, dv);
        return run(g, dev, y, dq, dk, dv);
    }

    /** EA-series forward of degree {@code p}. q, k, v: [B, L, D]. */
    public Result eaSeries(float[] q, float[] k, float[] v, int B, int L, int D, int p, boolean causal) {
        return forward(Spec.series(p, causal), q, k, v, Checks.dims(B, L, D));
    }

    /** Recurrent causal EA-series of degree {@code p}, token by token. q, k, v: [B, L, D]. */
    public Result recurrent(float[] q, float[] k, float[] v, int B, int L, int D, int p) {
        return forward(Spec.recurrent(p), q, k, v, Checks.dims(B, L, D));
    }

    /** Exact EA forward. q, k, v: [B, L, D]. */
    public Result exact(float[] q, float[] k, float[] v, int B, int L, int D, boolean causal) {
        return forward(Spec.exact(causal), q, k, v, Checks.dims(B, L, D));
    }

    /** Softmax attention forward with {@code H} heads. q, k, v: [B, L, D]. */
    public Result softmax(float[] q, float[] k, float[] v, int B, int L, int D, int H, boolean causal) {
        return forward(Spec.softmax(H, causal), q, k, v, Checks.dims(B, L, D));
    }

    private static void checkInputs(Spec spec, float[] q, float[] k, float[] v, float[] gy, Checks.Dims dims) {
        if (spec == null) throw new InvalidInputException("attention spec is null");
        if (dims == null) throw new InvalidInputException("dims are null");
        Checks.dims(dims.B(), dims.L(), dims.D());
        int[] shape = dims.shape();
        Checks.length("q", q, dims);
        Checks.length("k", k, dims);
        Checks.length("v", v, dims);
        Checks.finite("q", q, shape);
        Checks.finite("k", k, shape);
        Checks.finite("v", v, shape);
        if (gy != null) {
            Checks.length("gy", gy, dims);
            Checks.finite("gy", gy, shape);
        }
        if (spec.mode() == Mode.SOFTMAX) Checks.heads(spec.heads(), dims.D());
    }

    private static void addForward(TaskGraph g, Spec spec, float[] q, float[] k, float[] v, float[] y,
                                   int B, int L, int D) {
        switch (spec.mode()) {
            case SERIES -> {
                if (spec.causal()) g.task("ea_fwd", EaSeriesKernels::causalForward, q, k, v, y, B, L, D, spec.order());
                else g.task("ea_fwd", EaSeriesKernels::forward, q, k, v, y, B, L, D, spec.order());
            }
            case EXACT -> {
                if (spec.causal()) g.task("exact_fwd", ExactEaKernels::causalForward, q, k, v, y, B, L, D);
                else g.task("exact_fwd", ExactEaKernels::forward, q, k, v, y, B, L, D);
            }
            case SOFTMAX -> {
                if (spec.causal()) {
                    g.task("softmax_fwd", SoftmaxAttentionKernels::causalForward, q, k, v, y, B, L, D, spec.heads());
                } else {
                    g.task("softmax_fwd", SoftmaxAttentionKernels::forward, q, k, v, y, B, L, D, spec.heads());
                }
            }
            case RECURRENT -> throw new AssertionError("recurrent runs token by token");
        }
    }

    private Result run(TaskGraph g, Device dev, float[] y, float[] dq, float[] dk, float[] dv) {
        try (ExecutionPlan plan = plan(g, dev)) {
            ExecutionResult r = plan.execute();
            Set<String> impls = new LinkedHashSet<>();
            collect(r, impls);
            return new Result(y, dq, dk, dv, plan.device().id(), String.join("+", impls));
        }
    }

    /** Token by token: one reset, then one execution of the step graph per token; the state stays on the device. */
    private Result recurrent(Device dev, int p, float[] q, float[] k, float[] v, Checks.Dims dims) {
        int B = dims.B(), L = dims.L(), D = dims.D(), t1 = p + 1;
        float[] s = new float[B * D * t1], z = new float[B * D * t1], m = new float[B * D];
        float[] qt = new float[B * D], kt = new float[B * D], vt = new float[B * D], yt = new float[B * D];
        float[] y = new float[dims.size()];
        Set<String> impls = new LinkedHashSet<>();
        // s, z, m: [B, D, p+1], [B, D, p+1], [B, D]
        TaskGraph init = new TaskGraph("attention_init")
                .task("ea_reset", EaRecurrentKernels::reset, s, z, m, B, D, p)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, s, z, m);
        try (ExecutionPlan plan = plan(init, dev)) {
            collect(plan.execute(), impls);
        }
        TaskGraph step = new TaskGraph("attention")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, s, z, m)
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, qt, kt, vt)
                .task("ea_step", EaRecurrentKernels::decodeStep, qt, kt, vt, yt, s, z, m, B, D, p)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, yt);
        String ran;
        try (ExecutionPlan plan = plan(step, dev)) {
            for (int t = 0; t < L; t++) {
                for (int b = 0; b < B; b++) {
                    int src = (b * L + t) * D;
                    System.arraycopy(q, src, qt, b * D, D);
                    System.arraycopy(k, src, kt, b * D, D);
                    System.arraycopy(v, src, vt, b * D, D);
                }
                ExecutionResult r = plan.execute();
                if (t == 0) collect(r, impls);
                for (int b = 0; b < B; b++) System.arraycopy(yt, b * D, y, (b * L + t) * D, D);
            }
            ran = plan.device().id();
        }
        return new Result(y, null, null, null, ran, String.join("+", impls));
    }

    private ExecutionPlan plan(TaskGraph g, Device dev) {
        return new ExecutionPlan(g.snapshot()).withDevice(dev).withStrict(strict).withWarnings(warnings)
                .withProfiler(ProfilerMode.SILENT);
    }

    private static void collect(ExecutionResult r, Set<String> impls) {
        for (TaskProfile p : r.profile()) {
            if (!p.implementation().equals("copy")) impls.add(p.implementation());
        }
    }
}
