package dev.ea4j.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A transformer for one {@link TaskKind}: embeddings, {@code layers} encoder blocks and a head, with
 * seeded initialisation (PyTorch's default: uniform(+-1/sqrt(fan_in)) for linears, N(0, 1) for token
 * tables, LayerNorm gamma = 1, beta = 0). Bind it to a batch shape to get task graphs.
 */
public final class Model {

    private final ModelConfig config;
    private final Embeddings embeddings;
    private final List<EncoderBlock> blocks = new ArrayList<>();
    private final Linear head;
    private final List<Parameter> parameters = new ArrayList<>();
    private final Dropout dropout;

    /** Builds and initialises a model from {@code config} with {@code seed}. */
    public Model(ModelConfig config, long seed) {
        this.config = config;
        this.dropout = new Dropout(config.dropout());
        int D = config.width();
        this.embeddings = config.task() == TaskKind.NEXT_TOKEN
                ? Embeddings.tokens("embed", config.inputs(), D, config.maxLength())
                : Embeddings.values("embed", config.inputs(), D, config.maxLength(),
                        config.task() != TaskKind.STREAM_FORECAST);
        for (int i = 0; i < config.layers(); i++) {
            blocks.add(new EncoderBlock("layer_" + i, config.attention(), config.causal(), D, config.heads(),
                    config.preNorm(), dropout));
        }
        int headIn = config.flattensOutput() ? config.maxLength() * D : D;
        this.head = new Linear("head", headIn, config.outputs());
        parameters.addAll(embeddings.parameters());
        for (EncoderBlock b : blocks) parameters.addAll(b.parameters());
        parameters.addAll(head.parameters());
        initialise(seed);
    }

    /** The architecture. */
    public ModelConfig config() {
        return config;
    }

    /** Parameters in a fixed order (the checkpoint order). */
    public List<Parameter> parameters() {
        return Collections.unmodifiableList(parameters);
    }

    /** Total trainable scalars. */
    public long parameterCount() {
        return parameters.stream().mapToLong(Parameter::size).sum();
    }

    /** Arrays that live on the device for the model's lifetime: parameters, gradients, moments, positional table. */
    public List<Object> deviceResidentArrays() {
        List<Object> out = new ArrayList<>();
        for (Parameter p : parameters) out.addAll(List.of(p.value(), p.grad(), p.m(), p.v()));
        out.add(embeddings.positional());
        return out;
    }

    /** The training graphs' dropout and the control buffer its sites read. */
    public Dropout dropout() {
        return dropout;
    }

    /** The blocks (for recurrent decoding). */
    public List<EncoderBlock> blocks() {
        return Collections.unmodifiableList(blocks);
    }

    Embeddings embeddings() {
        return embeddings;
    }

    Linear head() {
        return head;
    }

    /** Whether the model reads sequences of any length (no positional encoding): streaming forecasters. */
    public boolean unbounded() {
        return !embeddings.positioned();
    }

    /** Task graphs for B sequences of L tokens. */
    public BoundModel bind(int batch, int length) {
        if (config.flattensOutput() && length != config.maxLength()) {
            throw new IllegalArgumentException((config.task() == TaskKind.FORECAST ? "a forecast model"
                    : "a classifier with the flatten head") + " takes inputs of exactly " + config.maxLength()
                    + " steps, got " + length);
        }
        return new BoundModel(this, new BatchShape(batch, length, config.width()));
    }

    private void initialise(long seed) {
        for (Parameter p : parameters) {
            SplittableRandom r = new SplittableRandom(seed ^ (p.name().hashCode() * 0x9E3779B97F4A7C15L));
            float[] w = p.value();
            if (p.name().endsWith(".gamma") || p.name().endsWith(".beta")) continue;
            if (p.name().endsWith(".table")) {
                for (int i = 0; i < w.length; i++) w[i] = (float) gaussian(r);
                continue;
            }
            int fanIn = p.shape().length == 2 ? p.shape()[1] : fanInOfBias(p);
            double bound = 1.0 / Math.sqrt(fanIn);
            for (int i = 0; i < w.length; i++) w[i] = (float) ((r.nextDouble() * 2 - 1) * bound);
        }
    }

    private int fanInOfBias(Parameter bias) {
        String weight = bias.name().substring(0, bias.name().length() - ".bias".length()) + ".weight";
        for (Parameter p : parameters) if (p.name().equals(weight)) return p.shape()[1];
        throw new IllegalStateException("no weight for bias " + bias.name());
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
