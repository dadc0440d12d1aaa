package dev.ea4j.bench;

import dev.ea4j.backend.DataTransferMode;
import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.ExecutionResult;
import dev.ea4j.graph.ImmutableTaskGraph;
import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.SoftmaxAttentionKernels;
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
 * Multi-head softmax attention forward (the paper's baseline, O(L^2 D)) on the cpu backend through a task
 * graph. Setup first checks cpu against the java reference on the first {@value #CHECK_TOKENS} tokens.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx8g"})
public class SoftmaxAttentionBenchmark {

    static final int CHECK_TOKENS = 256;

    @Param({"1024", "4096"})
    public int L;

    @Param({"768"})
    public int D;

    @Param({"12"})
    public int H;

    @Param({"1"})
    public int B;

    @Param({"false", "true"})
    public boolean causal;

    private float[] q, k, v, y;
    private ExecutionPlan fwd;

    static ImmutableTaskGraph graph(String name, float[] q, float[] k, float[] v, float[] y, int B, int L, int D,
                                    int H, boolean causal) {
        TaskGraph g = new TaskGraph(name).transferToDevice(DataTransferMode.EVERY_EXECUTION, q, k, v);
        if (causal) g.task("fwd", SoftmaxAttentionKernels::causalForward, q, k, v, y, B, L, D, H);
        else g.task("fwd", SoftmaxAttentionKernels::forward, q, k, v, y, B, L, D, H);
        return g.transferToHost(DataTransferMode.EVERY_EXECUTION, y).snapshot();
    }

    @Setup(Level.Trial)
    public void setup() {
        int n = B * L * D;
        q = JmhSupport.randn(n, 1, 0.5);
        k = JmhSupport.randn(n, 2, 0.5);
        v = JmhSupport.randn(n, 3, 0.5);
        y = new float[n];
        // Check on a prefix of every sequence: [B, lc, D].
        int lc = Math.min(L, CHECK_TOKENS);
        float[] qc = prefix(q, lc), kc = prefix(k, lc), vc = prefix(v, lc), yc = new float[B * lc * D];
        Agreement.poison(yc);
        JmhSupport.runOnce(graph("check_ref", qc, kc, vc, yc, B, lc, D, H, causal), "java");
        float[] want = yc.clone();
        Agreement.poison(yc);
        JmhSupport.runOnce(graph("check_fast", qc, kc, vc, yc, B, lc, D, H, causal), JmhSupport.DEVICE);
        Agreement.require("softmax attention L=" + lc + " D=" + D + " H=" + H, want, yc, AttentionBench.CHECK_RTOL);

        fwd = JmhSupport.plan(graph("softmax_fwd", q, k, v, y, B, L, D, H, causal), JmhSupport.DEVICE);
        Agreement.poison(y);
        fwd.execute();
        JmhSupport.requireFinite("full-size softmax attention y", y);
    }

    private float[] prefix(float[] x, int lc) {
        float[] out = new float[B * lc * D];
        for (int b = 0; b < B; b++) System.arraycopy(x, b * L * D, out, b * lc * D, lc * D);
        return out;
    }

    @Benchmark
    public ExecutionResult forward() {
        return fwd.execute();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (fwd != null) fwd.close();
    }
}
