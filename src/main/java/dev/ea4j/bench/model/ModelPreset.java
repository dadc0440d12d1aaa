package dev.ea4j.bench.model;

import dev.ea4j.model.AttentionType;
import dev.ea4j.model.ModelConfig;
import dev.ea4j.model.TaskKind;
import java.util.List;

/**
 * What {@code ea4j bench model} measures: a BERT-base-shaped stack (Post-LN, FFN 4D, causal attention so the
 * same models decode token by token; next-token head over a small vocabulary) and the grids of lengths and
 * batch sizes.
 *
 * @param name preset name ({@code cpu}, {@code gpu}, or {@code custom})
 * @param layers blocks
 * @param width D
 * @param heads heads of SA, SA-eager and LA (head dimension D / heads)
 * @param vocab vocabulary (input table and next-token head)
 * @param models attention types to compare
 * @param trainLengths L grid of the training measurements
 * @param trainBatch B of the training measurements
 * @param bslBatches batch sizes of the BS-L curves
 * @param budgetBytes memory budget of the BS-L curves
 * @param decodeBatches B grid of the decoding measurements
 * @param decodeLengths L grid of the decoding measurements
 * @param warmup untimed training steps (and decode steps) before timing
 * @param repeats timed training steps per point
 * @param decodeSteps timed decode steps per point (per sampled position for SA)
 * @param maxStepSeconds a model whose step took longer skips its longer lengths (0: never skip)
 */
public record ModelPreset(String name, int layers, int width, int heads, int vocab, List<AttentionType> models,
                          List<Integer> trainLengths, int trainBatch, List<Integer> bslBatches, long budgetBytes,
                          List<Integer> decodeBatches, List<Integer> decodeLengths, int warmup, int repeats,
                          int decodeSteps, double maxStepSeconds) {

    /** The models compared by default: EA-2, EA-6, SA, SA-eager (the paper's baseline), LA. */
    public static final List<AttentionType> DEFAULT_MODELS = List.of(AttentionType.parse("EA-2"),
            AttentionType.parse("EA-6"), AttentionType.parse("SA"), AttentionType.parse("SA-eager"),
            AttentionType.parse("LA"));

    private static final long GIB = 1L << 30;

    /** Validates sizes. */
    public ModelPreset {
        if (layers < 1 || width < 1 || heads < 1 || width % heads != 0 || vocab < 2) {
            throw new IllegalArgumentException("need layers, width, heads >= 1, heads dividing width, vocab >= 2");
        }
        if (warmup < 0 || repeats < 1 || decodeSteps < 1 || trainBatch < 1 || budgetBytes < 1) {
            throw new IllegalArgumentException("need warmup >= 0, repeats, decode steps, batch and budget >= 1");
        }
        for (List<Integer> l : List.of(trainLengths, bslBatches, decodeBatches, decodeLengths)) {
            for (int v : l) if (v < 1) throw new IllegalArgumentException("lengths and batch sizes must be positive: " + l);
        }
        models = List.copyOf(models);
        trainLengths = List.copyOf(trainLengths);
        bslBatches = List.copyOf(bslBatches);
        decodeBatches = List.copyOf(decodeBatches);
        decodeLengths = List.copyOf(decodeLengths);
    }

    /**
     * {@code cpu}: 2 layers, D = 256, 4 heads, L 256..4096 at B = 1, BS-L for B = 1..16 under 2 GiB, decoding at
     * B = 1, 4. {@code gpu}: BERT-base (12 layers, D = 768, 12 heads), L 2000..7000, BS-L under 80 GiB (the
     * paper's A800), decoding at B = 8..64 (the paper's grids).
     */
    public static ModelPreset named(String name) {
        List<Integer> oneTo16 = java.util.stream.IntStream.rangeClosed(1, 16).boxed().toList();
        return switch (name) {
            case "cpu" -> new ModelPreset("cpu", 2, 256, 4, 256, DEFAULT_MODELS, List.of(256, 512, 1024, 2048, 4096), 1,
                    oneTo16, 2 * GIB, List.of(1, 4), List.of(256, 512, 1024, 2048, 4096), 3, 5, 100, 120);
            case "gpu" -> new ModelPreset("gpu", 12, 768, 12, 256, DEFAULT_MODELS,
                    List.of(2000, 3000, 4000, 5000, 6000, 7000), 1, oneTo16, 80 * GIB, List.of(8, 16, 32, 64),
                    List.of(2000, 3000, 4000, 5000, 6000, 7000), 2, 5, 16, 600);
            default -> throw new IllegalArgumentException("unknown preset '" + name + "': use cpu or gpu");
        };
    }

    /** The model configuration of {@code attention} whose positional table covers {@code maxLength} tokens. */
    public ModelConfig config(AttentionType attention, int maxLength) {
        return new ModelConfig(TaskKind.NEXT_TOKEN, attention, true, vocab, width, layers, heads, vocab, maxLength, false);
    }
}
