package dev.ea4j.model;

import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.DenseKernels;
import dev.ea4j.kernels.EaRecurrentKernels;
import dev.ea4j.kernels.EaSeriesKernels;
import dev.ea4j.kernels.LinearAttentionKernels;
import dev.ea4j.kernels.SoftmaxAttentionKernels;
import dev.ea4j.kernels.StoredSoftmaxKernels;
import java.util.ArrayList;
import java.util.List;

/**
 * q, k, v and output projections around one attention: EA-p (per channel, no heads), softmax attention
 * or linear attention (H heads), causal or not.
 *
 * <pre>
 *   x --q_proj--> q --\
 *   x --k_proj--> k ---[ea_fwd | sa_fwd | la_fwd]--> a --o_proj--> out
 *   x --v_proj--> v --/
 *   backward: g_out --o_proj'--> g_a --[*_bwd]--> dq, dk, dv --{q,k,v}_proj'--> g_x = sum of the three
 * </pre>
 */
public final class AttentionLayer {

    private final String name;
    private final String taskId;
    private final AttentionType type;
    private final boolean causal;
    private final int heads;
    private final int width;
    private final Linear q;
    private final Linear k;
    private final Linear v;
    private final Linear o;

    /**
     * An attention layer of width D; {@code heads} applies to SA and LA (which needs D / heads <=
     * {@link LinearAttentionKernels#MAX_HEAD_DIM}).
     */
    public AttentionLayer(String name, AttentionType type, boolean causal, int width, int heads) {
        if (type.hasHeads() && width % heads != 0) {
            throw new IllegalArgumentException(type + " needs heads dividing the width: " + width + " % " + heads);
        }
        if (type.family() == AttentionType.Family.LA && width / heads > LinearAttentionKernels.MAX_HEAD_DIM) {
            throw new IllegalArgumentException(type + " supports head dimensions width / heads up to "
                    + LinearAttentionKernels.MAX_HEAD_DIM + ": " + width + " / " + heads + " = " + width / heads
                    + "; use more heads");
        }
        this.name = name;
        this.taskId = name.replace('.', '_');
        this.type = type;
        this.causal = causal;
        this.heads = heads;
        this.width = width;
        this.q = new Linear(name + ".q", width, width);
        this.k = new Linear(name + ".k", width, width);
        this.v = new Linear(name + ".v", width, width);
        this.o = new Linear(name + ".o", width, width);
    }

    /** The four projections' parameters. */
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>();
        for (Linear l : List.of(q, k, v, o)) p.addAll(l.parameters());
        return p;
    }

    /** Binds to {@code shape}. */
    public Stage bind(BatchShape shape) {
        int rows = shape.rows();
        int B = shape.batch(), L = shape.length(), D = width;
        Stage qs = q.bind(rows), ks = k.bind(rows), vs = v.bind(rows), os = o.bind(rows);
        return new Stage() {
            private final float[] a = new float[rows * D];
            private final float[] dq = new float[rows * D];
            private final float[] dk = new float[rows * D];
            private final float[] dv = new float[rows * D];
            // what the EA forward keeps for the backward: causal, the running sums every CHECKPOINT_ROWS rows;
            // non-causal, the sums per sequence
            private final float[] saved = type.family() != AttentionType.Family.EA ? null
                    : new float[Math.toIntExact(EaSeriesKernels.savedFloats(B, L, D, type.order(), causal))];
            private final float[] probs = type.family() == AttentionType.Family.SA_EAGER
                    ? new float[Math.multiplyExact(Math.multiplyExact(B * heads, L), L)] : null;
            private final float[] gx = new float[rows * D];
            private float[] qa, ka, va;

            @Override
            public float[] forward(TaskGraph g, float[] x) {
                qa = qs.forward(g, x);
                ka = ks.forward(g, x);
                va = vs.forward(g, x);
                String id = taskId + "_" + family() + "_fwd";
                switch (type.family()) {
                    case EA -> {
                        if (causal) {
                            g.task(id, EaSeriesKernels::causalTrainingForward, qa, ka, va, a, saved, B, L, D,
                                    type.order());
                        }
                        else g.task(id, EaSeriesKernels::trainingForward, qa, ka, va, a, saved, B, L, D, type.order());
                    }
                    case SA -> {
                        if (causal) g.task(id, SoftmaxAttentionKernels::causalForward, qa, ka, va, a, B, L, D, heads);
                        else g.task(id, SoftmaxAttentionKernels::forward, qa, ka, va, a, B, L, D, heads);
                    }
                    case SA_EAGER -> {
                        if (causal) g.task(id, StoredSoftmaxKernels::causalForward, qa, ka, va, a, probs, B, L, D, heads);
                        else g.task(id, StoredSoftmaxKernels::forward, qa, ka, va, a, probs, B, L, D, heads);
                    }
                    case LA -> {
                        if (causal) g.task(id, LinearAttentionKernels::causalForward, qa, ka, va, a, B, L, D, heads);
                        else g.task(id, LinearAttentionKernels::forward, qa, ka, va, a, B, L, D, heads);
                    }
                }
                return os.forward(g, a);
            }

            @Override
            public float[] backward(TaskGraph g, float[] gy, boolean needInputGradient) {
                float[] ga = os.backward(g, gy, true);
                String id = taskId + "_" + family() + "_bwd";
                switch (type.family()) {
                    case EA -> {
                        if (causal) {
                            g.task(id, EaSeriesKernels::causalBackward, qa, ka, va, ga, saved, dq, dk, dv, B, L, D,
                                    type.order());
                        } else {
                            g.task(id, EaSeriesKernels::backward, qa, ka, va, ga, saved, dq, dk, dv, B, L, D,
                                    type.order());
                        }
                    }
                    case SA -> {
                        if (causal) {
                            g.task(id, SoftmaxAttentionKernels::causalBackward, qa, ka, va, a, ga, dq, dk, dv, B, L, D, heads);
                        } else {
                            g.task(id, SoftmaxAttentionKernels::backward, qa, ka, va, a, ga, dq, dk, dv, B, L, D, heads);
                        }
                    }
                    case SA_EAGER -> g.task(id, StoredSoftmaxKernels::backward, qa, ka, va, probs, ga, dq, dk, dv, B, L, D,
                            heads);
                    case LA -> {
                        if (causal) g.task(id, LinearAttentionKernels::causalBackward, qa, ka, va, ga, dq, dk, dv, B, L, D, heads);
                        else g.task(id, LinearAttentionKernels::backward, qa, ka, va, ga, dq, dk, dv, B, L, D, heads);
                    }
                }
                float[] gq = qs.backward(g, dq, needInputGradient);
                float[] gk = ks.backward(g, dk, needInputGradient);
                float[] gv = vs.backward(g, dv, needInputGradient);
                if (!needInputGradient) return null;
                g.task(taskId + "_dx_qk", DenseKernels::add, gq, gk, gx, rows * D);
                g.task(taskId + "_dx_v", DenseKernels::add, gx, gv, gx, rows * D);
                return gx;
            }
        };
    }

    /**
     * The recurrent EA state of {@code batch} sequences for this layer: s, z: [B, D, p+1], m: [B, D]
     * (see {@link EaRecurrentKernels}).
     */
    public RecurrentState newState(int batch) {
        if (type.family() != AttentionType.Family.EA || !causal) {
            throw new IllegalStateException("recurrent decoding needs a causal EA layer, " + name + " is "
                    + (causal ? "" : "non-causal ") + type);
        }
        int n = batch * width * (type.order() + 1);
        return new RecurrentState(new float[n], new float[n], new float[batch * width]);
    }

    /**
     * A softmax layer's KV cache of {@code batch} sequences for decoding: k, v: [B, capacity, D]
     * (see {@link SoftmaxAttentionKernels#appendKv}).
     */
    public KvCache newKvCache(int batch, int capacity) {
        if ((type.family() != AttentionType.Family.SA && type.family() != AttentionType.Family.SA_EAGER) || !causal) {
            throw new IllegalStateException("KV-cache decoding needs a causal softmax layer, " + name + " is "
                    + (causal ? "" : "non-causal ") + type);
        }
        int n = Math.multiplyExact(Math.multiplyExact(batch, capacity), width);
        return new KvCache(new float[n], new float[n], batch, capacity);
    }

    /** One layer's KV cache: k, v [B, capacity, D]. */
    public record KvCache(float[] k, float[] v, int batch, int capacity) {}

    /**
     * Binds one KV-cache decoding step: projections of one token per sequence, the append of its k and v at
     * the position {@code position} gives when {@link Stage#forward} builds the graph, and attention over
     * positions 0..pos. The kernels take the position as a fixed scalar, so every position needs its own graph
     * (the stage's buffers are reused by all of them).
     */
    public Stage bindKvStep(int batch, KvCache cache, java.util.function.IntSupplier position) {
        Stage qs = q.bind(batch), ks = k.bind(batch), vs = v.bind(batch), os = o.bind(batch);
        float[] a = new float[batch * width];
        return new Stage() {
            @Override
            public float[] forward(TaskGraph g, float[] x) {
                int pos = position.getAsInt();
                if (pos < 0 || pos >= cache.capacity()) {
                    throw new IllegalStateException("position " + pos + " is outside the KV cache of " + cache.capacity());
                }
                float[] qa = qs.forward(g, x), ka = ks.forward(g, x), va = vs.forward(g, x);
                g.task(taskId + "_kv_append", SoftmaxAttentionKernels::appendKv, ka, va, cache.k(), cache.v(), batch,
                        width, pos, cache.capacity());
                g.task(taskId + "_sa_step", SoftmaxAttentionKernels::decodeStep, qa, cache.k(), cache.v(), a, batch,
                        width, heads, pos, cache.capacity());
                return os.forward(g, a);
            }

            @Override
            public float[] backward(TaskGraph g, float[] gy, boolean needInputGradient) {
                throw new UnsupportedOperationException("decoding steps have no backward pass");
            }
        };
    }

    /** One layer's recurrent state. */
    public record RecurrentState(float[] s, float[] z, float[] m) {}

    /** Adds the task that empties {@code state}. */
    public void reset(TaskGraph g, RecurrentState state, int batch) {
        g.task(taskId + "_reset", EaRecurrentKernels::reset, state.s(), state.z(), state.m(), batch, width, type.order());
    }

    /** Binds one decoding step: projections of one token per sequence and the recurrent EA step on {@code state}. */
    public Stage bindStep(int batch, RecurrentState state) {
        Stage qs = q.bind(batch), ks = k.bind(batch), vs = v.bind(batch), os = o.bind(batch);
        float[] a = new float[batch * width];
        return new Stage() {
            @Override
            public float[] forward(TaskGraph g, float[] x) {
                g.task(taskId + "_ea_step", EaRecurrentKernels::decodeStep, qs.forward(g, x), ks.forward(g, x),
                        vs.forward(g, x), a, state.s(), state.z(), state.m(), batch, width, type.order());
                return os.forward(g, a);
            }

            @Override
            public float[] backward(TaskGraph g, float[] gy, boolean needInputGradient) {
                throw new UnsupportedOperationException("decoding steps have no backward pass");
            }
        };
    }

    private String family() {
        return type.family().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The attention type. */
    public AttentionType type() {
        return type;
    }

    /** Whether the attention is causal. */
    public boolean causal() {
        return causal;
    }
}
