package dev.ea4j.model;

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
        int hidden = up.out();
        Stage drop = training ? dropout.site(taskId + "_hidden_drop", rows * hidden) : Stages.IDENTITY;
        return Stages.then(Stages.then(up.bind(rows), Stages.gelu(taskId, rows * hidden)),
                Stages.then(drop, down.bind(rows)));
    }
}
