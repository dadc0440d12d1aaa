package dev.ea4j.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ea4j.backend.TaskProfile;
import dev.ea4j.graph.ExecutionPlan;
import dev.ea4j.graph.ExecutionResult;
import dev.ea4j.graph.ProfilerMode;
import dev.ea4j.graph.TaskGraph;
import dev.ea4j.kernels.TestArrays;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs one task graph on the {@code java} reference and on {@code opencl:0} and compares the outputs. The
 * builder is called once per device with a fresh graph; it makes seeded inputs and NaN-poisoned outputs,
 * adds the transfers (inputs EVERY_EXECUTION in, outputs EVERY_EXECUTION out) and the task, and returns
 * the output arrays.
 */
final class OpenClParity {

    /** Adds transfers and tasks to {@code g}; returns the arrays to compare. */
    @FunctionalInterface
    interface Builder {
        float[][] build(TaskGraph g);
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
        return new Outputs(execute("java", "reference", builder), execute("opencl:0", "opencl", builder));
    }

    private static float[][] execute(String device, String implementation, Builder builder) {
        TaskGraph g = new TaskGraph("parity");
        float[][] outputs = builder.build(g);
        try (ExecutionPlan plan = new ExecutionPlan(g.snapshot()).withDevice(device).withStrict(true)
                .withProfiler(ProfilerMode.SILENT)) {
            ExecutionResult r = plan.execute();
            assertEquals(device.contains(":") ? device : device + ":0", plan.device().id());
            for (TaskProfile p : r.profile()) {
                if (!p.implementation().equals("copy")) assertEquals(implementation, p.implementation(), p.taskId());
            }
        }
        return outputs;
    }
}
