package dev.ea4j.bench.model;

import dev.ea4j.bench.Timing;
import dev.ea4j.model.AttentionType;
import dev.ea4j.model.KvCacheDecoder;
import dev.ea4j.model.Model;
import dev.ea4j.model.ModelConfig;
import dev.ea4j.model.RecurrentDecoder;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Token-by-token decoding of B sequences up to L tokens: EA with its recurrent step
 * ({@link RecurrentDecoder}, fixed state, cost independent of position) against softmax attention with a KV
 * cache ({@link KvCacheDecoder}, cost growing with position). Reports the time to generate L tokens (the
 * paper's Figure 5b) and one step's latency at the last position, and the memory (Figure 5a).
 *
 * <p>Timing: EA takes the median of {@code decodeSteps} steps times L. SA times {@code decodeSteps} steps at
 * {@link #SAMPLED_POSITIONS} positions spread over [0, L), fits latency = a + b pos, and sums it over the L
 * positions, unless {@code full}, which runs and times every position.
 */
public final class DecodeBench {

    /** Positions SA is timed at (fewer when L is smaller). */
    public static final int SAMPLED_POSITIONS = 5;

    private DecodeBench() {}

    /** Measures {@code attention} decoding B sequences to L tokens. */
    public static BenchRow measure(ModelPreset preset, AttentionType attention, int batch, int length, String device,
                                   boolean strict, long seed, boolean full) {
        ModelConfig config = preset.config(attention, length);
        MemoryAccounting.Decode acc = MemoryAccounting.decode(config, batch, length);
        String name = attention.toString();
        long free = Runtime.getRuntime().maxMemory() - HeapProbe.usedAfterGc();
        long needs = acc.total() + 3 * 4 * MemoryAccounting.parameters(config); // the model also holds grads, moments
        if (needs > TrainStepBench.HEAP_SHARE * free) {
            return new BenchRow("decode", name, batch, length, Double.NaN, Double.NaN, Double.NaN, acc.total(), -1, -1,
                    String.format(Locale.ROOT, "skipped: needs %.2f GiB, the heap has %.2f GiB free", needs / 1073741824.0,
                            free / 1073741824.0));
        }
        Model model = new Model(config, seed);
        long weights = acc.weights();
        // heap: decoder buffers measured against the built model; plus the weights the decoder reads (the model's
        // gradients and moments, allocated by every Model, are not needed for inference and not counted)
        long before = HeapProbe.usedAfterGc();
        SplittableRandom r = new SplittableRandom(seed + 2);
        int[] ids = new int[batch];
        Runnable fill = () -> {
            for (int b = 0; b < batch; b++) ids[b] = r.nextInt(preset.vocab());
        };
        int steps = preset.decodeSteps();
        if (attention.family() == AttentionType.Family.EA) {
            try (RecurrentDecoder d = new RecurrentDecoder(model, batch, device, strict)) {
                int[] pos = {0};
                Runnable step = () -> {
                    if (pos[0] == length) {
                        d.reset();
                        pos[0] = 0;
                    }
                    fill.run();
                    d.stepTokens(ids);
                    pos[0]++;
                };
                for (int i = 0; i < Math.max(preset.decodeSteps(), preset.warmup()); i++) step.run();
                long heap = HeapProbe.usedAfterGc() - before + weights;
                double total;
                double perToken;
                String how;
                if (full) {
                    d.reset();
                    pos[0] = 0;
                    total = Timing.once(() -> {
                        for (int t = 0; t < length; t++) step.run();
                    });
                    perToken = total / length;
                    how = "all " + length + " steps timed";
                } else {
                    Timing.Stats s = Timing.time(0, steps, step);
                    perToken = s.median();
                    total = perToken * length;
                    how = "median of " + steps + " steps x L (the recurrent step's cost does not depend on position)";
                }
                return new BenchRow("decode", name, batch, length, batch / perToken, total, perToken, acc.total(), heap, -1,
                        "recurrent EA on " + d.deviceId() + ": " + how);
            }
        }
        try (KvCacheDecoder d = new KvCacheDecoder(model, batch, length, device, strict)) {
            for (int i = 0; i < Math.max(preset.decodeSteps(), preset.warmup()); i++) {
                fill.run();
                d.stepTokens(ids);
            }
            long heap = HeapProbe.usedAfterGc() - before + weights;
            double total;
            double last;
            String how;
            if (full) {
                d.reset();
                double[] each = new double[length];
                for (int t = 0; t < length; t++) {
                    fill.run();
                    each[t] = Timing.once(() -> d.stepTokens(ids));
                }
                total = java.util.Arrays.stream(each).sum();
                last = each[length - 1];
                how = "all " + length + " steps timed";
            } else {
                int k = Math.min(SAMPLED_POSITIONS, length);
                double[] at = new double[k];
                double[] lat = new double[k];
                for (int i = 0; i < k; i++) {
                    int p = k == 1 ? length - 1 : (int) Math.round(i * (length - 1) / (double) (k - 1));
                    at[i] = p;
                    lat[i] = Timing.time(0, steps, () -> {
                        d.seek(p);
                        fill.run();
                        d.stepTokens(ids);
                    }).median();
                }
                double a, b;
                if (k >= 2) {
                    MemoryFit f = MemoryFit.of(at, lat);
                    a = f.a();
                    b = f.b();
                } else {
                    a = lat[0];
                    b = 0;
                }
                total = a * length + b * length * (length - 1) / 2.0;
                last = a + b * (length - 1);
                how = String.format(Locale.ROOT, "median of %d steps at %d positions, latency = %.4g + %.4g pos s "
                        + "summed over L (a graph per position)", steps, k, a, b);
            }
            return new BenchRow("decode", name, batch, length, batch * length / total, total, last, acc.total(), heap, -1,
                    "KV cache on " + d.deviceId() + ": " + how);
        }
    }
}
