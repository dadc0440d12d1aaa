package dev.ea4j.bench.model;

import dev.ea4j.kernels.DropoutKernels;
import dev.ea4j.kernels.EaSeriesKernels;
import dev.ea4j.kernels.ModelKernels;
import dev.ea4j.model.AttentionType;
import dev.ea4j.model.ModelConfig;
import dev.ea4j.model.TaskKind;

/**
 * Exact bytes of the arrays a model holds for one training step or one decoding step, computed from the
 * configuration alone (a dry run: nothing is allocated). It mirrors the buffers that {@code Model},
 * {@code BoundModel} and the layers' {@code bind} methods keep referenced from their task graphs, and the
 * tests pin it to a {@link BufferCensus} of real bound models. Payload bytes; Java object headers (16 B an
 * array) are not counted.
 *
 * <p>Per token and block, a training step holds 39 D + 4 floats (attention 13 D: q, k, v, o outputs and input
 * gradients, a, dq, dk, dv, dx; FFN 18 D; two LayerNorms 4 D + 4; residual sums and gradients 4 D), plus 4 D
 * for what causal EA's forward saves for its backward (non-causal EA: (2p+3) D floats per sequence), plus B H L^2 floats per block for SA-eager's stored softmax. Dropout (rate
 * above 0) adds an output and an input gradient per site: 12 D per token and block (attention output, FFN hidden
 * and output), 2 D per token after the embeddings and 2 D per sequence before a classification head, and the
 * 8-byte control every site reads.
 */
public final class MemoryAccounting {

    private static final long F = Float.BYTES;

    private MemoryAccounting() {}

    /**
     * One training step's bytes, split by owner.
     *
     * @param resident parameters, gradients, AdamW moments and the positional table
     * @param activations everything bound to (B, L): inputs, activations, their gradients, outputs, loss
     * @param optimizer the optimizer's hyper-parameters and per-parameter squared gradient norms
     * @param largestArray elements of the largest single array (Java arrays hold at most 2^31 - 1)
     */
    public record Train(long resident, long activations, long optimizer, long largestArray) {

        /** All of it: what the step needs at once. */
        public long total() {
            return resident + activations + optimizer;
        }

        /** Whether every array fits a Java array. */
        public boolean fitsJavaArrays() {
            return largestArray <= Integer.MAX_VALUE - 8;
        }
    }

    /**
     * One decoding step's bytes.
     *
     * @param weights parameter values and the positional table (no gradients or moments at inference)
     * @param state the attention state: EA's s, z, m per layer, or the KV caches
     * @param activations one token per sequence through the stack, and the logits
     */
    public record Decode(long weights, long state, long activations) {

        /** All of it. */
        public long total() {
            return weights + state + activations;
        }
    }

    /** Trainable scalars of {@code c} (without building it). */
    public static long parameters(ModelConfig c) {
        long D = c.width();
        long embed = c.task() == TaskKind.NEXT_TOKEN ? (long) c.inputs() * D : (long) c.inputs() * D + D;
        long block = 4 * (D * D + D) + (D * 4 * D + 4 * D) + (4 * D * D + D) + 4 * D;
        long headIn = c.task() == TaskKind.FORECAST ? (long) c.maxLength() * D : D;
        return embed + c.layers() * block + headIn * c.outputs() + c.outputs();
    }

    /** Number of parameter tensors (each gets one squared-norm scalar in the optimizer). */
    static long parameterTensors(ModelConfig c) {
        long embed = c.task() == TaskKind.NEXT_TOKEN ? 1 : 2;
        return embed + c.layers() * 16L + 2;
    }

    /** The bytes of one training step of {@code c} bound to B sequences of L tokens. */
    public static Train train(ModelConfig c, int batch, int length) {
        long B = batch, L = length, D = c.width(), rows = B * L, H = c.heads();
        long resident = 4 * F * parameters(c) + F * (long) c.maxLength() * D;
        boolean tokens = c.task() == TaskKind.NEXT_TOKEN;
        long largest = Math.max(rows * 4 * D, 1);
        // embeddings: ids or inputs, looked-up or projected rows, rows + positional
        long act = tokens ? F * rows + 2 * F * rows * D : F * rows * c.inputs() + 2 * F * rows * D;
        long perBlock = F * rows * (39 * D + 4);
        AttentionType t = c.attention();
        if (t.family() == AttentionType.Family.EA) {
            perBlock += F * EaSeriesKernels.savedFloats(batch, length, c.width(), t.order(), c.causal());
        }
        if (t.family() == AttentionType.Family.SA_EAGER) {
            long probs = B * H * L * L;
            perBlock += F * probs;
            largest = Math.max(largest, probs);
        }
        if (c.dropout() > 0) {
            perBlock += 2 * F * rows * (D + 4 * D + D);
            long headInput = c.flattensOutput() ? rows * D : B * D;
            act += 2 * F * rows * D + (c.task() == TaskKind.CLASSIFICATION ? 2 * F * headInput : 0)
                    + (long) Integer.BYTES * DropoutKernels.CONTROL_LENGTH;
        }
        act += c.layers() * perBlock;
        long K = c.outputs();
        switch (c.task()) {
            case NEXT_TOKEN -> {
                // logits, their gradient, labels, the head's input gradient
                act += 2 * F * rows * K + F * rows + F * rows * D;
                largest = Math.max(largest, rows * K);
            }
            // pooled rows (mean) or GELU's output and gradient (flatten), logits and their gradient, labels, the
            // head's input gradient, the blocks' output gradient
            case CLASSIFICATION -> act += (c.flattensOutput() ? 2 * F * rows * D : 2 * F * B * D) + 2 * F * B * K
                    + F * B + F * rows * D;
            case FORECAST -> act += 3 * F * B * K + F * rows * D;
        }
        act += F; // loss
        long optimizer = F * (2L * ModelKernels.ADAMW_HYPER_LENGTH + parameterTensors(c));
        return new Train(resident, act, optimizer, largest);
    }

    /**
     * The bytes of decoding B sequences one token at a time with {@code c}: EA's recurrent state (fixed size)
     * or a KV cache of {@code capacity} positions (softmax attention).
     */
    public static Decode decode(ModelConfig c, int batch, int capacity) {
        long B = batch, D = c.width();
        long weights = F * parameters(c) + F * (long) c.maxLength() * D;
        long state = switch (c.attention().family()) {
            case EA -> c.layers() * F * (2 * B * D * (c.attention().order() + 1) + B * D);
            case SA, SA_EAGER -> c.layers() * 2 * F * B * capacity * D;
            case LA -> throw new IllegalArgumentException("no decoder for LA");
        };
        boolean tokens = c.task() == TaskKind.NEXT_TOKEN;
        long act = (tokens ? F * B : F * B * c.inputs()) + 2 * F * B * D + F * D; // ids|x, looked|proj, out, pe row
        act += c.layers() * F * B * (18 * D + 4);
        if (tokens) act += F * B * c.outputs();
        return new Decode(weights, state, act);
    }
}
