package dev.ea4j.cli;

import dev.ea4j.backend.cpu.CpuPool;
import dev.ea4j.bench.Json;
import dev.ea4j.bench.RunFacts;
import dev.ea4j.bench.model.MatmulComparison;
import dev.ea4j.bench.model.ModelPreset;
import dev.ea4j.bench.model.OpenBlasSgemm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ea4j bench matmul}: ea4j's three training matmul layouts against OpenBLAS SGEMM (one thread and the
 * cpu pool's thread count) at a model preset's Linear shapes, each shape's ea4j and OpenBLAS timings taken
 * back to back in the same run.
 */
@Command(name = "matmul", mixinStandardHelpOptions = true,
        description = {"GFLOP/s of x W^T (matmulTransposeB), gy W (matmul) and gy^T x (matmulTransposeA) at a "
                + "preset's training shapes, beside OpenBLAS SGEMM on 1 and on the pool's threads, and the ratio.",
                "OpenBLAS runs through bench/native/run-sgemm.sh (gcc, libopenblas-dev); --no-blas skips it."})
public final class BenchMatmulCommand implements Callable<Integer> {

    @Option(names = "--preset", paramLabel = "cpu|gpu", description = "Model preset whose shapes are timed. Default: ${DEFAULT-VALUE}.")
    String preset = "cpu";

    @Option(names = "--lengths", split = ",", paramLabel = "L", description = "Sequence lengths (rows = B L). Default: 1024,4096.")
    List<Integer> lengths = List.of(1024, 4096);

    @Option(names = "--square", paramLabel = "N", description = "Also N^3 in every layout (0: none). Default: ${DEFAULT-VALUE}.")
    int square = 1024;

    @Option(names = "--device", paramLabel = "D", description = "Device. Default: ${DEFAULT-VALUE}.")
    String device = "cpu";

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed runs, at least (more until the JIT is idle). Default: ${DEFAULT-VALUE}.")
    int warmup = 5;

    @Option(names = "--repeats", paramLabel = "N", description = "Timed runs of each. Default: ${DEFAULT-VALUE}.")
    int repeats = 15;

    @Option(names = "--sgemm", paramLabel = "SCRIPT", description = "OpenBLAS runner. Default: ${DEFAULT-VALUE}.")
    Path sgemm = Path.of("bench", "native", "run-sgemm.sh");

    @Option(names = "--no-blas", description = "Only ea4j (no OpenBLAS baseline).")
    boolean noBlas;

    @Option(names = "--json", description = "One JSON object per shape on stdout instead of the table.")
    boolean json;

    @Option(names = "--seed", description = "Input seed. Default: ${DEFAULT-VALUE}.")
    long seed = 42;

    @Override
    public Integer call() throws IOException {
        if (warmup < 0 || repeats < 1) throw new Cli.UsageError("--warmup must be >= 0 and --repeats >= 1");
        if (square < 0) throw new Cli.UsageError("--square must be >= 0, got " + square);
        for (int L : lengths) if (L < 1) throw new Cli.UsageError("--lengths must be positive, got " + L);
        ModelPreset p;
        try {
            p = ModelPreset.named(preset);
        } catch (IllegalArgumentException e) {
            throw new Cli.UsageError(e.getMessage());
        }
        OpenBlasSgemm blas = noBlas ? null : new OpenBlasSgemm(sgemm, 2, Math.max(repeats, 5));
        if (blas != null && !blas.present()) {
            throw new Cli.UsageError("no OpenBLAS runner at " + sgemm + " (run from the repository root, or --no-blas)");
        }
        int threads = CpuPool.shared().threads();
        RunFacts facts = RunFacts.collect();
        if (!json) {
            System.out.printf(Locale.ROOT, "ea4j bench matmul: preset %s, device %s, %d threads, %s, commit %s, %s%n",
                    p.name(), device, threads, facts.machine(), facts.commit(), facts.date());
            System.out.printf(Locale.ROOT, "%-17s %-22s %6s %6s %6s %9s %9s %9s %7s%n", "layout", "role", "M", "N", "K",
                    "ea4j", "blas 1t", "blas " + threads + "t", "ratio");
        }
        List<MatmulComparison.Row> rows = MatmulComparison.measure(MatmulComparison.trainingShapes(p, lengths, square),
                device, blas, threads, warmup, repeats, seed, r -> print(r, facts));
        if (!json) {
            System.out.println("GFLOP/s = 2 M N K / median; ratio = ea4j / OpenBLAS on " + threads + " threads"
                    + (blas == null ? "" : "; OpenBLAS " + blas.config()));
            for (String v : List.of("matmulTransposeB", "matmul", "matmulTransposeA")) {
                double worst = rows.stream().filter(r -> r.shape().variant().equals(v))
                        .mapToDouble(MatmulComparison.Row::ratio).min().orElse(Double.NaN);
                System.out.printf(Locale.ROOT, "worst ratio %-17s %.3f%n", v, worst);
            }
        }
        return Cli.OK;
    }

    private void print(MatmulComparison.Row r, RunFacts facts) {
        MatmulComparison.Shape s = r.shape();
        if (json) {
            System.out.println(new Json().put("variant", s.variant()).put("role", s.role()).put("M", s.M())
                    .put("N", s.N()).put("K", s.K()).put("ea4j_gflops", r.ea4jGflops())
                    .put("ea4j_median_s", r.ea4jMedianS()).put("openblas_1t_gflops", r.blas1())
                    .put("openblas_gflops", r.blasN()).put("threads", r.threads()).put("ratio", r.ratio())
                    .put("device", device).put("commit", facts.commit()).put("date", facts.date())
                    .put("machine", facts.machine()));
        } else {
            System.out.printf(Locale.ROOT, "%-17s %-22s %6d %6d %6d %9.1f %9.1f %9.1f %7.3f%n", s.variant(), s.role(),
                    s.M(), s.N(), s.K(), r.ea4jGflops(), r.blas1(), r.blasN(), r.ratio());
        }
        System.out.flush();
    }
}
