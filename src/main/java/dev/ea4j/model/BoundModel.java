package dev.ea4j.model;

import dev.ea4j.backend.DataTransferMode;
import dev.ea4j.graph.ImmutableTaskGraph;
import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.LossKernels;
import dev.ea4j.kernels.ModelKernels;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Model} bound to one batch shape: the input, target, output and loss buffers, and the task
 * graphs of one training step, one graph per layer.
 *
 * <pre>
 *   forward:  x|ids --toDevice--> [embed] -> [layer_0] -> ... -> [layer_N-1] -> [head] --> out --toHost
 *   loss:     labels|target --toDevice--> [loss] --> loss --toHost, g_out stays on the device
 *   backward: g_out -> [head_bwd] -> [layer_N-1_bwd] -> ... -> [layer_0_bwd] -> [embed_bwd]
 *             (every parameter's grad is overwritten on the device)
 * </pre>
 */
public final class BoundModel {

    private final BatchShape shape;
    private final TaskKind task;
    private final float[] input;
    private final int[] ids;
    private final int[] labels;
    private final float[] target;
    private final float[] output;
    private final float[] loss = new float[1];
    private final float[] gradOutput;
    private final List<ImmutableTaskGraph> forward = new ArrayList<>();
    private final ImmutableTaskGraph lossGraph;
    private final List<ImmutableTaskGraph> backward = new ArrayList<>();

    BoundModel(Model model, BatchShape shape) {
        this.shape = shape;
        ModelConfig c = model.config();
        this.task = c.task();
        int B = shape.batch(), L = shape.length(), D = shape.width(), rows = shape.rows();
        boolean tokens = task == TaskKind.NEXT_TOKEN;
        this.input = tokens ? new float[0] : new float[rows * c.inputs()];
        this.ids = tokens ? new int[rows] : new int[0];

        // forward: embeddings, blocks, head
        Dropout dropout = model.dropout();
        Stage embed = Stages.then(model.embeddings().bind(shape, ids), dropout.site("embed_drop", rows * D));
        TaskGraph eg = new TaskGraph("embed")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, tokens ? ids : input)
                .consumeFromDevice(model.deviceResidentArrays().toArray());
        if (dropout.active()) eg.transferToDevice(DataTransferMode.EVERY_EXECUTION, dropout.control());
        float[] x = embed.forward(eg, input);
        forward.add(eg.snapshot());
        List<Stage> blocks = new ArrayList<>();
        for (int i = 0; i < model.blocks().size(); i++) {
            Stage s = model.blocks().get(i).bind(shape);
            blocks.add(s);
            TaskGraph lg = new TaskGraph("layer_" + i);
            x = s.forward(lg, x);
            forward.add(lg.snapshot());
        }
        TaskGraph hg = new TaskGraph("head");
        Stage head;
        boolean meanPool = task == TaskKind.CLASSIFICATION && !c.flattensOutput();
        if (task == TaskKind.CLASSIFICATION && c.flattensOutput()) {
            // TSLib's classifier: GELU, dropout, [B, L, D] read as [B, L*D], linear
            head = Stages.then(Stages.then(Stages.gelu("head", rows * D), dropout.site("head_drop", rows * D)),
                    model.head().bind(B));
            output = head.forward(hg, x);
        } else if (meanPool) {
            float[] pooled = new float[B * D];
            hg.task("mean_pool", ModelKernels::meanPool, x, pooled, B, L, D);
            head = Stages.then(dropout.site("head_drop", B * D), model.head().bind(B));
            output = head.forward(hg, pooled);
        } else {
            // forecast: [B, L, D] read as [B, L*D] (flatten head); next token, stream forecast: one row per position
            head = model.head().bind(task == TaskKind.FORECAST ? B : rows);
            output = head.forward(hg, x);
        }
        forward.add(hg.transferToHost(DataTransferMode.EVERY_EXECUTION, output).snapshot());

        // loss and its gradient with respect to the head's output
        gradOutput = new float[output.length];
        TaskGraph lossG = new TaskGraph("loss");
        if (task == TaskKind.FORECAST || task == TaskKind.STREAM_FORECAST) {
            labels = new int[0];
            target = new float[output.length];
            lossG.transferToDevice(DataTransferMode.EVERY_EXECUTION, target)
                    .task("mse", LossKernels::meanSquaredError, output, target, loss, gradOutput, output.length);
        } else {
            target = new float[0];
            labels = new int[output.length / c.outputs()];
            lossG.transferToDevice(DataTransferMode.EVERY_EXECUTION, labels)
                    .task("cross_entropy", LossKernels::softmaxCrossEntropy, output, labels, loss, gradOutput,
                            labels.length, c.outputs());
        }
        lossGraph = lossG.transferToHost(DataTransferMode.EVERY_EXECUTION, loss).snapshot();

        // backward, last layer first
        TaskGraph hb = new TaskGraph("head_bwd");
        float[] g = head.backward(hb, gradOutput, true);
        if (meanPool) {
            float[] gx = new float[rows * D];
            hb.task("mean_pool_bwd", ModelKernels::meanPoolBackward, g, gx, B, L, D);
            g = gx;
        }
        backward.add(hb.snapshot());
        for (int i = blocks.size() - 1; i >= 0; i--) {
            TaskGraph lb = new TaskGraph("layer_" + i + "_bwd");
            g = blocks.get(i).backward(lb, g, true);
            backward.add(lb.snapshot());
        }
        TaskGraph eb = new TaskGraph("embed_bwd");
        embed.backward(eb, g, false);
        backward.add(eb.snapshot());
    }

    /** The batch shape. */
    public BatchShape shape() {
        return shape;
    }

    /** Time-series input [B, L, C] (fill before executing); empty for token models. */
    public float[] input() {
        return input;
    }

    /** Token ids [B, L] (fill before executing); empty for time-series models. */
    public int[] ids() {
        return ids;
    }

    /** Class labels [B] or next-token targets [B, L]; empty for forecasting. */
    public int[] labels() {
        return labels;
    }

    /** Forecast targets [B, H * C] (stream forecasts: [B, L, H * C]); empty otherwise. */
    public float[] target() {
        return target;
    }

    /** Logits [B, classes] or [B, L, V], or forecasts [B, H * C] or [B, L, H * C], after the forward graphs ran. */
    public float[] output() {
        return output;
    }

    /** The mean loss of the last step, loss[0]. */
    public float[] loss() {
        return loss;
    }

    /** Forward graphs, in order. */
    public List<ImmutableTaskGraph> forwardGraphs() {
        return forward;
    }

    /** The loss graph. */
    public ImmutableTaskGraph lossGraph() {
        return lossGraph;
    }

    /** Backward graphs, in order (last layer first). */
    public List<ImmutableTaskGraph> backwardGraphs() {
        return backward;
    }

    /** Forward, loss and backward graphs of one training step. */
    public ImmutableTaskGraph[] trainingGraphs() {
        List<ImmutableTaskGraph> all = new ArrayList<>(forward);
        all.add(lossGraph);
        all.addAll(backward);
        return all.toArray(ImmutableTaskGraph[]::new);
    }
}
