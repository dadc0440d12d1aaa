package dev.ea4j.model;

import dev.ea4j.backend.DataTransferMode;
import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.TaskGraph;
import java.util.ArrayList;
import java.util.List;

/**
 * Token-by-token inference for a causal EA model with the recurrent step: O(p·D) per token and layer,
 * state of fixed size. One decoder serves B sequences; decoders share the model's weights read-only and
 * own everything else, so several can run on different threads at once.
 *
 * <pre>
 *   reset:   [layer_i.reset] for every layer (s = z = 0, m = +inf)
 *   step:    x_t|id_t, pe_t --toDevice--> [embed] -> [layer_0 step] -> ... -> [layer_N-1 step] --> h_t --toHost
 *            (next-token and stream forecast models: -> [head] --> logits_t | forecast_t --toHost)
 *            (hostState: every layer's s, z, m --toDevice before, --toHost after)
 *   head:    h_0..h_{L-1} --toDevice--> [head] --> forecast --toHost   (forecast models)
 * </pre>
 */
public final class RecurrentDecoder implements AutoCloseable {

    private final Model model;
    private final int batch;
    private final float[] input;
    private final int[] ids;
    private final float[] positionRow;
    private final float[] hidden;
    private final float[] output;
    private final ExecutionPlan reset;
    private final ExecutionPlan step;
    private final ExecutionPlan head;
    private final float[] history;
    private final boolean hostState;
    private final List<AttentionLayer.RecurrentState> states = new ArrayList<>();
    private int position;

    /** A decoder for {@code batch} sequences on {@code device}, its state kept on the device. */
    public RecurrentDecoder(Model model, int batch, String device, boolean strict) {
        this(model, batch, device, strict, false);
    }

    /**
     * A decoder for {@code batch} sequences on {@code device}. With {@code hostState} the state goes to the device
     * before every step and comes back after it, so {@link #importState} and {@link #exportState} may swap the
     * sequences between steps (a stream processor's keyed state); only for models without a position
     * ({@link Model#unbounded()}), whose state is the whole past.
     */
    public RecurrentDecoder(Model model, int batch, String device, boolean strict, boolean hostState) {
        ModelConfig c = model.config();
        if (!c.causal() || c.attention().family() != AttentionType.Family.EA) {
            throw new IllegalArgumentException("recurrent decoding needs a causal EA model, this one is "
                    + (c.causal() ? "" : "non-causal ") + c.attention());
        }
        if (hostState && !model.unbounded()) {
            throw new IllegalArgumentException("a state kept on the host needs a model without positions (a streaming"
                    + " forecaster); this one is a " + c.task() + " model");
        }
        this.model = model;
        this.batch = batch;
        this.hostState = hostState;
        int D = c.width();
        boolean tokens = c.task() == TaskKind.NEXT_TOKEN;
        this.input = tokens ? new float[0] : new float[batch * c.inputs()];
        this.ids = tokens ? new int[batch] : new int[0];
        this.positionRow = new float[D];
        this.history = c.task() == TaskKind.FORECAST ? new float[batch * c.maxLength() * D] : new float[0];

        TaskGraph resetGraph = new TaskGraph("reset")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, weights(model));
        List<Object> stateArrays = new ArrayList<>();
        for (EncoderBlock b : model.blocks()) {
            AttentionLayer.RecurrentState s = b.attention().newState(batch);
            b.attention().reset(resetGraph, s, batch);
            states.add(s);
            stateArrays.addAll(List.of(s.s(), s.z(), s.m()));
        }
        if (hostState) resetGraph.transferToHost(DataTransferMode.EVERY_EXECUTION, stateArrays.toArray());
        this.reset = new ExecutionPlan(resetGraph.snapshot()).withDevice(device).withStrict(strict);

        TaskGraph g = new TaskGraph("step")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, tokens ? ids : input, positionRow);
        if (hostState) g.transferToDevice(DataTransferMode.EVERY_EXECUTION, stateArrays.toArray());
        float[] x = model.embeddings().bindStep(batch, ids, positionRow).forward(g, input);
        for (int i = 0; i < model.blocks().size(); i++) x = model.blocks().get(i).bindStep(batch, states.get(i)).forward(g, x);
        this.hidden = x;
        if (c.task() != TaskKind.FORECAST) {
            // next token, stream forecast: the head reads each step's hidden state
            this.output = model.head().bind(batch).forward(g, hidden);
            g.transferToHost(DataTransferMode.EVERY_EXECUTION, output);
            this.head = null;
        } else {
            g.transferToHost(DataTransferMode.EVERY_EXECUTION, hidden);
            TaskGraph h = new TaskGraph("head").transferToDevice(DataTransferMode.EVERY_EXECUTION, history);
            this.output = model.head().bind(batch).forward(h, history);
            h.transferToHost(DataTransferMode.EVERY_EXECUTION, output);
            this.head = new ExecutionPlan(h.snapshot()).withSharedSession(reset);
        }
        if (hostState) g.transferToHost(DataTransferMode.EVERY_EXECUTION, stateArrays.toArray());
        this.step = new ExecutionPlan(g.snapshot()).withSharedSession(reset);
        reset();
    }

    /** The device the decoder runs on. */
    public String deviceId() {
        return reset.device().id();
    }

    /** Empties every layer's state and restarts at position 0. */
    public void reset() {
        reset.execute();
        position = 0;
    }

    /**
     * Feeds one time step of B series ([B, C]) and returns the last layer's hidden state [B, D] (forecast
     * models keep it for {@link #forecast()}), or for stream forecast models the forecast [B, H * C_out].
     */
    public float[] step(float[] values) {
        if (values.length != input.length) {
            throw new IllegalArgumentException("a step takes [B, C] = " + input.length + " values, got " + values.length);
        }
        System.arraycopy(values, 0, input, 0, input.length);
        return run();
    }

    /** Feeds one token per sequence ([B] ids) and returns the next-token logits [B, V]. */
    public float[] stepTokens(int[] tokenIds) {
        if (tokenIds.length != ids.length) {
            throw new IllegalArgumentException("a step takes " + ids.length + " token ids, got " + tokenIds.length);
        }
        System.arraycopy(tokenIds, 0, ids, 0, ids.length);
        return run();
    }

    /** After exactly L steps of a forecast model: the forecast [B, H * C] from the collected hidden states. */
    public float[] forecast() {
        int L = model.config().maxLength();
        if (head == null) throw new IllegalStateException("forecast() needs a forecast model");
        if (position != L) throw new IllegalStateException("forecast() needs exactly " + L + " steps, got " + position);
        head.execute();
        return output.clone();
    }

    /** Runs a whole forecast: resets, steps through window [B, L, C], returns [B, H * C]. */
    public float[] forecast(float[] window) {
        int L = model.config().maxLength(), C = model.config().inputs();
        if (window.length != batch * L * C) {
            throw new IllegalArgumentException("a window is [B, L, C] = " + batch * L * C + " values, got " + window.length);
        }
        reset();
        float[] row = new float[batch * C];
        for (int t = 0; t < L; t++) {
            for (int b = 0; b < batch; b++) System.arraycopy(window, (b * L + t) * C, row, b * C, C);
            step(row);
        }
        return forecast();
    }

    @Override
    public void close() {
        step.close();
        if (head != null) head.close();
        reset.close();
    }

    private float[] run() {
        model.embeddings().positionRow(position, positionRow);
        step.execute();
        int D = model.config().width(), L = model.config().maxLength();
        if (history.length > 0) {
            for (int b = 0; b < batch; b++) System.arraycopy(hidden, b * D, history, (b * L + position) * D, D);
        }
        position++;
        return head == null ? output.clone() : hidden.clone();
    }

    /** Numbers in one sequence's state: per layer s, z [D, p+1] and m [D]. */
    public int stateSize() {
        int n = 0;
        for (AttentionLayer.RecurrentState s : states) n += (s.s().length + s.z().length + s.m().length) / batch;
        return n;
    }

    /** Copies sequence {@code b}'s state (every layer's s, z, m) into {@code dst} from {@code off}. */
    public void exportState(int b, float[] dst, int off) {
        checkHostState(b);
        for (AttentionLayer.RecurrentState s : states) {
            for (float[] a : List.of(s.s(), s.z(), s.m())) {
                int n = a.length / batch;
                System.arraycopy(a, b * n, dst, off, n);
                off += n;
            }
        }
    }

    /** Replaces sequence {@code b}'s state with the one {@link #exportState} wrote to {@code src} from {@code off}. */
    public void importState(int b, float[] src, int off) {
        checkHostState(b);
        for (AttentionLayer.RecurrentState s : states) {
            for (float[] a : List.of(s.s(), s.z(), s.m())) {
                int n = a.length / batch;
                System.arraycopy(src, off, a, b * n, n);
                off += n;
            }
        }
    }

    private void checkHostState(int b) {
        if (!hostState) throw new IllegalStateException("the state lives on the device; build the decoder with hostState");
        if (b < 0 || b >= batch) throw new IndexOutOfBoundsException("sequence " + b + " of " + batch);
    }

    private static Object[] weights(Model model) {
        List<Object> w = new ArrayList<>();
        for (Parameter p : model.parameters()) w.add(p.value());
        w.add(model.embeddings().positional());
        return w.toArray();
    }
}
