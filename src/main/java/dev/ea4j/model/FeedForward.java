package dev.ea4j.model;

import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.DenseKernels;
import java.util.ArrayList;
import java.util.List;

/**
 * FFN(x) = W2 drop(GELU(W1 x + b1)) + b2 with a hidden width of 4D (the paper's transformer block); drop is the
 * model's {@link Dropout} while training and the identity otherwise.
 */
public final class FeedForward {

    private final String name;
    private final String taskId;
    private final Linear up;
    private final Linear down;
    private final Dropout dropout;

    /** A feed-forward layer D -> hidden -> D, trained with {@code dropout}. */
    public FeedForward(String name, int width, int hidden, Dropout dropout) {
        this.name = name;
        this.taskId = name.replace('.', '_');
        this.up = new Linear(name + ".up", width, hidden);
        this.down = new Linear(name + ".down", hidden, width);
        this.dropout = dropout;
    }

    /** Parameters of both linears. */
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>(up.parameters());
        p.addAll(down.parameters());
        return p;
    }

    /** Binds to {@code rows} rows; {@code training}: with dropout on the hidden layer (the identity without). */
    public Stage bind(int rows, boolean training) {
        Stage upStage = up.bind(rows);
        Stage downStage = down.bind(rows);
        int hidden = up.out();
        Stage drop = training ? dropout.site(taskId + "_hidden_drop", rows * hidden) : Stages.IDENTITY;
        return new Stage() {
            private final float[] act = new float[rows * hidden];
            private final float[] gh = new float[rows * hidden];
            private float[] h;

            @Override
            public float[] forward(TaskGraph g, float[] x) {
                h = upStage.forward(g, x);
                g.task(taskId + "_gelu", DenseKernels::gelu, h, act, rows * hidden);
                return downStage.forward(g, drop.forward(g, act));
            }

            @Override
            public float[] backward(TaskGraph g, float[] gy, boolean needInputGradient) {
                float[] gact = drop.backward(g, downStage.backward(g, gy, true), true);
                g.task(taskId + "_dgelu", DenseKernels::geluBackward, h, gact, gh, rows * hidden);
                return upStage.backward(g, gh, needInputGradient);
            }
        };
    }
}
