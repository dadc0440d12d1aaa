package dev.ea4j.bench.model;

import dev.ea4j.backend.DataTransferMode;
import dev.ea4j.bench.Agreement;
import dev.ea4j.bench.Timing;
import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.ImmutableTaskGraph;
import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.DenseKernels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * ea4j's matmuls against OpenBLAS SGEMM at the shapes a model trains with: every Linear(in, out) over
 * rows = B L tokens runs x W^T (matmulTransposeB: M = rows, N = out, K = in) forward, gy W (matmul: rows, in,
 * out) for the input gradient and gy^T x (matmulTransposeA: out, in, rows) for the weight gradient.
 * GFLOP/s = 2 M N K / median seconds of one task-graph execute on the device.
 */
public final class MatmulComparison {

    /** Rows of c checked against the java reference before timing. */
    static final int CHECK_ROWS = 64;

    /** One matmul: a DenseKernels variant at c[M, N], depth K, and the layers it stands for. */
    public record Shape(String variant, String role, int M, int N, int K) {
        /** 2 M N K. */
        public double flops() {
            return 2.0 * M * N * K;
        }
    }

    /** One measured row: ea4j's GFLOP/s and OpenBLAS's on one thread and on {@code threads} threads. */
    public record Row(Shape shape, double ea4jGflops, double ea4jMedianS, double blas1, double blasN, int threads) {
        /** ea4j / OpenBLAS on the same number of threads. */
        public double ratio() {
            return ea4jGflops / blasN;
        }
    }

    private MatmulComparison() {}

    /**
     * The distinct (variant, M, N, K) of one training step of {@code preset} at each of {@code lengths}, plus
     * {@code square}^3 in every layout when {@code square > 0}.
     */
    public static List<Shape> trainingShapes(ModelPreset preset, List<Integer> lengths, int square) {
        int D = preset.width();
        List<int[]> linears = List.of(new int[] {D, D}, new int[] {D, 4 * D}, new int[] {4 * D, D},
                new int[] {D, preset.vocab()});
        List<String> roles = List.of("attention q,k,v,o", "ffn up", "ffn down", "head");
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        List<Shape> out = new ArrayList<>();
        for (String variant : List.of("matmulTransposeB", "matmul", "matmulTransposeA")) {
            for (int L : lengths) {
                int rows = preset.trainBatch() * L;
                for (int i = 0; i < linears.size(); i++) {
                    int in = linears.get(i)[0], o = linears.get(i)[1];
                    Shape s = switch (variant) {
                        case "matmulTransposeB" -> new Shape(variant, roles.get(i) + " fwd", rows, o, in);
                        case "matmul" -> new Shape(variant, roles.get(i) + " dx", rows, in, o);
                        default -> new Shape(variant, roles.get(i) + " dW", o, in, rows);
                    };
                    if (seen.add(variant + s.M() + "x" + s.N() + "x" + s.K())) out.add(s);
                }
            }
            if (square > 0) out.add(new Shape(variant, "square", square, square, square));
        }
        return out;
    }

    /** Times ea4j's {@code s} on {@code device} after checking it against the java reference. */
    public static Timing.Stats timeEa4j(Shape s, String device, int warmup, int repeats, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = random(r, s.M() * s.K()), b = random(r, s.K() * s.N()), c = new float[s.M() * s.N()];
        check(s, a, b, device);
        try (ExecutionPlan plan = new ExecutionPlan(graph(s.variant(), a, b, c, s.M(), s.N(), s.K()))
                .withDevice(device).withStrict(true)) {
            return Timing.timeSteady(warmup, repeats, plan::execute).stats();
        }
    }

    /** Measures every shape: ea4j, then OpenBLAS on 1 and {@code threads} threads right after it. */
    public static List<Row> measure(List<Shape> shapes, String device, OpenBlasSgemm blas, int threads, int warmup,
                                    int repeats, long seed, java.util.function.Consumer<Row> each) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Shape s : shapes) {
            Timing.Stats t = timeEa4j(s, device, warmup, repeats, seed);
            double b1 = Double.NaN, bn = Double.NaN;
            if (blas != null) {
                blas.clear();
                b1 = blas.gflops(s.variant(), s.M(), s.N(), s.K(), 1);
                bn = threads == 1 ? b1 : blas.gflops(s.variant(), s.M(), s.N(), s.K(), threads);
            }
            Row row = new Row(s, s.flops() / t.median() / 1e9, t.median(), b1, bn, threads);
            rows.add(row);
            each.accept(row);
        }
        return rows;
    }

    private static void check(Shape s, float[] a, float[] b, String device) {
        int mc = Math.min(s.M(), CHECK_ROWS);
        float[] ac = new float[mc * s.K()];
        if (s.variant().equals("matmulTransposeA")) {
            for (int p = 0; p < s.K(); p++) System.arraycopy(a, p * s.M(), ac, p * mc, mc);
        } else {
            System.arraycopy(a, 0, ac, 0, mc * s.K());
        }
        float[] want = new float[mc * s.N()], got = new float[mc * s.N()];
        Agreement.poison(want, got);
        for (String dev : List.of("java", device)) {
            float[] out = dev.equals("java") ? want : got;
            try (ExecutionPlan plan = new ExecutionPlan(graph(s.variant(), ac, b, out, mc, s.N(), s.K()))
                    .withDevice(dev).withStrict(true)) {
                plan.execute().transferToHost(out);
            }
        }
        Agreement.require(s.variant() + " M=" + mc + " N=" + s.N() + " K=" + s.K(), want, got, 1e-4);
    }

    /** One matmul task over a and b into c; c stays on the device until asked for. Shared with the JMH benchmark. */
    public static ImmutableTaskGraph graph(String variant, float[] a, float[] b, float[] c, int M, int N, int K) {
        TaskGraph g = new TaskGraph("mm").transferToDevice(DataTransferMode.FIRST_EXECUTION, a, b);
        switch (variant) {
            case "matmul" -> g.task("mm", DenseKernels::matmul, a, b, c, M, N, K);
            case "matmulTransposeB" -> g.task("mm", DenseKernels::matmulTransposeB, a, b, c, M, N, K);
            case "matmulTransposeA" -> g.task("mm", DenseKernels::matmulTransposeA, a, b, c, M, N, K);
            default -> throw new IllegalArgumentException("unknown matmul variant " + variant);
        }
        // c stays on the device while timing (copied back on demand for the check), as OpenBLAS's timings do
        return g.transferToHost(DataTransferMode.UNDER_DEMAND, c).snapshot();
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }
}
