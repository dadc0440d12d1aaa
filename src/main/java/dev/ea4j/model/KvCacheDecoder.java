package dev.ea4j.model;

import dev.ea4j.backend.DataTransferMode;
import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.ImmutableTaskGraph;
import dev.ea4j.graph.TaskGraph;
import java.util.ArrayList;
import java.util.List;

/**
 * Token-by-token inference for a causal softmax-attention model (SA or SA-eager) with a KV cache: O(pos·D)
 * per token and layer, cache of [B, capacity, D] twice per layer. The baseline of the paper's Figure 5.
 *
 * <p>The kernels take the position as a fixed scalar, so every step builds a small graph for its position
 * (the buffers are bound once and reused) and runs it through a plan sharing one device session; building
 * the graph is a few microseconds next to the step itself.
 *
 * <pre>
 *   setup: weights, k/v caches --toDevice (once)
 *   step:  id_t|x_t, pe_t --toDevice--> [embed] -> [layer_i: q,k,v proj; kv_append(pos); sa_step(0..pos); o proj; ...]
 *          -> [head] --> logits_t | forecast_t --toHost   (hostState: k/v caches --toDevice before, --toHost after)
 * </pre>
 */
public final class KvCacheDecoder implements AutoCloseable {

    private final Model model;
    private final int batch;
    private final int capacity;
    private final int[] ids;
    private final float[] input;
    private final float[] positionRow;
    private final List<AttentionLayer.KvCache> caches = new ArrayList<>();
    private final Stage embed;
    private final List<Stage> blocks = new ArrayList<>();
    private final Stage head;
    private final ExecutionPlan setup;
    private final boolean hostState;
    private float[] output;
    private int position;

    /** A decoder for {@code batch} sequences of up to {@code capacity} positions on {@code device}, caches on the device. */
    public KvCacheDecoder(Model model, int batch, int capacity, String device, boolean strict) {
        this(model, batch, capacity, device, strict, false);
    }

    /**
     * A decoder for {@code batch} sequences of up to {@code capacity} positions on {@code device}. With
     * {@code hostState} the caches go to the device before every step and come back after it, so
     * {@link #importState} and {@link #exportState} may swap the sequences between steps; only for models without a
     * position ({@link Model#unbounded()}), whose capacity is then limited by memory alone.
     */
    public KvCacheDecoder(Model model, int batch, int capacity, String device, boolean strict, boolean hostState) {
        ModelConfig c = model.config();
        AttentionType.Family f = c.attention().family();
        if (!c.causal() || (f != AttentionType.Family.SA && f != AttentionType.Family.SA_EAGER)) {
            throw new IllegalArgumentException("KV-cache decoding needs a causal softmax model, this one is "
                    + (c.causal() ? "" : "non-causal ") + c.attention());
        }
        if (capacity < 1 || (!model.unbounded() && capacity > c.maxLength())) {
            throw new IllegalArgumentException("capacity must be in [1, " + c.maxLength() + "], got " + capacity);
        }
        if (hostState && !model.unbounded()) {
            throw new IllegalArgumentException("a state kept on the host needs a model without positions (a streaming"
                    + " forecaster); this one is a " + c.task() + " model");
        }
        this.model = model;
        this.hostState = hostState;
        this.batch = batch;
        this.capacity = capacity;
        boolean tokens = c.task() == TaskKind.NEXT_TOKEN;
        this.ids = tokens ? new int[batch] : new int[0];
        this.input = tokens ? new float[0] : new float[batch * c.inputs()];
        this.positionRow = new float[c.width()];
        List<Object> resident = new ArrayList<>();
        for (Parameter p : model.parameters()) resident.add(p.value());
        for (EncoderBlock b : model.blocks()) {
            AttentionLayer.KvCache cache = b.attention().newKvCache(batch, capacity);
            caches.add(cache);
            resident.add(cache.k());
            resident.add(cache.v());
        }
        this.setup = new ExecutionPlan(new TaskGraph("kv_setup")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, resident.toArray()).snapshot())
                .withDevice(device).withStrict(strict);
        setup.execute();
        this.embed = model.embeddings().bindStep(batch, ids, positionRow);
        for (int i = 0; i < model.blocks().size(); i++) {
            blocks.add(model.blocks().get(i).bindKvStep(batch, caches.get(i), () -> position));
        }
        this.head = c.task() != TaskKind.FORECAST ? model.head().bind(batch) : null;
    }

    /** The device the decoder runs on. */
    public String deviceId() {
        return setup.device().id();
    }

    /** The next position a step writes. */
    public int position() {
        return position;
    }

    /**
     * Moves to position {@code pos} without touching the caches (for timing a step at a given position: the
     * cost of a step depends on its position only, not on the cached values).
     */
    public void seek(int pos) {
        if (pos < 0 || pos >= capacity) throw new IllegalArgumentException("position " + pos + " outside [0, " + capacity + ")");
        this.position = pos;
    }

    /** Restarts at position 0 (the cache entries are overwritten as positions are reached). */
    public void reset() {
        position = 0;
    }

    /** The step graph for the current position (buffers shared by every position). */
    public ImmutableTaskGraph stepGraph() {
        TaskGraph g = new TaskGraph("kv_step_" + position)
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, ids.length > 0 ? ids : input, positionRow);
        if (hostState) g.transferToDevice(DataTransferMode.EVERY_EXECUTION, cacheArrays());
        float[] x = embed.forward(g, input);
        for (Stage s : blocks) x = s.forward(g, x);
        output = head != null ? head.forward(g, x) : x;
        g.transferToHost(DataTransferMode.EVERY_EXECUTION, output);
        if (hostState) g.transferToHost(DataTransferMode.EVERY_EXECUTION, cacheArrays());
        return g.snapshot();
    }

    /** Feeds one token per sequence ([B] ids) and returns the next-token logits [B, V]. */
    public float[] stepTokens(int[] tokenIds) {
        if (tokenIds.length != ids.length) {
            throw new IllegalArgumentException("a step takes " + ids.length + " token ids, got " + tokenIds.length);
        }
        System.arraycopy(tokenIds, 0, ids, 0, ids.length);
        return run();
    }

    /**
     * Feeds one time step of B series ([B, C]) and returns the head's output [B, outputs] (stream forecast models:
     * the forecast [B, H * C_out]) or, for window forecast models, the last layer's hidden state [B, D].
     */
    public float[] step(float[] values) {
        if (values.length != input.length) {
            throw new IllegalArgumentException("a step takes [B, C] = " + input.length + " values, got " + values.length);
        }
        System.arraycopy(values, 0, input, 0, input.length);
        return run();
    }

    /** The positions the caches hold. */
    public int capacity() {
        return capacity;
    }

    /** Numbers in one sequence's state after {@code positions} steps: per layer k and v [positions, D]. */
    public int stateSize(int positions) {
        return Math.multiplyExact(Math.multiplyExact(2 * caches.size(), positions), model.config().width());
    }

    /** Copies sequence {@code b}'s cached rows 0..position-1 (per layer k, then v) into {@code dst} from {@code off}. */
    public void exportState(int b, float[] dst, int off) {
        checkHostState(b);
        int rows = position * model.config().width();
        for (AttentionLayer.KvCache c : caches) {
            for (float[] a : List.of(c.k(), c.v())) {
                System.arraycopy(a, b * capacity * model.config().width(), dst, off, rows);
                off += rows;
            }
        }
    }

    /**
     * Replaces sequence {@code b}'s cache with the {@code positions} rows {@link #exportState} wrote to {@code src}
     * from {@code off} and moves to position {@code positions} (the sequences of a batch share the position).
     */
    public void importState(int b, float[] src, int off, int positions) {
        checkHostState(b);
        if (positions < 0 || positions > capacity) {
            throw new IllegalArgumentException(positions + " positions do not fit a cache of " + capacity);
        }
        int rows = positions * model.config().width();
        for (AttentionLayer.KvCache c : caches) {
            for (float[] a : List.of(c.k(), c.v())) {
                System.arraycopy(src, off, a, b * capacity * model.config().width(), rows);
                off += rows;
            }
        }
        position = positions;
    }

    private void checkHostState(int b) {
        if (!hostState) throw new IllegalStateException("the caches live on the device; build the decoder with hostState");
        if (b < 0 || b >= batch) throw new IndexOutOfBoundsException("sequence " + b + " of " + batch);
    }

    private Object[] cacheArrays() {
        List<Object> a = new ArrayList<>();
        for (AttentionLayer.KvCache c : caches) a.addAll(List.of(c.k(), c.v()));
        return a.toArray();
    }

    private float[] run() {
        if (position >= capacity) throw new IllegalStateException("the KV cache of " + capacity + " positions is full");
        model.embeddings().positionRow(position, positionRow);
        try (ExecutionPlan plan = new ExecutionPlan(stepGraph()).withSharedSession(setup)) {
            plan.execute();
        }
        position++;
        return output.clone();
    }

    /** The caches, one per layer. */
    public List<AttentionLayer.KvCache> caches() {
        return List.copyOf(caches);
    }

    @Override
    public void close() {
        setup.close();
    }
}
