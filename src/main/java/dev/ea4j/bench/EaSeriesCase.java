package dev.ea4j.bench;

import dev.ea4j.backend.DataTransferMode;
import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.ImmutableTaskGraph;
import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.EaSeriesKernels;
import java.util.SplittableRandom;

/**
 * One EA-series benchmark problem: seeded inputs q, k, v, gy ({@code [B, L, D]}, normal with standard deviation
 * {@code scale}), the outputs, and the task graphs that run it.
 *
 * <pre>
 *  forward graph "NAME":          q,k,v ──► fwd (EaSeriesKernels.[causalF|f]orward) ──► y
 *  forward+backward graph "NAME": q,k,v ──► fwd ([causalT|t]rainingForward) ──► y, saved
 *                                 q,k,v,gy,(y,)saved ──► bwd ([causalB|b]ackward) ──► dq,dk,dv
 * </pre>
 */
public final class EaSeriesCase {

    /** Largest Java array length we allocate. */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8L;

    /** Batch, sequence length, channels, Taylor degree. */
    public final int B, L, D, p;
    /** Causal (prefix sums) or not. */
    public final boolean causal;
    /** Inputs q, k, v and upstream gradient gy; outputs y, dq, dk, dv. All {@code [B, L, D]}. */
    public final float[] q, k, v, gy, y, dq, dk, dv;
    /**
     * What the training forward keeps for the backward: the checkpointed sums {@code [B, ceil(L/64), 2p+3, D]}
     * when causal, the sums {@code [B, 2p+3, D]} when not.
     */
    public final float[] saved;

    /** Allocates and fills a problem; sizes must be positive and {@code B*L*D} must fit an array. */
    public EaSeriesCase(int B, int L, int D, int p, boolean causal, long seed, double scale) {
        this(B, L, D, p, causal);
        SplittableRandom r = new SplittableRandom(seed);
        for (float[] a : new float[][] {q, k, v, gy}) {
            for (int i = 0; i < a.length; i++) a[i] = (float) (scale * gaussian(r));
        }
    }

    private EaSeriesCase(int B, int L, int D, int p, boolean causal) {
        long n = (long) B * L * D;
        if (B <= 0 || L <= 0 || D <= 0) throw new IllegalArgumentException("B, L, D must be positive");
        if (n > MAX_ARRAY) throw new IllegalArgumentException("B*L*D = " + n + " exceeds a Java array");
        this.B = B;
        this.L = L;
        this.D = D;
        this.p = p;
        this.causal = causal;
        int e = (int) n;
        q = new float[e];
        k = new float[e];
        v = new float[e];
        gy = new float[e];
        y = new float[e];
        dq = new float[e];
        dk = new float[e];
        dv = new float[e];
        saved = new float[(int) EaSeriesKernels.savedFloats(B, L, D, p, causal)];
    }

    /** Elements per tensor, {@code B*L*D}. */
    public long elements() {
        return (long) B * L * D;
    }

    /** Bytes a forward pass must move at least: q, k, v read and y written, 16 per element. */
    public long forwardBytes() {
        return 16L * elements();
    }

    /** Floats allocated by a case of this shape (for up-front memory checks). */
    public static long floatsNeeded(int B, int L, int D, int p, boolean causal) {
        return 8L * B * L * D + EaSeriesKernels.savedFloats(B, L, D, p, causal);
    }

    /** The same problem on the first {@code lc} tokens of every sequence (a valid causal prefix). */
    public EaSeriesCase prefix(int lc) {
        int l = Math.min(lc, L);
        EaSeriesCase c = new EaSeriesCase(B, l, D, p, causal);
        for (int b = 0; b < B; b++) {
            int from = b * L * D, to = b * l * D, len = l * D;
            System.arraycopy(q, from, c.q, to, len);
            System.arraycopy(k, from, c.k, to, len);
            System.arraycopy(v, from, c.v, to, len);
            System.arraycopy(gy, from, c.gy, to, len);
        }
        return c;
    }

    /**
     * Graph {@code name} with one task {@code fwd}: y = EA_p(q, k, v). Inputs are copied to the device on the
     * first execution and y comes back on demand ({@code execute().transferToHost(y)}), so timed executions
     * measure the kernel, not host-device copies (as PyTorch's device timings do).
     */
    public ImmutableTaskGraph forwardGraph(String name) {
        TaskGraph g = new TaskGraph(name).transferToDevice(DataTransferMode.FIRST_EXECUTION, q, k, v);
        if (causal) g.task("fwd", EaSeriesKernels::causalForward, q, k, v, y, B, L, D, p);
        else g.task("fwd", EaSeriesKernels::forward, q, k, v, y, B, L, D, p);
        return g.transferToHost(DataTransferMode.UNDER_DEMAND, y).snapshot();
    }

    /** As {@link #forwardGraph}, with tasks {@code fwd} then {@code bwd}: y, and dq, dk, dv from gy. */
    public ImmutableTaskGraph forwardBackwardGraph(String name) {
        TaskGraph g = new TaskGraph(name).transferToDevice(DataTransferMode.FIRST_EXECUTION, q, k, v, gy);
        if (causal) {
            g.task("fwd", EaSeriesKernels::causalTrainingForward, q, k, v, y, saved, B, L, D, p);
            g.task("bwd", EaSeriesKernels::causalBackward, q, k, v, gy, saved, dq, dk, dv, B, L, D, p);
        } else {
            g.task("fwd", EaSeriesKernels::trainingForward, q, k, v, y, saved, B, L, D, p);
            g.task("bwd", EaSeriesKernels::backward, q, k, v, gy, saved, dq, dk, dv, B, L, D, p);
        }
        return g.transferToHost(DataTransferMode.UNDER_DEMAND, y, dq, dk, dv).snapshot();
    }

    /**
     * Runs forward+backward on the {@code java} reference and on {@code device} (strict) over this case and
     * throws {@link IllegalStateException} unless y, dq, dk, dv agree to {@code rtol} (see {@link Agreement}).
     */
    public void requireAgreement(String device, double rtol) {
        float[][] outs = {y, dq, dk, dv};
        String[] names = {"y", "dq", "dk", "dv"};
        Agreement.poison(outs);
        Agreement.poison(saved);
        try (ExecutionPlan ref = new ExecutionPlan(forwardBackwardGraph("check_ref")).withDevice("java").withStrict(true)) {
            ref.execute().transferToHost(outs);
        }
        float[][] want = new float[outs.length][];
        for (int i = 0; i < outs.length; i++) want[i] = outs[i].clone();
        Agreement.poison(outs);
        Agreement.poison(saved);
        try (ExecutionPlan fast = new ExecutionPlan(forwardBackwardGraph("check_fast")).withDevice(device).withStrict(true)) {
            fast.execute().transferToHost(outs);
        }
        String label = String.format("EA-%d %s B=%d L=%d D=%d on %s", p, causal ? "causal" : "non-causal", B, L, D, device);
        for (int i = 0; i < outs.length; i++) Agreement.require(label + " " + names[i], want[i], outs[i], rtol);
    }

    /** Standard normal sample (Box-Muller; one of the pair is discarded, which is fine for test data). */
    static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble(), u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
