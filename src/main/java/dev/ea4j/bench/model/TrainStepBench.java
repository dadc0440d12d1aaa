package dev.ea4j.bench.model;

import dev.ea4j.bench.Timing;
import dev.ea4j.model.AttentionType;
import dev.ea4j.model.Model;
import dev.ea4j.model.ModelConfig;
import dev.ea4j.train.DeviceModel;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Times one training step (forward, loss, backward and AdamW, through {@link DeviceModel}) of a fresh model at
 * (B, L) and measures its memory: the exact dry-run accounting, and the Java heap in use after GC with the
 * model and its step's buffers alive minus before the model was built.
 */
public final class TrainStepBench {

    /** Share of the JVM's maximum heap a point may plan to use; larger points are skipped. */
    static final double HEAP_SHARE = 0.8;

    private TrainStepBench() {}

    /** Measures {@code attention} at (B, L) with {@code preset}'s architecture. */
    public static BenchRow measure(ModelPreset preset, AttentionType attention, int batch, int length, String device,
                                   boolean strict, long seed, PrintStream warnings) {
        ModelConfig config = preset.config(attention, length);
        MemoryAccounting.Train acc = MemoryAccounting.train(config, batch, length);
        String name = attention.toString();
        if (!acc.fitsJavaArrays()) {
            return skipped(name, batch, length, acc.total(), "skipped: an array of " + acc.largestArray()
                    + " elements exceeds Java's array limit");
        }
        long before = HeapProbe.usedAfterGc();
        long free = Runtime.getRuntime().maxMemory() - before;
        if (acc.total() > HEAP_SHARE * free) {
            return skipped(name, batch, length, acc.total(), String.format(Locale.ROOT,
                    "skipped: needs %.2f GiB, the heap has %.2f GiB free (raise it with EA4J_JAVA_OPTS=-Xmx...)",
                    acc.total() / 1073741824.0, free / 1073741824.0));
        }
        Model model = new Model(config, seed);
        TokenBatch data = new TokenBatch(batch, length, preset.vocab(), seed + 1);
        try (DeviceModel dm = new DeviceModel(model, device, strict, warnings)) {
            long[] step = {0};
            Runnable train = () -> {
                dm.forwardBackward(data);
                dm.optimize(1e-4, 0.01, ++step[0], 1.0);
            };
            train.run();
            long heap = HeapProbe.usedAfterGc() - before;
            // the first point of a run was timed while C2 still compiled the kernels (EA-2 at L = 1024 read 0.5x
            // of its steady rate after 3 warmup steps): warm up until the JIT is quiet
            Timing.Steady steady = Timing.timeSteady(Math.max(0, preset.warmup() - 1), preset.repeats(), train);
            Timing.Stats s = steady.stats();
            double tokensPerS = (double) batch * length / s.median();
            return new BenchRow("train", name, batch, length, tokensPerS, s.median(), Double.NaN, acc.total(), heap, -1,
                    String.format(Locale.ROOT, "median of %d steps after %d warmup (until the JIT was quiet) on %s;"
                            + " min %.4g s, max %.4g s", preset.repeats(), steady.warmupRuns() + 1, dm.deviceId(),
                            s.min(), s.max()));
        }
    }

    private static BenchRow skipped(String model, int b, int l, long bytes, String why) {
        return new BenchRow("train", model, b, l, Double.NaN, Double.NaN, Double.NaN, bytes, -1, -1, why);
    }
}
