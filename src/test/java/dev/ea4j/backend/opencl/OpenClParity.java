package dev.ea4j.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ea4j.backend.DataTransferMode;
import dev.ea4j.backend.DeviceSession;
import dev.ea4j.backend.TaskProfile;
import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.ExecutionResult;
import dev.ea4j.graph.ProfilerMode;
import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.TestArrays;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs one task graph on the {@code java} reference and on {@code opencl:0} and compares the outputs, checking that
 * the reference ran on java and the OpenCL twins on opencl:0. A graph is given either as a {@link Builder} (called
 * once per device with a fresh graph: it makes the inputs and outputs, adds the transfers and tasks, and returns the
 * outputs) or as inputs, initial outputs and {@link Tasks} (the transfers are added here).
 */
final class OpenClParity {

    static final String OPENCL = "opencl:0";

    /** Adds transfers and tasks to {@code g}; returns the arrays to compare. */
    @FunctionalInterface
    interface Builder {
        float[][] build(TaskGraph g);
    }

    /** Adds the task(s) under test to a graph whose outputs (or in-out state) are {@code out}. */
    @FunctionalInterface
    interface Tasks {
        TaskGraph add(TaskGraph g, float[][] out);
    }

    /** The outputs of the reference run and of the OpenCL run, in the builder's order. */
    record Outputs(float[][] reference, float[][] opencl) {

        /** Asserts output {@code i} matches within {@code tol} x max(1, max |reference|). */
        void assertClose(int i, double tol, String what) {
            TestArrays.assertClose(reference[i], opencl[i], tol, what);
        }

        /** Asserts every output matches within {@code tol}. */
        void assertAllClose(double tol, String what) {
            for (int i = 0; i < reference.length; i++) assertClose(i, tol, what + " output " + i);
        }
    }

    private OpenClParity() {}

    /** Skips the calling test class visibly (stderr line and an assumption) when there is no OpenCL device. */
    static void requireOpenCl(String testClass) {
        boolean present = !OpenClPlatforms.entries().isEmpty();
        if (!present) System.err.println("SKIPPED " + testClass + ": " + OpenClPlatforms.unavailableReason());
        Assumptions.assumeTrue(present, () -> "no OpenCL device: " + OpenClPlatforms.unavailableReason());
    }

    /** Builds and runs the graph on java, then on opencl:0 (strict: no fallback). */
    static Outputs run(Builder builder) {
        return run(0, builder);
    }

    /** As {@link #run(Builder)} with the OpenCL chunk length set to {@code chunk} (0: the device default). */
    static Outputs run(int chunk, Builder builder) {
        return new Outputs(execute("java", 0, builder), execute(OPENCL, chunk, builder));
    }

    /**
     * Runs {@code tasks} on {@code device} with copies of {@code outInit} as outputs (NaN-poisoned by the caller, or
     * an initial state), inputs and outputs copied to the device and outputs back on every execution; returns the
     * outputs.
     */
    static float[][] run(String device, float[][] in, float[][] outInit, Tasks tasks) {
        return execute(device, 0, graph(in, outInit, tasks));
    }

    /** Runs on java and on opencl:0 and asserts each named output within tol x max(1, max |ref|). */
    static void assertTwinMatches(int chunk, float[][] in, float[][] outInit, Tasks tasks, double tol,
                                  String what, String... names) {
        double[] tols = new double[names.length];
        Arrays.fill(tols, tol);
        assertTwinMatches(chunk, in, outInit, tasks, tols, what, names);
    }

    /** As above with one tolerance per output; a null name skips that output. */
    static void assertTwinMatches(int chunk, float[][] in, float[][] outInit, Tasks tasks, double[] tol,
                                  String what, String... names) {
        Outputs o = run(chunk, graph(in, outInit, tasks));
        for (int i = 0; i < o.reference().length; i++) {
            if (names[i] == null) continue;
            TestArrays.assertFinite(o.reference()[i], what + " " + names[i] + " (reference)");
            o.assertClose(i, tol[i], what + " " + names[i]);
        }
    }

    /** Fresh NaN-filled arrays of the given lengths. */
    static float[][] poisoned(int... lengths) {
        float[][] out = new float[lengths.length][];
        for (int i = 0; i < lengths.length; i++) out[i] = TestArrays.poisoned(lengths[i]);
        return out;
    }

    /** A builder over inputs {@code in} and fresh copies of {@code outInit}, transferred in and out every execution. */
    private static Builder graph(float[][] in, float[][] outInit, Tasks tasks) {
        return g -> {
            float[][] out = new float[outInit.length][];
            for (int i = 0; i < out.length; i++) out[i] = outInit[i].clone();
            g.transferToDevice(DataTransferMode.EVERY_EXECUTION, (Object[]) in)
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, (Object[]) out);
            tasks.add(g, out).transferToHost(DataTransferMode.EVERY_EXECUTION, (Object[]) out);
            return out;
        };
    }

    private static float[][] execute(String device, int chunk, Builder builder) {
        String old = chunk > 0 ? System.setProperty(LaunchGeometry.CHUNK_PROPERTY, Integer.toString(chunk)) : null;
        try {
            TaskGraph g = new TaskGraph("parity");
            float[][] outputs = builder.build(g);
            String implementation = device.equals("java") ? DeviceSession.REFERENCE : "opencl";
            try (ExecutionPlan plan = new ExecutionPlan(g.snapshot()).withDevice(device).withStrict(true)
                    .withProfiler(ProfilerMode.SILENT)) {
                ExecutionResult r = plan.execute();
                assertEquals(device.contains(":") ? device : device + ":0", plan.device().id());
                for (TaskProfile p : r.profile()) {
                    if (!p.implementation().equals("copy")) assertEquals(implementation, p.implementation(), p.taskId());
                }
            }
            return outputs;
        } finally {
            if (chunk > 0 && old == null) System.clearProperty(LaunchGeometry.CHUNK_PROPERTY);
            else if (chunk > 0) System.setProperty(LaunchGeometry.CHUNK_PROPERTY, old);
        }
    }
}
