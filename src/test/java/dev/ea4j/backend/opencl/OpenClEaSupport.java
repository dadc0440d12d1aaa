package dev.ea4j.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ea4j.backend.DataTransferMode;
import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.TestArrays;
import org.junit.jupiter.api.Assumptions;

/** Runs one task graph on the java reference and on opencl:0 and compares; shared by the OpenClEa*Test classes. */
final class OpenClEaSupport {

    static final String OPENCL = "opencl:0";

    private OpenClEaSupport() {}

    /** Skips the calling test class visibly when no OpenCL device exists. */
    static void needsOpenCl(String testClass) {
        boolean present = !OpenClPlatforms.entries().isEmpty();
        if (!present) System.err.println("SKIPPED " + testClass + ": " + OpenClPlatforms.unavailableReason());
        Assumptions.assumeTrue(present, () -> "no OpenCL device: " + OpenClPlatforms.unavailableReason());
    }

    /** Adds the task(s) under test to a graph whose outputs (or in-out state) are {@code out}. */
    interface Tasks {
        TaskGraph add(TaskGraph g, float[][] out);
    }

    /**
     * Runs {@code tasks} on {@code device} with copies of {@code outInit} as outputs (NaN-poisoned by the
     * caller, or an initial state), inputs and outputs copied to the device and outputs back on every
     * execution; returns the outputs.
     */
    static float[][] run(String device, float[][] in, float[][] outInit, Tasks tasks) {
        float[][] out = new float[outInit.length][];
        for (int i = 0; i < out.length; i++) out[i] = outInit[i].clone();
        TaskGraph g = new TaskGraph("ea")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, (Object[]) in)
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, (Object[]) out);
        g = tasks.add(g, out).transferToHost(DataTransferMode.EVERY_EXECUTION, (Object[]) out);
        try (ExecutionPlan plan = new ExecutionPlan(g.snapshot()).withDevice(device).withStrict(true)) {
            plan.execute();
            assertEquals(device.contains(":") ? device : device + ":0", plan.device().id());
        }
        return out;
    }

    /** As {@link #run} with the OpenCL chunk length set to {@code chunk} (0: the device default). */
    static float[][] runOpenCl(int chunk, float[][] in, float[][] outInit, Tasks tasks) {
        if (chunk <= 0) return run(OPENCL, in, outInit, tasks);
        String old = System.setProperty(LaunchGeometry.CHUNK_PROPERTY, Integer.toString(chunk));
        try {
            return run(OPENCL, in, outInit, tasks);
        } finally {
            if (old == null) System.clearProperty(LaunchGeometry.CHUNK_PROPERTY);
            else System.setProperty(LaunchGeometry.CHUNK_PROPERTY, old);
        }
    }

    /** Runs on java and on opencl:0 and asserts each output within tol x max(1, max |ref|). */
    static void assertTwinMatches(int chunk, float[][] in, float[][] outInit, Tasks tasks, double tol,
                                  String what, String... names) {
        double[] tols = new double[names.length];
        java.util.Arrays.fill(tols, tol);
        assertTwinMatches(chunk, in, outInit, tasks, tols, what, names);
    }

    /** As above with one tolerance per output. */
    static void assertTwinMatches(int chunk, float[][] in, float[][] outInit, Tasks tasks, double[] tol,
                                  String what, String... names) {
        float[][] ref = run("java", in, outInit, tasks);
        float[][] got = runOpenCl(chunk, in, outInit, tasks);
        for (int i = 0; i < ref.length; i++) {
            if (names[i] == null) continue;
            TestArrays.assertFinite(ref[i], what + " " + names[i] + " (reference)");
            TestArrays.assertClose(ref[i], got[i], tol[i], what + " " + names[i]);
        }
    }

    /** Fresh NaN-filled arrays of the given lengths. */
    static float[][] poisoned(int... lengths) {
        float[][] out = new float[lengths.length][];
        for (int i = 0; i < lengths.length; i++) out[i] = TestArrays.poisoned(lengths[i]);
        return out;
    }
}
