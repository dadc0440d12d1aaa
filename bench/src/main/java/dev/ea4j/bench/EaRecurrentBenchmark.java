package dev.ea4j.bench;

import dev.ea4j.backend.DataTransferMode;
import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.ExecutionResult;
import dev.ea4j.graph.ImmutableTaskGraph;
import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.EaRecurrentKernels;
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
 * One recurrent EA-p decode step (Eqs. 7-16) for one token, B sequences of D channels, through a task graph on
 * the cpu backend (target: under 20 us for B = 1, D = 768). Setup first checks that cpu and the java reference
 * agree on a prompt prefill followed by {@value #CHECK_STEPS} steps (every y, and the final state).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class EaRecurrentBenchmark {

    static final int PROMPT = 16;
    static final int CHECK_STEPS = 8;

    @Param({"2", "6"})
    public int p;

    @Param({"768"})
    public int D;

    @Param({"1"})
    public int B;

    /** Buffers of one recurrent state and one token. */
    private static final class Rec {
        final float[] q, k, v, y, s, z, m, promptK, promptV;
        final int B, D, p;

        Rec(int B, int D, int p) {
            this.B = B;
            this.D = D;
            this.p = p;
            q = new float[B * D];
            k = new float[B * D];
            v = new float[B * D];
            y = new float[B * D];
            s = new float[B * D * (p + 1)];
            z = new float[B * D * (p + 1)];
            m = new float[B * D];
            promptK = JmhSupport.randn(B * PROMPT * D, 11, 0.5);
            promptV = JmhSupport.randn(B * PROMPT * D, 12, 0.5);
        }

        ImmutableTaskGraph startGraph(String name) {
            return new TaskGraph(name)
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, promptK, promptV)
                    .task("reset", EaRecurrentKernels::reset, s, z, m, B, D, p)
                    .task("prefill", EaRecurrentKernels::prefill, promptK, promptV, s, z, m, B, PROMPT, D, p)
                    .snapshot();
        }

        ImmutableTaskGraph stepGraph(String name) {
            return new TaskGraph(name)
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, q, k, v)
                    .task("step", EaRecurrentKernels::decodeStep, q, k, v, y, s, z, m, B, D, p)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, y)
                    .snapshot();
        }

        /** Token {@code t} of the seeded check sequence into q, k, v. */
        void token(int t) {
            System.arraycopy(JmhSupport.randn(B * D, 100 + 3L * t, 0.5), 0, q, 0, B * D);
            System.arraycopy(JmhSupport.randn(B * D, 101 + 3L * t, 0.5), 0, k, 0, B * D);
            System.arraycopy(JmhSupport.randn(B * D, 102 + 3L * t, 0.5), 0, v, 0, B * D);
        }

        /** Prefill and {@link #CHECK_STEPS} steps on {@code device}: every step's y, then s, z, m. */
        float[][] trace(String device) {
            Agreement.poison(y, s, z, m);
            float[][] out = new float[CHECK_STEPS + 3][];
            try (ExecutionPlan start = JmhSupport.plan(startGraph("rec_start"), device);
                 ExecutionPlan step = JmhSupport.plan(stepGraph("rec_step"), device)) {
                start.execute();
                for (int t = 0; t < CHECK_STEPS; t++) {
                    token(t);
                    Agreement.poison(y);
                    step.execute();
                    out[t] = y.clone();
                }
            }
            out[CHECK_STEPS] = s.clone();
            out[CHECK_STEPS + 1] = z.clone();
            out[CHECK_STEPS + 2] = m.clone();
            return out;
        }
    }

    private Rec rec;
    private ExecutionPlan step;

    @Setup(Level.Trial)
    public void setup() {
        rec = new Rec(B, D, p);
        float[][] want = rec.trace("java");
        float[][] got = rec.trace(JmhSupport.DEVICE);
        for (int i = 0; i < want.length; i++) {
            String what = i < CHECK_STEPS ? "step " + i + " y" : new String[] {"s", "z", "m"}[i - CHECK_STEPS];
            Agreement.require("EA-" + p + " recurrent B=" + B + " D=" + D + " " + what, want[i], got[i],
                    AttentionBench.CHECK_RTOL);
        }
        // Timed state: the prompt prefilled, then the same token stepped again and again.
        try (ExecutionPlan start = JmhSupport.plan(rec.startGraph("rec_start"), JmhSupport.DEVICE)) {
            start.execute();
        }
        rec.token(0);
        step = JmhSupport.plan(rec.stepGraph("rec_step"), JmhSupport.DEVICE);
    }

    @Benchmark
    public ExecutionResult step() {
        return step.execute();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (step != null) step.close();
    }
}
