package dev.ea4j.bench;

import dev.ea4j.bench.model.MatmulComparison;
import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.ExecutionResult;
import dev.ea4j.graph.ImmutableTaskGraph;
import dev.ea4j.kernels.DenseKernels;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The three matmul layouts of {@link DenseKernels} on the cpu backend through a task graph:
 * {@code matmul} (a[M,K] b[K,N]), {@code matmulTransposeB} (b[N,K], Linear forward) and
 * {@code matmulTransposeA} (a[K,M], weight gradients); c[M,N]. GFLOP/s = 2 M N K / time. Setup first checks cpu
 * against the java reference on the first {@value #CHECK_ROWS} rows of c.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MatmulBenchmark {

    static final int CHECK_ROWS = 64;

    @Param({"matmul", "matmulTransposeB", "matmulTransposeA"})
    public String variant;

    @Param({"4096"})
    public int M;

    @Param({"768"})
    public int N;

    @Param({"768"})
    public int K;

    private float[] a, b, c;
    private ExecutionPlan plan;

    static ImmutableTaskGraph graph(String variant, float[] a, float[] b, float[] c, int M, int N, int K) {
        return MatmulComparison.graph(variant, a, b, c, M, N, K);
    }

    @Setup(Level.Trial)
    public void setup() {
        a = JmhSupport.randn(M * K, 1, 1.0);
        b = JmhSupport.randn(K * N, 2, 1.0);
        c = new float[M * N];
        // Check on the first mc rows of c: a's first mc rows ([M,K]) or first mc columns (a^T: [K,M]).
        int mc = Math.min(M, CHECK_ROWS);
        float[] ac = new float[mc * K];
        if (variant.equals("matmulTransposeA")) {
            for (int kk = 0; kk < K; kk++) System.arraycopy(a, kk * M, ac, kk * mc, mc);
        } else {
            System.arraycopy(a, 0, ac, 0, mc * K);
        }
        float[] cc = new float[mc * N];
        Agreement.poison(cc);
        JmhSupport.runOnce(graph(variant, ac, b, cc, mc, N, K), "java");
        float[] want = cc.clone();
        Agreement.poison(cc);
        JmhSupport.runOnce(graph(variant, ac, b, cc, mc, N, K), JmhSupport.DEVICE);
        Agreement.require(variant + " M=" + mc + " N=" + N + " K=" + K, want, cc, 1e-4);

        plan = JmhSupport.plan(graph(variant, a, b, c, M, N, K), JmhSupport.DEVICE);
        Agreement.poison(c);
        plan.execute().transferToHost(c);
        JmhSupport.requireFinite("full-size " + variant + " c", c);
    }

    @Benchmark
    public ExecutionResult multiply() {
        return plan.execute();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (plan != null) plan.close();
    }
}
