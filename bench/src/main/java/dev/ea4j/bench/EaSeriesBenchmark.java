package dev.ea4j.bench;

import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.ExecutionResult;
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
 * EA-series forward and forward+backward on the cpu backend, through task graphs (what users get). Setup
 * first checks cpu against the java reference on the first {@value AttentionBench#CHECK_TOKENS} tokens and
 * that a full-size run writes finite outputs. Elements/s = B*L*D / time; forward GB/s = 16 bytes * B*L*D / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx8g"})
public class EaSeriesBenchmark {

    @Param({"2", "6"})
    public int p;

    @Param({"true", "false"})
    public boolean causal;

    @Param({"1024", "4096", "32768"})
    public int L;

    @Param({"768"})
    public int D;

    @Param({"1"})
    public int B;

    private EaSeriesCase ea;
    private ExecutionPlan fwd;
    private ExecutionPlan fwdBwd;

    @Setup(Level.Trial)
    public void setup() {
        ea = new EaSeriesCase(B, L, D, p, causal, 42, 0.5);
        ea.prefix(AttentionBench.CHECK_TOKENS).requireAgreement(JmhSupport.DEVICE, AttentionBench.CHECK_RTOL);
        fwd = JmhSupport.plan(ea.forwardGraph("ea_fwd"), JmhSupport.DEVICE);
        fwdBwd = JmhSupport.plan(ea.forwardBackwardGraph("ea_fwdbwd"), JmhSupport.DEVICE);
        Agreement.poison(ea.y, ea.dq, ea.dk, ea.dv);
        fwdBwd.execute().transferToHost(ea.y, ea.dq, ea.dk, ea.dv);
        for (float[] a : new float[][] {ea.y, ea.dq, ea.dk, ea.dv}) JmhSupport.requireFinite("full-size EA output", a);
    }

    @Benchmark
    public ExecutionResult forward() {
        return fwd.execute();
    }

    @Benchmark
    public ExecutionResult forwardBackward() {
        return fwdBwd.execute();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (fwd != null) fwd.close();
        if (fwdBwd != null) fwdBwd.close();
    }
}
