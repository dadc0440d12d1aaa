package dev.ea4j.model;

import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.DenseKernels;
import java.util.ArrayList;
import java.util.List;

/**
 * One transformer block. Post-LN (the paper's): h = LN1(x + Attn(x)), out = LN2(h + FFN(h)).
 * Pre-LN (option): h = x + Attn(LN1(x)), out = h + FFN(LN2(h)). While training, Attn(.) and FFN(.) are followed
 * by the model's {@link Dropout} (as in the Time-Series-Library encoder); decoding steps never drop.
 *
 * <pre>
 *   Post-LN:  x --attn--> a --(+x)--> s1 --ln1--> h --ffn--> f --(+h)--> s2 --ln2--> out
 *   backward: g --ln2'--> g_s2 --ffn'--> g_f;  g_h = g_s2 + g_f --ln1'--> g_s1 --attn'--> g_a;  g_x = g_s1 + g_a
 * </pre>
 */
public final class EncoderBlock {

    private final String name;
    private final String taskId;
    private final int width;
    private final boolean preNorm;
    private final AttentionLayer attention;
    private final FeedForward ffn;
    private final LayerNorm ln1;
    private final LayerNorm ln2;
    private final Dropout dropout;

    /** A block of width D with a 4D feed-forward layer, trained with {@code dropout}. */
    public EncoderBlock(String name, AttentionType type, boolean causal, int width, int heads, boolean preNorm,
                        Dropout dropout) {
        this.name = name;
        this.taskId = name.replace('.', '_');
        this.width = width;
        this.preNorm = preNorm;
        this.attention = new AttentionLayer(name + ".attn", type, causal, width, heads);
        this.ffn = new FeedForward(name + ".ffn", width, 4 * width, dropout);
        this.dropout = dropout;
        this.ln1 = new LayerNorm(name + ".ln1", width);
        this.ln2 = new LayerNorm(name + ".ln2", width);
    }

    /** All parameters of the block. */
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>(attention.parameters());
        p.addAll(ffn.parameters());
        p.addAll(ln1.parameters());
        p.addAll(ln2.parameters());
        return p;
    }

    /** The attention layer (for recurrent decoding). */
    public AttentionLayer attention() {
        return attention;
    }

    /** Binds to {@code shape}, with dropout after attention and after the feed-forward layer when training. */
    public Stage bind(BatchShape shape) {
        int n = shape.rows() * width;
        return bind(shape, Stages.then(attention.bind(shape), dropout.site(taskId + "_attn_drop", n)),
                Stages.then(ffn.bind(shape.rows(), true), dropout.site(taskId + "_ffn_drop", n)));
    }

    /** Binds one decoding step of {@code batch} sequences, the attention reading and updating {@code state}. */
    public Stage bindStep(int batch, AttentionLayer.RecurrentState state) {
        return bind(new BatchShape(batch, 1, width), attention.bindStep(batch, state), ffn.bind(batch, false));
    }

    /**
     * Binds one KV-cache decoding step of {@code batch} sequences (softmax attention), at the position
     * {@code position} gives when the step's graph is built.
     */
    public Stage bindKvStep(int batch, AttentionLayer.KvCache cache, java.util.function.IntSupplier position) {
        return bind(new BatchShape(batch, 1, width), attention.bindKvStep(batch, cache, position), ffn.bind(batch, false));
    }

    private Stage bind(BatchShape shape, Stage attn, Stage ff) {
        int n = shape.rows() * width;
        Stage norm1 = ln1.bind(shape.rows()), norm2 = ln2.bind(shape.rows());
        return new Stage() {
            private final float[] s1 = new float[n];
            private final float[] s2 = new float[n];
            private final float[] gh = new float[n];
            private final float[] gx = new float[n];

            @Override
            public float[] forward(TaskGraph g, float[] x) {
                if (preNorm) {
                    g.task(taskId + "_res1", DenseKernels::add, x, attn.forward(g, norm1.forward(g, x)), s1, n);
                    g.task(taskId + "_res2", DenseKernels::add, s1, ff.forward(g, norm2.forward(g, s1)), s2, n);
                    return s2;
                }
                g.task(taskId + "_res1", DenseKernels::add, x, attn.forward(g, x), s1, n);
                float[] h = norm1.forward(g, s1);
                g.task(taskId + "_res2", DenseKernels::add, h, ff.forward(g, h), s2, n);
                return norm2.forward(g, s2);
            }

            @Override
            public float[] backward(TaskGraph g, float[] gy, boolean needInputGradient) {
                if (preNorm) {
                    // out = s1 + ffn(ln2(s1)); s1 = x + attn(ln1(x))
                    float[] gs1ffn = norm2.backward(g, ff.backward(g, gy, true), true);
                    g.task(taskId + "_dres2", DenseKernels::add, gy, gs1ffn, gh, n);
                    float[] gxattn = norm1.backward(g, attn.backward(g, gh, true), true);
                    g.task(taskId + "_dres1", DenseKernels::add, gh, gxattn, gx, n);
                    return gx;
                }
                float[] gs2 = norm2.backward(g, gy, true);
                g.task(taskId + "_dres2", DenseKernels::add, gs2, ff.backward(g, gs2, true), gh, n);
                float[] gs1 = norm1.backward(g, gh, true);
                g.task(taskId + "_dres1", DenseKernels::add, gs1, attn.backward(g, gs1, true), gx, n);
                return gx;
            }
        };
    }
}
