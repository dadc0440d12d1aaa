package dev.ea4j.bench;

import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.ImmutableTaskGraph;
import java.util.SplittableRandom;

/** Small helpers shared by the JMH benchmarks: seeded inputs, plans on the cpu backend, finiteness checks. */
final class JmhSupport {

    /** The device every benchmark times. */
    /** The device the benchmarks time: {@code -Dea4j.bench.device=opencl:1} (default cpu). */
    static final String DEVICE = System.getProperty("ea4j.bench.device", "cpu");

    private JmhSupport() {}

    /** {@code n} floats, normal with standard deviation {@code scale}, from {@code seed}. */
    static float[] randn(int n, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (scale * EaSeriesCase.gaussian(r));
        return a;
    }

    /** A strict plan over {@code graph} on {@code device} (no silent fallback to another backend). */
    static ExecutionPlan plan(ImmutableTaskGraph graph, String device) {
        return new ExecutionPlan(graph).withDevice(device).withStrict(true);
    }

    /** Runs {@code graph} once on {@code device}, copies every array it uses back to the host, closes the plan. */
    static void runOnce(ImmutableTaskGraph graph, String device) {
        try (ExecutionPlan p = plan(graph, device)) {
            p.execute().transferToHost(graph.arrays().toArray());
        }
    }

    /** Throws unless every value of {@code a} is finite (outputs were NaN-poisoned before the run). */
    static void requireFinite(String what, float[] a) {
        int bad = Agreement.firstNonFinite(a);
        if (bad >= 0) {
            throw new IllegalStateException(what + " is not finite at index " + bad + " (" + a[bad]
                    + "); is the kernel implemented?");
        }
    }
}
