package dev.ea4j.verify;

import dev.ea4j.graph.TaskGraph;

/**
 * One conformance case: a name ({@code Kernels.method} and its sizes), the tolerance on the maximum
 * absolute error relative to {@code max(1, max|reference|)}, and a body that makes the buffers and adds
 * the tasks.
 *
 * @param name e.g. {@code EaSeriesKernels.forward p=6 B=2 L=63 D=60}
 * @param tolerance allowed max |device - reference| / max(1, max|reference|) over every compared array
 * @param body makes the buffers (inputs seeded by the name) and adds the tasks to the graph
 */
public record Case(String name, double tolerance, Body body) {

    /** Builds one run of a case: its buffers, and its tasks over those buffers. */
    @FunctionalInterface
    public interface Body {
        /** Makes the buffers through {@code a} (in order of use) and adds the tasks to {@code g}. */
        void build(Buffers a, TaskGraph g);
    }

    /** The seed of this case's inputs (derived from its name, so every device gets the same inputs). */
    public long seed() {
        return 0x9E3779B97F4A7C15L ^ name.hashCode();
    }
}
